// JSON calls with the session cookie and the CSRF header the server expects (one client for every page).
export { api, csrfToken as csrf } from "/static/base/api.js";
