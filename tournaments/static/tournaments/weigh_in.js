// Weigh-in tablet: pick the athlete, type the weight on the pad (comma or dot) or take it from the
// station's serial scale (arena devices scale), record, see the outcome.
import { api, say, T, fill, told, number } from "./t.js";

const weight = document.getElementById("weight");
const record = document.getElementById("record");
const who = document.getElementById("who");
const outcome = document.getElementById("outcome");
const note = document.getElementById("note");
let entry = null;
let typed = "";
let source = "tablet"; // "scale:<station>" while the pad holds the scale's number, untouched

// ---- the scale station: a settled reading under 10 s old can fill the pad ----------------------
const STATION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,23}$/;
const stationInput = document.getElementById("station");
const scaleBox = document.getElementById("scale-reading");
const scaleWeight = document.getElementById("scale-weight");
const scaleStatus = document.getElementById("scale-status");
let scale = null; // {station, weight} of the fresh reading on show
let polling = false;

function station() {
  const name = stationInput ? stationInput.value.trim() : "";
  return STATION.test(name) ? name.toLowerCase() : "";
}

function showScale(text, reading) {
  scaleStatus.textContent = text;
  scale = reading;
  scaleBox.hidden = !reading;
  scaleWeight.textContent = reading ? `${number(reading.weight)} kg` : "";
}

async function poll() {
  const name = station();
  if (!name || document.hidden || polling) return;
  polling = true;
  try {
    const r = await api("GET", `/api/tournaments/scale/${encodeURIComponent(name)}`);
    if (name !== station()) return; // the station changed while asking
    const fresh = r.reading && r.reading.fresh;
    showScale(fill(fresh ? T.settled : T.settling, { name }),
      fresh ? { station: name, weight: r.reading.pad } : null);
  } catch (e) {
    showScale(fill(T.scaleError, { name, message: e.message }), null);
  } finally {
    polling = false;
  }
}

if (stationInput) {
  stationInput.value = localStorage.getItem("arena.weighin.station") || "";
  stationInput.addEventListener("input", () => {
    const raw = stationInput.value.trim();
    if (raw && !STATION.test(raw)) {
      showScale(T.badStation, null);
      return;
    }
    localStorage.setItem("arena.weighin.station", raw);
    showScale(raw ? fill(T.connecting, { name: raw }) : T.noScale, null);
    poll();
  });
  setInterval(poll, 1000);
  document.addEventListener("visibilitychange", poll);
  poll();
}

document.getElementById("use-scale")?.addEventListener("click", () => {
  if (!scale) return;
  typed = scale.weight;
  show();
  source = `scale:${scale.station}`;
});

const picker = document.getElementById("pick-category");
picker.category.addEventListener("change", () => picker.submit());
document.getElementById("print")?.addEventListener("click", () => window.print());

function show() {
  source = "tablet"; // any change on the pad makes it a typed weight
  weight.textContent = typed ? `${number(typed)} kg` : "";
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
    const r = await api("POST", `/api/tournaments/entries/${entry}/weigh-in`, { weight: typed.replace(".", ","), source });
    outcome.textContent = fill(r.ok ? T.made : T.outOfBand, { weight: number(r.weight) });
    outcome.className = "outcome " + (r.ok ? "ok" : "out");
    note.textContent = [(r.notes ?? []).map(told).join("; ") || r.note, r.suggested ? fill(T.suggested, { name: r.suggested.name }) : ""].filter(Boolean).join(" · ");
    say(T.recorded, true);
    const b = document.querySelector(`button.person[data-entry="${entry}"] .hint`);
    if (b) b.textContent = `${r.ok ? T.ok : T.out} ${number(r.weight)} kg`;
  } catch (e) {
    say(e.message);
  }
});
