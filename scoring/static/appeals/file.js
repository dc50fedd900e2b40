// Filing page: the contest's latest actions, kept live over the field socket (/ws/fop/{id}: a
// snapshot, then numbered deltas; every new log event changes the view's "head", and the page then
// asks for the action list again). Filing is three taps: the action, what to review, "Gửi".
import { api } from "./api.js";
import { FieldStream } from "/static/scoring/stream.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
const form = document.getElementById("appeal-form");
const list = document.getElementById("actions");
const none = document.getElementById("no-actions");
const errorBox = document.getElementById("form-error");
const text = (id) => document.getElementById(id).content.textContent.trim();

let actions = boot.actions;
let stream = null;

function now() { return stream ? stream.serverNow() : Date.now(); }

function leftText(a) {
  const left = Math.ceil((Date.parse(a.at) + boot.window_s * 1000 - now()) / 1000);
  return left > 0 ? `${left} ${text("t-left")}` : text("t-late");
}

function render() {
  const chosen = form.querySelector("input[name=action_seq]:checked")?.value || "";
  list.replaceChildren(...actions.map((a) => {
    const label = document.createElement("label");
    label.className = `choice action kind-${a.kind}${a.side ? ` side-${a.side}` : ""}${a.not_reviewable ? " excluded" : ""}`;
    label.setAttribute("role", "listitem");
    label.dataset.seq = a.seq;
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "action_seq";
    input.value = String(a.seq);
    input.checked = String(a.seq) === chosen;
    const body = document.createElement("span");
    const head = document.createElement("span");
    head.className = "what";
    head.textContent = [`#${a.seq}`, a.kind_text, a.side_text, a.detail].filter(Boolean).join(" · ");
    const left = document.createElement("small");
    left.className = "left muted";
    left.dataset.at = a.at;
    left.textContent = leftText(a);
    body.append(head, " ", left);
    if (a.not_reviewable) {
      const note = document.createElement("small");
      note.className = "note";
      note.textContent = `${text("t-not-reviewable")}: ${a.not_reviewable.label} (${a.not_reviewable.source})`;
      body.append(document.createElement("br"), note);
    }
    label.append(input, body);
    return label;
  }));
  none.hidden = actions.length > 0;
}

function tick() {
  for (const small of list.querySelectorAll("small.left")) {
    small.textContent = leftText({ at: small.dataset.at });
  }
}

let asked = null;
async function refresh() {
  // One request at a time; a delta that arrives meanwhile asks once more afterwards.
  if (asked) { asked.again = true; return; }
  asked = { again: false };
  try {
    actions = await api("GET", `/api/appeals/actions/${boot.contest_id}`);
    render();
  } catch (e) {
    errorBox.textContent = e.message;
  } finally {
    const again = asked.again;
    asked = null;
    if (again) refresh();
  }
}

// The socket carries the field's current contest only: while ours is not it (or the socket is
// down) the list is asked for every 2 s instead.
let live = false;
let head = null;
function onState(state) {
  live = Boolean(state.contest && state.contest.id === boot.contest_id);
  if (state.head !== head) {
    const first = head === null;
    head = state.head;
    if (!first || actions.length === 0) refresh();
  }
}

function onStatus(status) {
  const conn = document.getElementById("conn");
  conn.className = `conn ${status}`;
  if (status === "online") refresh(); // catch up on what was scored while offline
  else live = false;
}

render();
setInterval(tick, 250);
setInterval(() => { if (!live) refresh(); }, 2000);
if (boot.fop_id) {
  stream = new FieldStream(`/ws/fop/${boot.fop_id}`, { onState, onStatus });
  stream.connect();
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  errorBox.textContent = "";
  const f = new FormData(form);
  const category = form.querySelector("input[name=category]:checked");
  if (!f.get("side")) { errorBox.textContent = text("t-pick-side"); return; }
  if (!category) { errorBox.textContent = text("t-pick-category"); return; }
  if (category.dataset.needsAction === "true" && !f.get("action_seq")) { errorBox.textContent = text("t-pick-action"); return; }
  const body = { contest_id: boot.contest_id, side: f.get("side"), category: category.value, reason: f.get("reason") || "" };
  if (f.get("action_seq")) body.action_seq = Number(f.get("action_seq"));
  const send = document.getElementById("send");
  send.disabled = true;
  try {
    const appeal = await api("POST", "/api/appeals", body);
    location.href = `/appeals/${appeal.id}`;
  } catch (e) {
    errorBox.textContent = e.message;
    send.disabled = false;
  }
});

window.arenaFiling = { refresh, get actions() { return actions; }, get live() { return live; } };
