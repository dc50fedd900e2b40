// The bracket's actions: verify the draw (public) and, for the manager, decide a bout off the mat.
import { api, act, say, T, fill } from "./t.js";

const verify = document.getElementById("verify");
verify?.addEventListener("click", async () => {
  const list = document.getElementById("checks");
  const verdict = document.getElementById("verdict");
  list.replaceChildren();
  try {
    const res = await fetch(`/api/tournaments/categories/${verify.dataset.category}/verify`, { headers: { accept: "application/json" } });
    const data = await res.json();
    if (!res.ok) throw new Error(data.message || fill(T.error, { status: res.status }));
    for (const c of data.checks) {
      const li = document.createElement("li");
      const mark = document.createElement("span");
      mark.className = c.ok ? "yes" : "no";
      mark.textContent = c.ok ? "✓ " : "✗ ";
      li.append(mark, c.what);
      list.append(li);
    }
    verdict.textContent = data.ok ? T.allPassed : T.someFailed;
    verdict.className = "t-msg " + (data.ok ? "ok" : "error");
    verdict.dataset.ok = String(data.ok);
  } catch (e) {
    verdict.textContent = e.message;
    verdict.className = "t-msg error";
  }
});

for (const form of document.querySelectorAll(".decide-form")) {
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!form.reason.value.trim()) { say(T.needReason); return; }
    act(() => api("POST", `/api/tournaments/bouts/${form.dataset.bout}/decision`, {
      winner: form.winner.value, decision: form.decision.value, reason: form.reason.value,
    }), { done: T.decided });
  });
}
