// A category's entry list for the manager: decisions, seeds, check-in, closing, commitment, draw.
import { api, act, say, T, fill } from "./t.js";

const root = document.getElementById("category");
const cat = root.dataset.category;
const base = "/api/tournaments";

document.getElementById("close-list")?.addEventListener("click", () =>
  act(() => api("POST", `${base}/categories/${cat}/status`, { status: "closed" }), { done: T.closed }));
document.getElementById("reopen-list")?.addEventListener("click", () =>
  act(() => api("POST", `${base}/categories/${cat}/status`, { status: "open" }), { done: T.reopened }));
document.getElementById("commit")?.addEventListener("click", () =>
  act(() => api("POST", `${base}/categories/${cat}/commitment`), { done: T.committed }));
document.getElementById("draw-form")?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  act(() => api("POST", `${base}/categories/${cat}/draw`, { witness: ev.target.witness.value }), { done: T.drawn });
});

for (const row of document.querySelectorAll("tr.entry")) {
  const id = row.dataset.entry;
  row.querySelector(".approve")?.addEventListener("click", () =>
    act(() => api("POST", `${base}/entries/${id}/decision`, { approve: true }), { done: T.approved }));
  row.querySelector(".refuse")?.addEventListener("click", () => {
    const reason = row.querySelector(".refuse-reason").value.trim();
    if (!reason) { say(T.needRefuseReason); return; }
    act(() => api("POST", `${base}/entries/${id}/decision`, { approve: false, reason }), { done: T.refused });
  });
  row.querySelector(".save-seed")?.addEventListener("click", () => {
    const v = row.querySelector("input.seed").value;
    act(() => api("PUT", `${base}/entries/${id}/seed`, { seed: v === "" ? null : Number(v) }), { done: T.seedSaved, reload: false });
  });
  row.querySelector(".check-in")?.addEventListener("change", (ev) =>
    act(() => api("POST", `${base}/entries/${id}/check-in`, { present: ev.target.checked }), { done: T.checkedIn, reload: false }));
}

// A judged athlete's program (a diver's dives): one item per part, saved row by row.
for (const row of document.querySelectorAll("tr.program")) {
  row.querySelector(".save-program")?.addEventListener("click", () => {
    const items = [...row.querySelectorAll("td.part")].map((cell) => {
      const item = { code: cell.querySelector("input.code")?.value.trim() ?? "" };
      for (const input of cell.querySelectorAll("input.param")) item[input.dataset.name] = input.value.trim();
      return item;
    });
    act(() => api("PUT", `${base}/entries/${row.dataset.entry}/program`, { items }),
      { done: fill(T.programSaved, { name: row.querySelector("strong").textContent }), reload: false, id: "program-msg" });
  });
}
