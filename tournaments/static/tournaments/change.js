// A change after the draw, previewed by the page (nothing written yet): confirm it with the preview's digest, so
// the server applies exactly what was shown, or refuses when the draw changed since (then preview again).
import { api, say, T } from "./t.js";

const box = document.getElementById("change");
const form = document.getElementById("change-form");
form?.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (!form.reason.value.trim()) { say(T.needReason); return; }
  try {
    await api("POST", `/api/tournaments/bouts/${box.dataset.bout}/decision`, {
      winner: form.winner.value, decision: form.decision.value, reason: form.reason.value, preview: form.preview.value,
    });
    window.location.assign(`/tournaments/categories/${box.dataset.category}`);
  } catch (e) {
    say(e.message);
    if (e.data && e.data.code === "tournaments.preview_stale") {
      const again = document.createElement("a");
      const query = new URLSearchParams({ winner: form.winner.value, decision: form.decision.value, reason: form.reason.value });
      again.href = `${window.location.pathname}?${query}`;
      again.id = "preview-again";
      again.textContent = ` ${T.previewAgain}`;
      document.getElementById("msg").append(again);
    }
  }
});
