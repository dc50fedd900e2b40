// Head-referee console: runs the contest on this field, pairs tablets, assigns keypads, corrects.
import { FieldStream, el, t, api, clockText, remainingMs, label, phaseText } from "./stream.js";

const root = document.getElementById("console");
const fop = Number(root.dataset.fop);
let state = null;
const msg = document.getElementById("msg");

function say(text, ok = false) { msg.textContent = text; msg.className = ok ? "ok" : "error"; }

async function run(fn) {
  try { await fn(); say(t("Đã thực hiện", "Done"), true); }
  catch (e) { say(e.message); }
}

const stream = new FieldStream(`/ws/fop/${fop}`, {
  onState(s) { state = s; render(); },
  onStatus(status) {
    const node = document.getElementById("conn");
    node.className = "conn " + status;
    node.textContent = status === "online" ? t("đã kết nối", "online") : t("mất kết nối", "offline");
  },
});

function command(body) {
  return run(() => api("POST", `/api/contests/${state.contest.id}/commands`, body));
}

document.getElementById("current").addEventListener("change", (ev) =>
  run(() => api("PUT", `/api/fops/${fop}/current`, { contest_id: ev.target.value ? Number(ev.target.value) : null })));
// The order of competition picks the next contest: the first ready one of this field's order.
document.getElementById("next-contest").addEventListener("click", () => run(async () => {
  const next = await api("POST", `/api/tournaments/fields/${fop}/next`, {});
  if (next.contest_id === null) throw new Error(t("Chưa có trận nào sẵn sàng trong lịch của sàn này", "No contest of this field's order is ready"));
  const select = document.getElementById("current");
  if (![...select.options].some((o) => Number(o.value) === next.contest_id)) location.reload();
  else select.value = String(next.contest_id);
}));

for (const b of document.querySelectorAll("[data-command]")) {
  b.addEventListener("click", () => command({ command: b.dataset.command }));
}
for (const b of document.querySelectorAll("[data-penalty]")) {
  b.addEventListener("click", () => {
    const code = document.getElementById("penalty-code").value;
    command({ command: "penalty", side: b.dataset.penalty, code });
  });
}
document.getElementById("adjust-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = ev.target;
  command({ command: "adjust", side: f.side.value, delta: f.delta.value, reason: f.reason.value, ...(f.round.value ? { round: Number(f.round.value) } : {}) });
});
document.getElementById("correct-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = ev.target;
  command({ command: "correct", corrects: Number(f.corrects.value), reason: f.reason.value }).then(loadLog);
});
document.getElementById("decide-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = ev.target;
  command({ command: "decide", winner: f.winner.value, method: f.method.value, reason: f.reason.value });
});

async function pairSeat(panelId, seatName) {
  await run(async () => {
    const p = await api("POST", `/api/panels/${panelId}/pairing-codes`, { seat: seatName });
    const box = document.getElementById("pair-" + seatName);
    box.replaceChildren(el("div", { class: "code", "data-code": p.code }, p.code), el("img", { src: p.qr_svg, alt: "QR", width: 140 }),
      el("div", { class: "hint" }, t("Hết hạn: ", "Expires: ") + new Date(p.expires_at).toLocaleTimeString()));
  });
}

async function loadBindings() {
  if (!state || !state.contest) return;
  const panelId = state.input.panel_id;
  const rows = await api("GET", `/api/panels/${panelId}/bindings`);
  const list = document.getElementById("bindings");
  const name = (b) => b.label || t("máy tính bảng", "tablet");
  list.replaceChildren(...rows.map((b) => b.pending
    // A tablet asks to replace the seat's tablet: it takes the seat only when the head referee agrees.
    ? el("li", { class: "pending-binding" }, el("strong", {}, t(`${b.seat}: máy mới «${name(b)}» xin thay máy đang dùng `, `${b.seat}: new tablet "${name(b)}" asks to replace the current one `)),
      el("button", { class: "primary", onclick: () => run(() => api("POST", `/api/bindings/${b.id}/confirm`)).then(loadBindings) }, t("Đồng ý thay", "Replace")),
      " ",
      el("button", { class: "danger", onclick: () => run(() => api("DELETE", `/api/bindings/${b.id}`)).then(loadBindings) }, t("Từ chối", "Refuse")))
    : el("li", {}, `${b.seat} · ${name(b)} `,
      el("button", { class: "danger", onclick: () => run(() => api("DELETE", `/api/bindings/${b.id}`)).then(loadBindings) }, t("Thu hồi", "Revoke")))));
}
setInterval(() => { if (document.visibilityState === "visible") loadBindings().catch(() => {}); }, 5000);

