// Filing page: post the appeal, then go to its page where evidence is uploaded.
import { api } from "./api.js";

const form = document.getElementById("appeal-form");
form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(form);
  const body = { contest_id: Number(form.dataset.contest), side: f.get("side"), category: f.get("category"), reason: f.get("reason") };
  if (f.get("action_seq")) body.action_seq = Number(f.get("action_seq"));
  try {
    const appeal = await api("POST", "/api/appeals", body);
    location.href = `/appeals/${appeal.id}`;
  } catch (e) {
    document.getElementById("form-error").textContent = e.message;
  }
});
