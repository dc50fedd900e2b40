// Jury review: play the evidence (Range requests let the player seek), show a marker for every
// contest event, click a marker to seek, align a recording, cut a clip, record the member's own vote.
import { api } from "./api.js";

const boot = JSON.parse(document.getElementById("boot").textContent);
const pick = document.getElementById("evidence-pick");
const video = document.getElementById("video");
const image = document.getElementById("image");
const timeline = document.getElementById("timeline");
const list = document.getElementById("markers");
const say = (t) => { document.getElementById("player-status").textContent = t; };
let markers = [];

async function load() {
  const option = pick.selectedOptions[0];
  if (!option) return;
  const id = option.value;
  const isImage = option.dataset.kind === "image";
  video.hidden = isImage; image.hidden = !isImage;
  if (isImage) { image.src = `/api/appeals/evidence/${id}/content`; timeline.replaceChildren(); list.replaceChildren(); return; }
  video.src = `/api/appeals/evidence/${id}/content`;
  video.poster = `/api/appeals/evidence/${id}/thumbnail`;
  markers = await api("GET", `/api/appeals/evidence/${id}/markers`);
  draw();
}

function draw() {
  const duration = video.duration || Math.max(1, ...markers.map((m) => m.video_s || 0));
  timeline.replaceChildren(); list.replaceChildren();
  for (const m of markers) {
    const li = document.createElement("li");
    li.textContent = `#${m.seq} ${m.label}` + (m.video_s === null ? " (—)" : ` @ ${m.video_s.toFixed(1)} s`);
    li.className = `marker ${m.group}` + (m.seq === boot.action_seq ? " target" : "");
    if (m.video_s !== null) {
      li.addEventListener("click", () => { video.currentTime = m.video_s; });
      const tick = document.createElement("button");
      tick.className = `tick ${m.group}`; tick.title = li.textContent;
      tick.style.left = `${(100 * m.video_s) / duration}%`;
      tick.addEventListener("click", () => { video.currentTime = m.video_s; });
      timeline.append(tick);
    }
    list.append(li);
  }
}

pick.addEventListener("change", load);
video.addEventListener("loadedmetadata", draw);

document.getElementById("align-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const seq = Number(new FormData(ev.target).get("seq"));
  try {
    await api("PUT", `/api/appeals/evidence/${pick.value}/origin`, { seq, video_s: video.currentTime });
    say("✓"); await load();
  } catch (e) { say(e.message); }
});

document.getElementById("clip-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  try {
    const clip = await api("POST", `/api/appeals/evidence/${pick.value}/clips`, {
      appeal_id: boot.appeal_id, video_s: video.currentTime, before_s: Number(f.get("before_s")), after_s: Number(f.get("after_s")) });
    const o = new Option(`${document.documentElement.lang === "vi" ? "Đoạn cắt" : "Clip"} ${clip.id}`, clip.id); o.dataset.kind = "clip"; pick.append(o);
    say(`✓ ${o.textContent}`);
  } catch (e) { say(e.message); }
});

document.getElementById("decision-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  // The vote is the logged-in jury member's own: the server takes the voter from the session.
  const uphold = f.uphold.value === "true";
  const kind = f.remedy_kind.value;
  const remedies = [];
  if (kind === "void") remedies.push({ kind, corrects: Number(f.corrects.value) });
  if (kind === "adjust") remedies.push({ kind, side: f.side.value, delta: f.delta.value, ...(f.round.value ? { round: Number(f.round.value) } : {}) });
  if (kind === "decide") remedies.push({ kind, winner: f.side.value, method: f.method.value });
  try {
    await api("POST", `/api/appeals/${boot.appeal_id}/votes`, {
      uphold, reason: f.vote_reason.value, decision_reason: f.reason.value, remedies: uphold ? remedies : [] });
    location.reload();
  } catch (e) { document.getElementById("decision-error").textContent = e.message; }
});

load();
window.arenaReview = { ready: true };  // the handlers are bound (tests wait for it)
