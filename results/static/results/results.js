// Results pages: while an event runs, the standings refresh themselves (the server recomputes them
// from the contests' results); the manager's settings form saves through the JSON API.
import { api, act, csrfToken, T, fill } from "/static/tournaments/t.js";

const live = document.getElementById("live");
const EVERY_MS = 15000;

async function refresh() {
  if (!live || live.dataset.live !== "1" || document.hidden) return;
  try {
    const res = await fetch(location.href, { headers: { accept: "text/html" } });
    if (!res.ok) return;
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const fresh = doc.getElementById("live");
    if (fresh && fresh.innerHTML !== live.innerHTML) {
      live.replaceChildren(...fresh.childNodes);
      live.dataset.live = fresh.dataset.live;
    }
  } catch {
    // offline for a moment: the next round tries again
  }
}
if (live && live.dataset.live === "1") setInterval(refresh, EVERY_MS);

const form = document.getElementById("settings");
form?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  act(() => api("PUT", `/api/results/competitions/${form.dataset.competition}/settings`, {
    organiser: form.organiser.value, order: form.order.value, points: form.points.value, count_by: form.count_by?.value,
  }), { done: T.saved });
});

const sign = document.getElementById("sign");
sign?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  act(() => api("POST", `/api/results/categories/${sign.dataset.category}/sign`, { pin: sign.pin.value }), { done: T.signed });
});

const upload = document.getElementById("upload-signed");
upload?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const file = upload.file.files[0];
  if (!file) return;
  act(async () => {
    const res = await fetch(`/api/results/categories/${upload.dataset.category}/signed`, {
      method: "POST", body: file, headers: { "content-type": "application/pdf", "x-csrftoken": csrfToken(), accept: "application/json" },
    });
    const data = await res.json();
    if (!res.ok) throw new Error(data.message || fill(T.error, { status: res.status }));
    return data;
  }, { done: T.received });
});