// The event log in words: "J1 · Đỏ · Đá thân +2", "Bắt đầu hiệp 1", "Phạt Xanh · Gam-jeom"; never raw data.
const SIDE_NAMES = { red: ["Đỏ", "Red"], blue: ["Xanh", "Blue"], athlete: ["Vận động viên", "Athlete"] };
function sideName(side) { const n = SIDE_NAMES[side]; return n ? t(n[0], n[1]) : (side || ""); }
function signed(v) { const s = String(v ?? ""); return s.startsWith("-") || s.startsWith("+") ? s : "+" + s; }
function shownNumber(v) { return t(String(v ?? "").replace(".", ","), String(v ?? "")); }
function methodName(method) { return method ? label(method) : ""; }  // the page's labels: "withdrawal" -> "bỏ cuộc"
function buttonFor(d) {
  const buttons = (state.input && state.input.buttons) || [];
  return buttons.find((b) => b.side === d.side && (d.code ? b.code === d.code : Number(b.value) === Number(d.value)));
}
function penaltyName(code) {
  const p = ((state.input && state.input.penalties) || []).find((x) => x.code === code);
  return p ? label(p.label || p.code) : code;
}
function componentName(name) {
  const c = ((state.input && state.input.components) || []).find((x) => x.name === name);
  return c ? label(c.label || c.name) : (name || "");
}
function withReason(text, reason) { return reason ? `${text} · ${reason}` : text; }
const PLAIN = {
  contest_created: ["Tạo trận", "Contest created"], contest_started: ["Bắt đầu trận", "Contest started"],
  clock_started: ["Bấm giờ", "Clock started"], clock_paused: ["Dừng giờ", "Clock paused"],
  contest_ended: ["Kết thúc trận", "Contest ended"],
};
export function logLine(kind, d) {
  if (PLAIN[kind]) return t(...PLAIN[kind]);
  switch (kind) {
    case "round_started": return `${t("Bắt đầu hiệp", "Round")} ${d.round}${t("", " started")}`;
    case "round_ended": return `${t("Kết thúc hiệp", "Round")} ${d.round}${t("", " ended")}`;
    case "clock_set": return `${t("Chỉnh đồng hồ", "Clock set to")} ${clockText(d.remaining_ms)}`;
    case "press": {
      const b = buttonFor(d);
      const late = d.pressed_at ? `${t("bấm trễ, lúc", "late, pressed at")} ${venueTime(d.pressed_at)}` : "";
      return [d.seat, sideName(d.side), `${b ? label(b.label) : t("Điểm", "Point")} ${signed(shownNumber(d.value ?? (b && b.value)))}`, late].filter(Boolean).join(" · ");
    }
    case "mark": return [d.seat, componentName(d.component), shownNumber(d.value)].filter(Boolean).join(" · ");
    case "card": return `${d.seat} · ${t("Phiếu điểm hiệp", "Card, round")} ${d.round}: ${sideName("red")} ${d.red} – ${sideName("blue")} ${d.blue}`;
    case "penalty": return `${t("Phạt", "Penalty")} ${sideName(d.side)} · ${penaltyName(d.code)}`;
    case "score_adjusted": return withReason(`${t("Điều chỉnh điểm", "Score adjusted")} ${sideName(d.side)} ${signed(shownNumber(d.delta))}${d.round ? ` (${t("hiệp", "round")} ${d.round})` : ""}`, d.reason);
    case "correction": return withReason(`${t("Huỷ sự kiện số", "Voided event")} ${d.corrects}`, d.reason);
    case "decision": return withReason(`${t("Công bố thắng", "Winner declared")}: ${sideName(d.winner)} · ${methodName(d.method)}`, d.reason);
    case "appeal_opened": return `${t("Khiếu nại số", "Appeal")} ${d.appeal_id}: ${t("bắt đầu xem xét", "under review")}`;
    case "appeal_closed": return `${t("Khiếu nại số", "Appeal")} ${d.appeal_id}: ${t("đã có kết quả", "closed")}`;
    case "panel_score": return t("Điểm công bố của tổ giám định", "Published panel score");
    default: return t("Sự kiện khác của trận", "Other contest event");
  }
}

async function loadLog() {
  if (!state || !state.contest) return;
  const rows = await api("GET", `/api/contests/${state.contest.id}/log`);
  document.getElementById("log").replaceChildren(...rows.slice(-30).reverse().map((r) =>
    el("tr", { "data-seq": r.seq }, el("td", {}, r.seq), el("td", { class: "log-line" }, logLine(r.kind, r.data || {})), el("td", {}, String(r.actor || "").replace(/^seat:/, "")))));  // a tablet's press: its seat
}

