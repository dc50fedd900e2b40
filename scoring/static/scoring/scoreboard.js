// Scoreboard: full screen, readable from 10 m. Shows clock, round, scores, penalties, review, winner.
import { FieldStream, el, t, clockText, remainingMs, label } from "./stream.js";

const root = document.getElementById("board");
const fop = root.dataset.fop;
let state = null;

const stream = new FieldStream(`/ws/fop/${fop}`, {
  onState(s) { state = s; render(); },
  onStatus(status) { root.dataset.conn = status; document.getElementById("conn").className = "conn " + status; },
});

function side(c, score, name) {
  const info = c.sides[name] || {};
  const s = (score && score.sides && score.sides[name]) || {};
  return el("div", { class: "side " + name },
    el("div", { class: "name" }, info.name || "—"),
    el("div", { class: "team" }, [info.team, info.nation].filter(Boolean).join(" · ")),
    el("div", { class: "score", "data-side": name }, s.total ?? "–"),
    el("div", { class: "pen" }, t("Phạt: ", "Penalties: "), el("span", { "data-penalties": name }, s.penalties ?? "0")),
    s.detail && s.detail.rounds_won !== undefined ? el("div", { class: "pen" }, t("Hiệp thắng: ", "Rounds won: "), s.detail.rounds_won) : null);
}

// A judged performance (a dive, a routine): its parameters, then every judge's mark as they come.
function performance(c, score, input) {
  const params = Object.entries(c.params || {}).map(([k, v]) => (k === "dd" ? `DD ${v}` : v)).join(" · ");
  const side = score && score.sides && Object.values(score.sides)[0];
  const marks = (side && side.detail && side.detail.marks) || {};
  const seats = input.seats || [];
  const given = Object.values(marks).reduce((n, m) => n + Object.keys(m).length, 0);
  return el("div", { class: "middle" },
    el("div", { class: "round" }, params),
    el("div", { class: "marks-row" }, Object.entries(marks).flatMap(([comp, m]) =>
      Object.entries(m).map(([seat, v]) => el("span", { class: "mark-cell", "data-seat": seat }, el("small", {}, seat), v)))),
    el("div", { class: "phase" }, `${given} / ${seats.length} ${t("điểm giám khảo", "judges' marks")}`));
}

function render() {
  if (!state) return;
  const c = state.contest;
  const env = state.envelope || {};
  const score = state.score;
  document.getElementById("fop-name").textContent = state.fop.name;
  const main = document.getElementById("main");
  if (!c) { main.replaceChildren(el("div", { class: "idle" }, t("Chưa có trận", "No contest"))); return; }
  const sides = ["red", "blue"].filter((n) => c.sides[n]);
  const bout = sides.length === 2;
  const judged = state.input && state.input.mode === "marks";
  const winner = score && score.winner;
  main.replaceChildren(...[
    el("div", { class: "title" }, `${c.event} · ${c.label || "#" + c.id}`),
    env.under_review ? el("div", { class: "review", id: "review" }, t("ĐANG XEM XÉT KHIẾU NẠI", "UNDER REVIEW")) : null,
    el("div", { class: judged ? "row perf" : "row" },
      bout ? side(c, score, "red") : side(c, score, c.sides.red ? "red" : "athlete"),
      judged ? performance(c, score, state.input) : el("div", { class: "middle" },
        el("div", { class: "clock", id: "clock" }, clockText(remainingMs(env.clock, stream.serverNow()))),
        env.round ? el("div", { class: "round" }, `${t("Hiệp", "Round")} ${env.round}`) : null,
        el("div", { class: "phase" }, env.phase === "ended" ? t("Kết thúc", "Final") : "")),
      bout ? side(c, score, "blue") : null),
    winner ? el("div", { class: "winner " + winner }, t("Thắng: ", "Winner: ") + ((c.sides[winner] || {}).name || winner) + (score.method ? ` (${label(score.method)})` : "")) : null,
  ].filter(Boolean));
}

setInterval(() => {
  const node = document.getElementById("clock");
  if (node && state && state.envelope) node.textContent = clockText(remainingMs(state.envelope.clock, stream.serverNow()));
}, 200);
window.arenaBoard = { get state() { return state; } };
stream.connect();

// The on-deck strip: the next two contests of this field's order (a field without an order shows none).
async function refreshDeck() {
  const strip = document.getElementById("deck");
  try {
    const r = await fetch(`/api/tournaments/fields/${fop}/deck`, { headers: { accept: "application/json" } });
    if (!r.ok) { strip.textContent = ""; return; }
    const deck = await r.json();
    const waiting = deck.bouts.filter((b) => b.status !== "running").slice(0, 2);
    strip.replaceChildren(...waiting.flatMap((b, i) => {
      const head = document.createElement("b");
      head.textContent = (i === 0 ? t("Tiếp theo", "Next") : t("Chuẩn bị", "Get ready")) + (b.estimated ? ` ${b.estimated}` : "") + ": ";
      const text = document.createTextNode(`${b.category} · ${b.label} · ${b.red}${b.blue ? " – " + b.blue : ""}   `);
      return [head, text];
    }));
  } catch { /* the scoreboard keeps scoring when the order cannot be read */ }
}
refreshDeck();
setInterval(refreshDeck, 15000);
