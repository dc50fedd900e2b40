// A coach (or manager) enters an athlete in a category: search by name, pick, register.
import { api, act, T, fill } from "./t.js";

const form = document.getElementById("register-form");
if (form) {
  const list = document.getElementById("athletes");
  const picked = document.getElementById("picked");
  const button = document.getElementById("register-button");
  let chosen = null;
  let timer = null;

  async function search() {
    const res = await fetch(`/tournaments/register/athletes?q=${encodeURIComponent(form.q.value)}`, { headers: { accept: "application/json" } });
    const rows = res.ok ? await res.json() : [];
    list.replaceChildren();
    if (!rows.length) {
      const li = document.createElement("li");
      li.className = "hint";
      li.textContent = T.none;
      list.append(li);
    }
    for (const a of rows) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "athlete";
      b.textContent = `${a.name}${a.birth_year ? " · " + a.birth_year : ""}${a.team ? " · " + a.team : ""}`;
      b.setAttribute("aria-pressed", String(chosen && chosen.id === a.id));
      b.addEventListener("click", () => {
        chosen = a;
        for (const other of list.querySelectorAll("button")) other.setAttribute("aria-pressed", "false");
        b.setAttribute("aria-pressed", "true");
        picked.textContent = fill(T.picked, { name: a.name });
        button.disabled = false;
      });
      li.append(b);
      list.append(li);
    }
  }

  form.q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 250); });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!chosen) return;
    act(() => api("POST", `/api/tournaments/categories/${form.category.value}/entries`, { athlete_id: chosen.id }), { done: T.registered });
  });
  search();
}
