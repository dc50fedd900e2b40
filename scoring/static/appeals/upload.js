// Evidence upload over tus: progress bar, retries after a cut, and resume of an interrupted
// upload of the same file (tus-js-client keeps its URL in localStorage by file fingerprint).
import { csrf } from "./api.js";

const box = document.getElementById("upload");
if (box) {
  const status = document.getElementById("evidence-status");
  const bar = document.getElementById("evidence-progress");
  document.getElementById("evidence-send").addEventListener("click", () => {
    const file = document.getElementById("evidence-file").files[0];
    if (!file) return;
    const upload = new tus.Upload(file, {
      endpoint: "/api/appeals/uploads",
      chunkSize: 8 * 1024 * 1024, // a cut costs at most one chunk
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      removeFingerprintOnSuccess: true,
      metadata: { appeal_id: box.dataset.appeal, filename: file.name, filetype: file.type },
      headers: { "x-csrftoken": csrf() },
      onProgress: (sent, total) => { bar.value = Math.floor((sent / total) * 100); status.textContent = `${(sent / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB`; },
      onError: (err) => {
        const body = err.originalResponse?.getBody?.();
        // The server's message is in the reader's language; tus-js-client's own is English, so a
        // network failure gets a sentence of ours.
        let message = document.documentElement.lang === "en"
          ? "The upload stopped (network); press Upload again to resume where it stopped"
          : "Tải lên bị gián đoạn (mất mạng); bấm Tải lên lần nữa để tiếp tục từ chỗ đã dừng";
        try { message = JSON.parse(body).message; } catch (_) { /* not JSON: keep ours */ }
        status.textContent = message;
      },
      onSuccess: () => { status.textContent = "✓"; setTimeout(() => location.reload(), 500); },
    });
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  });
}
