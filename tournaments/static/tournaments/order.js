// The manager's order of competition: sessions per field, planning, moving a bout (preview, then confirm).
import { api, act, say, T, fill, told, boutText } from "./t.js";

const root = document.getElementById("order");
const comp = root.dataset.competition;
const offset = root.dataset.offset; // the venue's UTC offset, e.g. +07:00
const at = (local) => `${local.length === 16 ? local + ":00" : local}${offset}`;

document.getElementById("session-form")?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = ev.target;
  act(() => api("POST", `/api/tournaments/competitions/${comp}/sessions`, {
    fop_id: Number(f.fop_id.value), name: f.name.value, starts_at: at(f.starts.value), ends_at: at(f.ends.value),
  }), { done: T.sessionAdded });
});

document.getElementById("plan").addEventListener("click", async () => {
  const box = document.getElementById("plan-result");
  try {
    const r = await api("POST", `/api/tournaments/competitions/${comp}/plan`);
    box.replaceChildren();
    const p = document.createElement("p");
    p.className = "ok";
    p.textContent = fill(T.placed, { n: r.placed }) + (r.unplaced.length ? " " + fill(T.unplaced, { n: r.unplaced.length }) : "");
    box.append(p);
    if (r.unplaced.length) {
      const ul = document.createElement("ul");
      for (const u of r.unplaced) { const li = document.createElement("li"); li.textContent = `${boutText(u.named)}: ${told(u.said)}`; ul.append(li); }
      box.append(ul);
    }
    const again = document.createElement("a");
    again.href = window.location.pathname;
    again.textContent = T.seeOrder;
    box.append(again);
  } catch (e) { say(e.message); }
});

for (const form of document.querySelectorAll(".move-form")) {
  const preview = form.querySelector(".preview");
  const body = () => ({ fop_id: Number(form.fop_id.value), position: Number(form.position.value), reason: form.reason.value });
  let previewed = null; // the move shown and the digest of the plan it was shown on: confirming applies exactly that
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const asked = body();
      const r = await api("POST", `/api/tournaments/bouts/${form.dataset.bout}/move`, { ...asked, apply: false });
      previewed = { fop_id: asked.fop_id, position: asked.position, digest: r.digest };
      const ul = form.querySelector(".changes");
      ul.replaceChildren();
      for (const c of r.changes_said) { const li = document.createElement("li"); li.textContent = told(c); ul.append(li); }
      for (const c of r.conflicts_said) { const li = document.createElement("li"); li.className = "error"; li.textContent = told(c); ul.append(li); }
      if (!r.changes.length && !r.conflicts.length) { const li = document.createElement("li"); li.textContent = T.noChange; ul.append(li); }
      preview.hidden = false;
      form.querySelector(".confirm").disabled = r.conflicts.length > 0;
    } catch (e) { say(e.message); }
  });
  form.querySelector(".confirm").addEventListener("click", () => {
    if (!form.reason.value.trim()) { say(T.needReason); return; }
    const now = body();
    if (!previewed || previewed.fop_id !== now.fop_id || previewed.position !== now.position) { say(T.previewAgain); return; }
    act(() => api("POST", `/api/tournaments/bouts/${form.dataset.bout}/move`, { ...now, apply: true, preview: previewed.digest }), { done: T.moved });
  });
}
