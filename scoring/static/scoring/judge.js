// Judge tablet: renders itself from the rule set's input spec; every press gets (epoch, seq) and
// waits in localStorage until the server acknowledges it, so a press made while the socket is
// down is sent on reconnect, in order, and a resend is counted once by the server.
import { FieldStream, el, t, errorText, clockText, remainingMs, label, phaseText } from "./stream.js";

const root = document.getElementById("judge");
const KEY = "arena.judge." + root.dataset.binding;
const store = {
  load() { return JSON.parse(localStorage.getItem(KEY) || "null") || { epoch: newEpoch(), seq: 0, queue: [] }; },
  save(s) { localStorage.setItem(KEY, JSON.stringify(s)); },
};
function newEpoch() { return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8); }

let saved = store.load();
store.save(saved);
let seat = root.dataset.seat;
let state = null;
let sentUpTo = 0; // highest seq written to the current socket
let markValue = "";
let lastError = "";
let lastAck = "";

const stream = new FieldStream("/ws/judge", {
  onStatus(status) {
    document.getElementById("conn").className = "conn " + status;
    document.getElementById("conn").textContent = status === "online" ? t("Đã kết nối", "Online") : t("Mất kết nối — điểm được giữ lại", "Offline — presses are kept");
    sentUpTo = 0;
  },
  onState(s) { state = s; render(); },
  onMessage(msg) {
    if (msg.type === "hello") { seat = msg.seat; }
    if (msg.type === "snapshot") { flush(); }
    if (msg.type === "ack") {
      saved.queue = saved.queue.filter((m) => !(m.epoch === msg.epoch && m.seq === msg.seq));
      store.save(saved);
      lastAck = t("Đã nhận #", "Received #") + msg.seq + (msg.duplicate ? t(" (gửi lại)", " (resent)") : "");
      lastError = "";
      render();
    }
    if (msg.type === "error") {
      if (msg.code === "scoring.seat_not_bound") { location.href = "/judge?unbound=1"; return; }
      // An input the server refuses can never count: drop it from the queue and say why.
      if (msg.seq !== undefined && msg.seq !== null) {
        saved.queue = saved.queue.filter((m) => !(m.epoch === msg.epoch && m.seq === msg.seq));
        store.save(saved);
      }
      lastError = errorText(msg);
      render();
    }
  },
});

function flush() {
  for (const m of saved.queue) {
    if (m.seq > sentUpTo && stream.send(m)) sentUpTo = m.seq;
  }
  render();
}

function submit(message) {
  saved.seq += 1;
  const full = { ...message, epoch: saved.epoch, seq: saved.seq, contest_id: state && state.contest ? state.contest.id : null };
  saved.queue.push(full);
  store.save(saved); // kept before anything is sent
  flush();
}

function buttonsView(input) {
  const sides = ["red", "blue"];
  return el("div", { class: "pads" }, sides.map((side) =>
    el("div", { class: "pad " + side },
      el("div", { class: "pad-title" }, side === "red" ? t("ĐỎ", "RED") : t("XANH", "BLUE")),
      (input.buttons || []).filter((b) => b.side === side).map((b) =>
        el("button", { class: "hit " + side, "data-side": side, "data-value": b.value,
          onclick: () => submit({ type: "press", side, value: b.value, ...(b.code ? { code: b.code } : {}) }) }, b.label ? label(b.label) : ("+" + b.value))))));
}

function marksView(input) {
  // Only the components this seat judges (synchro: E1-E3 judge diver A; a D seat enters D).
  const comps = (input.components || []).filter((c) => !c.seats || c.seats.includes(seat));
  const comp = comps.find((c) => c.name === root.dataset.component) || comps[0] || { name: null, min: input.min, max: input.max, step: input.step };
  const min = parseFloat(comp.min ?? "0"), max = parseFloat(comp.max ?? "10"), step = parseFloat(comp.step || "0.1");
  const values = [];
  for (let v = min; v <= max + 1e-9 && values.length < 201; v += step) values.push(Number(v.toFixed(3)).toString());
  return el("div", { class: "marks" },
    comps.length > 1 ? el("div", { class: "components" }, comps.map((c) =>
      el("button", { class: c.name === comp.name ? "primary" : "", onclick: () => { root.dataset.component = c.name; markValue = ""; render(); } }, label(c.label || c.name)))) : null,
    el("div", { class: "mark-display", id: "mark-display" }, markValue || "–"),
    el("div", { class: "mark-grid" }, values.map((v) => el("button", { class: "mark" + (v === markValue ? " chosen" : ""), "data-mark": v, onclick: () => { markValue = v; render(); } }, v))),
    el("button", { class: "primary big send", disabled: markValue === "" ? "disabled" : null, onclick: () => {
      submit({ type: "mark", value: markValue, ...(comp.name ? { component: comp.name } : {}) }); markValue = ""; } }, t("Gửi điểm", "Send mark")));
}

function cardsView(input) {
  const r = state.envelope ? state.envelope.round : 1;
  const options = input.card_values || ["10", "9", "8", "7"];
  let chosen = { red: null, blue: null };
  const wrap = el("div", { class: "cards" });
  const draw = () => {
    wrap.replaceChildren(...["red", "blue"].map((side) => el("div", { class: "pad " + side },
      el("div", { class: "pad-title" }, side === "red" ? t("ĐỎ", "RED") : t("XANH", "BLUE")),
      options.map((v) => el("button", { class: "hit " + side + (chosen[side] === v ? " chosen" : ""), onclick: () => { chosen[side] = v; draw(); } }, v)))),
      el("button", { class: "primary big send", disabled: chosen.red && chosen.blue ? null : "disabled",
        onclick: () => submit({ type: "card", round: r, red: chosen.red, blue: chosen.blue }) }, t("Gửi phiếu hiệp ", "Send card, round ") + r));
  };
  draw();
  return wrap;
}

function render() {
  const c = state && state.contest;
  const head = document.getElementById("contest");
  const body = document.getElementById("inputs");
  document.getElementById("pending").textContent = saved.queue.length
    ? t(`${saved.queue.length} điểm chờ gửi`, `${saved.queue.length} waiting to be sent`) : t("Không có điểm chờ", "Nothing waiting");
  document.getElementById("ack").textContent = lastAck;
  document.getElementById("err").textContent = lastError;
  if (!c) { head.textContent = t("Chưa có trận trên sàn", "No contest on this field yet"); body.replaceChildren(); return; }
  const names = ["red", "blue", "athlete"].filter((s) => c.sides[s]).map((s) => c.sides[s].name).join(" – ");
  const env = state.envelope || {};
  head.replaceChildren(
    el("strong", {}, `${c.event} · ${c.label || "#" + c.id}`), " ", names, " · ",
    el("span", { class: "badge " + env.phase }, phaseText(env.phase)), env.round ? ` · ${t("Hiệp", "Round")} ${env.round}` : "",
    " · ", el("span", { id: "clock" }, clockText(remainingMs(env.clock, stream.serverNow()))));
  const input = state.input || {};
  const mode = input.mode;
  body.replaceChildren(mode === "buttons" ? buttonsView(input) : mode === "marks" ? marksView(input) : mode === "cards" ? cardsView(input) : el("p", {}, "?"));
}

setInterval(() => {
  const node = document.getElementById("clock");
  if (node && state && state.envelope) node.textContent = clockText(remainingMs(state.envelope.clock, stream.serverNow()));
}, 250);
window.arenaJudge = { get queue() { return saved.queue; }, get state() { return state; } };
stream.connect();
render();
