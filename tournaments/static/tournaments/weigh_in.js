// Weigh-in tablet: pick the athlete, type the weight on the pad (comma or dot), record, see the outcome.
import { api, say } from "./t.js";

const weight = document.getElementById("weight");
const record = document.getElementById("record");
const who = document.getElementById("who");
const outcome = document.getElementById("outcome");
const note = document.getElementById("note");
let entry = null;
let typed = "";

const picker = document.getElementById("pick-category");
picker.category.addEventListener("change", () => picker.submit());
document.getElementById("print")?.addEventListener("click", () => window.print());

function show() {
  weight.textContent = typed ? `${typed} kg` : "";
  if (record) record.disabled = !(entry && typed);
}

document.getElementById("find")?.addEventListener("input", (ev) => {
  const q = ev.target.value.trim().toLowerCase();
  for (const li of document.querySelectorAll("#people li[data-search]")) {
    const s = li.dataset.search;
    li.hidden = q !== "" && !(s.split(" ")[0] === q || s.includes(q));
  }
});

for (const b of document.querySelectorAll("button.person")) {
  b.addEventListener("click", () => {
    for (const o of document.querySelectorAll("button.person")) o.setAttribute("aria-pressed", "false");
    b.setAttribute("aria-pressed", "true");
    entry = b.dataset.entry;
    who.textContent = b.dataset.name;
    who.className = "";
    typed = "";
    outcome.textContent = "";
    note.textContent = "";
    show();
  });
}

for (const b of document.querySelectorAll("#pad button")) {
  b.addEventListener("click", () => {
    const k = b.dataset.key;
    if (k === "⌫") typed = typed.slice(0, -1);
    else if (k === ",") { if (!typed.includes(",")) typed += typed ? "," : "0,"; }
    else if (typed.length < 7) typed += k;
    show();
  });
}
document.addEventListener("keydown", (ev) => {
  if (!record || ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT") return;
  if (/^[0-9]$/.test(ev.key)) typed += ev.key;
  else if (ev.key === "," || ev.key === ".") { if (!typed.includes(",")) typed += typed ? "," : "0,"; }
  else if (ev.key === "Backspace") typed = typed.slice(0, -1);
  else return;
  show();
});

record?.addEventListener("click", async () => {
  try {
    const r = await api("POST", `/api/tournaments/entries/${entry}/weigh-in`, { weight: typed.replace(".", ",") });
    outcome.textContent = r.ok ? `Đạt — ${r.weight} kg` : `Ngoài hạng cân — ${r.weight} kg`;
    outcome.className = "outcome " + (r.ok ? "ok" : "out");
    note.textContent = [r.note, r.suggested ? `Hạng gợi ý: ${r.suggested.name}` : ""].filter(Boolean).join(" · ");
    say("Đã ghi cân", true);
    const b = document.querySelector(`button.person[data-entry="${entry}"] .hint`);
    if (b) b.textContent = `${r.ok ? "đạt" : "ngoài hạng cân"} ${r.weight} kg`;
  } catch (e) {
    say(e.message);
  }
});
