// The one JSON client of every page: the session cookie, the CSRF header the server expects, and
// the server's Vietnamese message on a refusal (the error keeps the whole answer as `data`).
export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : "";
}

export async function api(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", "x-csrftoken": csrfToken(), accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    const err = new Error((data && (data.message || data.detail)) || `Lỗi ${res.status}`);
    err.data = data;
    throw err;
  }
  return data;
}
