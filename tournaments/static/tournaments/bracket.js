// The bracket's actions: verify the draw (public). A decision off the mat is a form of its own: it opens the
// preview of the change (/tournaments/bouts/<id>/change, change.js), so nothing is applied unseen.
import { T, fill, told } from "./t.js";

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
      li.append(mark, told(c));
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
