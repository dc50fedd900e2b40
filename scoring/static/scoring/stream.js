// A field-of-play stream: snapshot on connect, numbered deltas after; a gap or a new server
// stream asks for a fresh snapshot. Reconnects quickly (0.5 s, backing off to 5 s).
export class FieldStream {
  constructor(path, { onState = () => {}, onStatus = () => {}, onMessage = () => {} } = {}) {
    this.path = path;
    this.onState = onState;
    this.onStatus = onStatus;
    this.onMessage = onMessage;
    this.state = null;
    this.seq = -1;
    this.stream = null;
    this.offset = 0; // server time minus local time, ms
    this.delay = 500;
    this.ws = null;
    this.closed = false;
    this.full = null; // the server's "too many viewers" message, read when it closes the socket
  }

  connect() {
    const proto = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${proto}://${location.host}${this.path}`);
    this.ws = ws;
    ws.onopen = () => { this.delay = 500; this.notice(""); this.onStatus("online"); };
    ws.onmessage = (ev) => this.receive(JSON.parse(ev.data));
    ws.onclose = (ev) => {
      if (this.closed) return;
      if (ev.code === 1013 && this.full) {
        // The field has as many viewers as it takes: wait what the server said, spread out so
        // that a crowd refused together does not come back together.
        const wait = (this.full.retry_after || 30) * 1000 * (1 + Math.random());
        this.onStatus("full", errorText(this.full));
        this.notice(errorText(this.full));
        this.full = null;
        setTimeout(() => this.connect(), wait);
        return;
      }
      this.onStatus("offline");
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 5000);
    };
    ws.onerror = () => ws.close();
  }

  // One line at the top of the page while the field is full; gone once the socket opens.
  notice(text) {
    let node = document.getElementById("stream-notice");
    if (!text) { if (node) node.remove(); return; }
    if (!node) {
      node = document.createElement("p");
      node.id = "stream-notice";
      node.className = "error";
      node.setAttribute("role", "status");
      document.body.prepend(node);
    }
    node.textContent = text;
  }

  get open() { return this.ws && this.ws.readyState === WebSocket.OPEN; }

  send(message) {
    if (!this.open) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  syncClock(serverNow) {
    if (serverNow) this.offset = Date.parse(serverNow) - Date.now();
  }

  serverNow() { return Date.now() + this.offset; }

  receive(msg) {
    if (msg.type === "error" && msg.code === "scoring.spectators_full") {
      this.full = msg;
      return;
    }
    if (msg.type === "snapshot") {
      this.stream = msg.stream;
      this.seq = msg.seq;
      this.state = msg.state;
      this.syncClock(msg.server_now);
      this.onState(this.state, msg);
      this.onMessage(msg);
      return;
    }
    if (msg.type === "delta") {
      if (this.state === null || msg.stream !== this.stream || msg.seq > this.seq + 1) {
        this.send({ type: "snapshot" });
        return;
      }
      if (msg.seq <= this.seq) return; // already in the snapshot
      this.seq = msg.seq;
      this.state = { ...this.state, ...msg.changes };
      this.syncClock(msg.server_now);
      this.onState(this.state, msg);
      return;
    }
    this.onMessage(msg);
  }
}

export function remainingMs(clock, serverNow) {
  if (!clock) return 0;
  if (!clock.running || !clock.since) return clock.remaining_ms;
  return Math.max(0, clock.remaining_ms - (serverNow - Date.parse(clock.since)));
}

export function clockText(ms) {
  const total = Math.ceil(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

export { api, csrfToken } from "/static/base/api.js";

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export const LANG = document.documentElement.lang || "vi";
export function t(vi, en) { return LANG === "vi" ? vi : en; }
export function errorText(msg) { return LANG === "vi" ? msg.message : (msg.message_en || msg.message); }

// The rule set's labels come as a JSON data block (no inline script, so the pages keep a strict CSP).
let LABELS = null;
function labels() {
  if (LABELS === null) {
    const block = document.getElementById("labels");
    LABELS = block ? JSON.parse(block.textContent) : {};
  }
  return LABELS;
}
export function label(text) { return labels()[text] || text; }

const PHASES = {
  scheduled: ["Chưa bắt đầu", "Not started"],
  ready: ["Giữa hiệp", "Between rounds"],
  round: ["Dừng giờ", "Time stopped"],
  clock: ["Đang thi đấu", "Running"],
  ended: ["Kết thúc", "Ended"],
};
export function phaseText(phase) { const p = PHASES[phase]; return p ? t(p[0], p[1]) : (phase || ""); }
