// JSON calls with the session cookie and the CSRF header the server expects.
export function csrf() {
  const m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : "";
}

export async function api(method, url, body) {
  const r = await fetch(url, {
    method, credentials: "same-origin",
    headers: { "content-type": "application/json", "accept": "application/json", "x-csrftoken": csrf() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = r.headers.get("content-type")?.includes("json") ? await r.json() : null;
  if (!r.ok) throw new Error(data?.message || `${r.status}`);
  return data;
}
