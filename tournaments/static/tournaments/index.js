// The manager's list of categories: add from a template or by hand, cancel with a reason.
import { api, act, T } from "./t.js";

const num = (v) => (v === "" || v === undefined ? null : Number(v));

document.getElementById("template-form")?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = ev.target;
  act(() => api("POST", `/api/tournaments/events/${f.event.value}/categories/from-template`, {
    template: f.template.value, draw_format: f.draw_format.value, contest_minutes: num(f.contest_minutes.value) || 8,
  }), { done: T.addedFromTemplate });
});

document.getElementById("category-form")?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = ev.target;
  act(() => api("POST", "/api/tournaments/categories", {
    event_id: Number(f.event_id.value), name: f.name.value, code: f.code.value, sex: f.sex.value,
    min_age: num(f.min_age.value), max_age: num(f.max_age.value),
    weight_min: f.weight_min.value, weight_max: f.weight_max.value,
    draw_format: f.draw_format.value, contest_minutes: num(f.contest_minutes.value) || 8,
  }), { done: T.added });
});

for (const form of document.querySelectorAll(".cancel-form")) {
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    act(() => api("POST", `/api/tournaments/categories/${form.dataset.category}/cancel`, { reason: form.reason.value }), { done: T.cancelled });
  });
}
