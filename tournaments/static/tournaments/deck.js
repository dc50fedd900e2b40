// The marshal's on-deck board: now, next, get ready; refreshed every 10 s from the public API.
import { T, matchText } from "./t.js";

const root = document.getElementById("deck");
const box = document.getElementById("deck-rows");

function render(bouts) {
  box.replaceChildren();
  if (!bouts.length) {
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = T.none;
    box.append(p);
    return;
  }
  bouts.forEach((d, i) => {
    const row = document.createElement("div");
    row.className = "deck-row" + (i === 0 ? " now" : "");
    const tag = document.createElement("span");
    tag.className = "tag";
    const at = d.estimated || d.planned;
    tag.textContent = (T.tags[i] || T.later) + (at ? ` · ${at}` : "");
    const what = document.createElement("span");
    what.textContent = `${d.category} · ${matchText(d.label_parts, d.label)}`;
    const vs = document.createElement("span");
    vs.className = "vs";
    const red = d.red_waiting ? T.waiting : d.red;
    const blue = d.blue_waiting ? T.waiting : d.blue;
    vs.textContent = blue ? `${red} — ${blue}` : red;
    row.append(tag, what, document.createElement("br"), vs);
    box.append(row);
  });
}

async function refresh() {
  try {
    const res = await fetch(`/api/tournaments/fields/${root.dataset.fop}/deck`, { headers: { accept: "application/json" } });
    if (res.ok) render((await res.json()).bouts);
  } catch { /* keep the last list on a network hiccup */ }
}

setInterval(refresh, 10_000);
