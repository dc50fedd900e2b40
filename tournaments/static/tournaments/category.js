// A category's entry list for the manager: decisions, seeds, check-in, closing, commitment, draw.
import { api, act, say } from "./t.js";

const root = document.getElementById("category");
const cat = root.dataset.category;
const base = "/api/tournaments";

document.getElementById("close-list")?.addEventListener("click", () =>
  act(() => api("POST", `${base}/categories/${cat}/status`, { status: "closed" }), { done: "Đã chốt danh sách" }));
document.getElementById("reopen-list")?.addEventListener("click", () =>
  act(() => api("POST", `${base}/categories/${cat}/status`, { status: "open" }), { done: "Đã mở lại đăng ký" }));
document.getElementById("commit")?.addEventListener("click", () =>
  act(() => api("POST", `${base}/categories/${cat}/commitment`), { done: "Đã công bố mã cam kết" }));
document.getElementById("draw-form")?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  act(() => api("POST", `${base}/categories/${cat}/draw`, { witness: ev.target.witness.value }), { done: "Đã bốc thăm" });
});

for (const row of document.querySelectorAll("tr.entry")) {
  const id = row.dataset.entry;
  row.querySelector(".approve")?.addEventListener("click", () =>
    act(() => api("POST", `${base}/entries/${id}/decision`, { approve: true }), { done: "Đã duyệt" }));
  row.querySelector(".refuse")?.addEventListener("click", () => {
    const reason = row.querySelector(".refuse-reason").value.trim();
    if (!reason) { say("Cần ghi lý do từ chối"); return; }
    act(() => api("POST", `${base}/entries/${id}/decision`, { approve: false, reason }), { done: "Đã từ chối" });
  });
  row.querySelector(".save-seed")?.addEventListener("click", () => {
    const v = row.querySelector("input.seed").value;
    act(() => api("PUT", `${base}/entries/${id}/seed`, { seed: v === "" ? null : Number(v) }), { done: "Đã lưu hạt giống", reload: false });
  });
  row.querySelector(".check-in")?.addEventListener("change", (ev) =>
    act(() => api("POST", `${base}/entries/${id}/check-in`, { present: ev.target.checked }), { done: "Đã ghi có mặt", reload: false }));
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
      { done: "Đã lưu danh sách bài của " + row.querySelector("strong").textContent, reload: false, id: "program-msg" });
  });
}
