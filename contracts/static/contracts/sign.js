// Signing page and key enrolment: JSON calls to /api/contracts with the CSRF header.
const csrf = () => (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/) || [])[1] || "";
const errorBox = document.getElementById("sign-error");

async function call(url, body, contentType = "application/json") {
  const response = await fetch(url, {
    method: "POST", credentials: "same-origin", body,
    headers: { "content-type": contentType, "x-csrftoken": decodeURIComponent(csrf()) },
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.message || answer.detail || response.statusText);
  return answer;
}

function fail(err) { errorBox.textContent = err.message; errorBox.hidden = false; }

document.getElementById("sign-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  form.querySelector("button").disabled = true;
  try {
    await call(`/api/contracts/${form.dataset.contract}/sign`, JSON.stringify({ pin: form.pin.value }));
    location.reload();
  } catch (err) { fail(err); form.pin.value = ""; form.querySelector("button").disabled = false; }
});

document.getElementById("upload-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    await call(`/api/contracts/${form.dataset.contract}/upload`, form.file.files[0], "application/pdf");
    location.reload();
  } catch (err) { fail(err); }
});

document.getElementById("enrol-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  if (form.pin.value !== form.pin2.value) { fail(new Error(form.dataset.mismatch || "PIN ≠ PIN")); return; }
  try {
    await call("/api/contracts/keys/", JSON.stringify({ pin: form.pin.value, national_id: form.national_id.value || null }));
    location.reload();
  } catch (err) { fail(err); }
});
