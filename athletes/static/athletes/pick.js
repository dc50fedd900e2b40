// Forms that pick, never ask for a number: a person by name (the people found appear under the
// field as you type, a click picks one), an item by the code on its label, typed or scanned (a
// hand scanner types the label's QR link and Enter; a phone camera reads it where the browser has
// BarcodeDetector). Without this script the server looks the typed text up when the form is sent.
const VI = document.documentElement.lang !== "en";
const T = VI
  ? { none: "Không tìm thấy ai với tên này", noItem: "Không tìm thấy dụng cụ mã", camera: "Không mở được camera: gõ mã trên nhãn" }
  : { none: "Nobody found by this name", noItem: "No item with the code", camera: "The camera did not open: type the label's code" };
const STATUS = VI
  ? { in_stock: "Trong kho", on_loan: "Đang cho mượn", retired: "Thanh lý" }
  : { in_stock: "In stock", on_loan: "On loan", retired: "Retired" };

async function getJSON(url) {
  const res = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" });
  return res.ok ? res.json() : null;
}

function personPicker(box) {
  const input = box.querySelector("input[name=person]");
  const hidden = box.querySelector("input[type=hidden][name=person_id]");
  const list = box.querySelector("ul.picks");
  if (!input || !hidden || !list) return; // a list to choose from is on show already
  let timer = 0;
  let asked = "";
  function show(items) {
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
  }
  function option(hit) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = "pick";
    b.dataset.id = String(hit.id);
    b.textContent = hit.detail ? `${hit.label} · ${hit.detail}` : hit.label;
    b.addEventListener("click", () => {
      hidden.value = String(hit.id);
      input.value = hit.label;
      show([]);
      input.dispatchEvent(new CustomEvent("picked", { bubbles: true }));
    });
    li.append(b);
    return li;
  }
  async function look() {
    const q = input.value.trim();
    asked = q;
    if (q.length < 2) return show([]);
    const hits = ((await getJSON(`/api/search?q=${encodeURIComponent(q)}&limit=20`)) || []).filter((h) => h.kind === "person");
    if (q !== asked) return; // typed on meanwhile
    if (hits.length) return show(hits.slice(0, 8).map(option));
    const li = document.createElement("li");
    li.className = "hint";
    li.textContent = T.none;
    show([li]);
  }
  input.addEventListener("input", () => {
    hidden.value = "";
    clearTimeout(timer);
    timer = setTimeout(look, 200);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") list.querySelector("button")?.focus();
    if (e.key === "Escape") show([]);
  });
}

function labelField(input) {
  const box = input.closest(".scan");
  const found = box.querySelector(".scan-found");
  async function resolve() {
    const raw = input.value.trim();
    if (!raw) return (found.textContent = "");
    const link = raw.match(/\/athletes\/equipment\/(\d{1,18})\/?$/);
    let item = null;
    if (link) {
      item = await getJSON(`/api/equipment/items/${link[1]}`);
    } else {
      const digits = raw.toUpperCase().match(/^(?:EQ-?)?(\d{1,18})$/);
      const code = digits ? `EQ-${digits[1].padStart(6, "0")}` : raw.toUpperCase();
      const hit = ((await getJSON(`/api/search?q=${encodeURIComponent(code)}&limit=5`)) || []).find(
        (h) => h.kind === "item" && h.detail === code,
      );
      item = hit ? { code, name: hit.label } : null;
    }
    if (!item) return (found.textContent = `${T.noItem} ${raw}`);
    input.value = item.code;
    found.textContent = item.status ? `${item.name} · ${STATUS[item.status] || ""}` : item.name;
  }
  input.addEventListener("change", resolve);
  input.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return; // a hand scanner ends with Enter: go on to the borrower
    e.preventDefault();
    resolve();
    input.form.querySelector("input[name=person]")?.focus();
  });
  const button = box.querySelector(".scan-camera");
  const video = box.querySelector(".scan-video");
  if (!button || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices?.getUserMedia) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch {
      found.textContent = T.camera;
      return;
    }
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const stop = () => {
      stream.getTracks().forEach((t) => t.stop());
      video.hidden = true;
    };
    const seen = async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (!codes.length) return setTimeout(seen, 250);
      stop();
      input.value = codes[0].rawValue;
      resolve();
      input.form.querySelector("input[name=person]")?.focus();
    };
    seen();
  });
}

document.querySelectorAll(".picker[data-picker=person]").forEach(personPicker);
document.querySelectorAll("input[data-scan]").forEach(labelField);