// Times as the venue reads them (Asia/Ho_Chi_Minh), whatever the browser's zone.
function venueTime(iso) {
  return new Date(iso).toLocaleTimeString(t("vi-VN", "en-GB"), { timeZone: "Asia/Ho_Chi_Minh", hour12: false });
}
const LINK_STATES = { connected: ["đã kết nối", "connected"], disconnected: ["mất kết nối", "disconnected"] };
// Why a late keypad press does not count (the rule set's or the hub's reason code).
const LATE_REASONS = {
  round_over: ["hiệp đấu đã kết thúc khi tín hiệu đến", "the round had ended when it arrived"],
  between_rounds: ["bấm giữa hai hiệp", "pressed between rounds"],
  before_start: ["bấm trước khi trận bắt đầu", "pressed before the contest started"],
  contest_over: ["trận đã kết thúc khi tín hiệu đến", "the contest had ended when it arrived"],
};
export function lateLine(p) {
  const reason = LATE_REASONS[p.reason];
  const what = [p.seat, sideName(p.side), p.value != null ? signed(shownNumber(p.value)) : "", p.pressed_at ? `${t("lúc", "at")} ${venueTime(p.pressed_at)}` : ""];
  return `${t("Bấm trễ, không tính", "Late press, not counted")}: ${what.filter(Boolean).join(" · ")} · ${reason ? t(...reason) : t("không rõ lý do", "no reason given")}`;
}

function renderDevices() {
  const panelId = state.input ? state.input.panel_id : null;
  const seats = (state.input && state.input.seats) || [];
  const devices = Object.entries(state.devices || {});
  const linkState = (s) => (LINK_STATES[s] ? t(...LINK_STATES[s]) : t("chưa rõ", "unknown"));
  document.getElementById("devices").replaceChildren(...devices.map(([id, d]) => el("tr", { "data-device": id },
    el("td", {}, id), el("td", { class: d.state === "connected" ? "ok" : "error" }, linkState(d.state)),
    el("td", {}, d.battery ?? "–"), el("td", { class: "lost" }, d.lost ?? "–"), el("td", {}, d.seat || "–"),
    // The bridge (laptop account) this keypad belongs to; another bridge's reports are refused.
    el("td", { class: "bridge" }, d.bridge === "@server" ? t("máy chủ", "server") : (d.bridge || "–"), " ",
      el("button", { class: "danger", title: t("Cho phép cầu nối khác nhận bàn phím này", "Let another bridge take this keypad"),
        onclick: () => run(() => api("DELETE", `/api/devices/${encodeURIComponent(id)}/bridge`)) }, t("Gỡ khỏi cầu nối", "Release"))))));
  document.getElementById("late").replaceChildren(...(state.late || []).slice().reverse().map((p) => el("li", { class: "error late-press" }, lateLine(p))));
  const form = document.getElementById("assign-form");
  form.seat.replaceChildren(...seats.map((s) => el("option", { value: s }, s)));
  form.onsubmit = (ev) => { ev.preventDefault(); run(() => api("PUT", `/api/devices/${encodeURIComponent(form.device.value)}/assignment`, { panel_id: panelId, seat: form.seat.value })); };
}

function render() {
  const c = state.contest;
  const env = state.envelope || {};
  const info = document.getElementById("state");
  if (!c) { info.textContent = t("Chưa chọn trận", "No contest selected"); return; }
  const score = state.score || { sides: {} };
  info.replaceChildren(...[
    el("strong", {}, `${c.event} · ${c.label || "#" + c.id}`), " · ",
    el("span", { class: "badge " + env.phase, id: "phase" }, phaseText(env.phase)), ` · ${t("Hiệp", "Round")} ${env.round} · `,
    el("span", { id: "clock" }, clockText(remainingMs(env.clock, stream.serverNow()))),
    env.under_review ? el("span", { class: "badge review" }, t("Đang xem xét", "Under review")) : null,
    el("div", { class: "scores" }, Object.entries(score.sides || {}).map(([side, s]) =>
      el("span", { class: "side-score " + side }, `${(c.sides[side] || {}).name || side}: ${s.total} (${t("phạt", "pen.")} ${s.penalties})`))),
    score.winner ? el("div", {}, t("Thắng: ", "Winner: "), (c.sides[score.winner] || {}).name || sideName(score.winner), " · ", methodName(score.method)) : null,
  ].filter(Boolean));
  const seats = document.getElementById("seats");
  if (seats.dataset.for !== String(c.id)) {
    seats.dataset.for = String(c.id);
    seats.replaceChildren(...((state.input && state.input.seats) || []).map((s) => el("div", { class: "seat" },
      el("strong", {}, s), " ", el("button", { onclick: () => pairSeat(state.input.panel_id, s) }, t("Mã ghép nối", "Pairing code")),
      el("div", { id: "pair-" + s }))));
    loadBindings();
  }
  const penalties = (state.input && state.input.penalties) || [];
  const select = document.getElementById("penalty-code");
  if (select.dataset.for !== String(c.id)) {
    select.dataset.for = String(c.id);
    select.replaceChildren(...penalties.map((p) => el("option", { value: p.code }, label(p.label || p.code))));
  }
  renderDevices();
  loadBindings();
  loadLog();
}

setInterval(() => {
  const node = document.getElementById("clock");
  if (node && state && state.envelope) node.textContent = clockText(remainingMs(state.envelope.clock, stream.serverNow()));
}, 250);
stream.connect();
