// Shared helpers of the tournament pages: the JSON API with the CSRF header, messages, buttons, and
// the texts the page rendered for its scripts in the reader's language (<script class="t-texts">).
export { api, csrfToken } from "/static/base/api.js";

export const T = {};
for (const node of document.querySelectorAll("script.t-texts")) Object.assign(T, JSON.parse(node.textContent));

// A text with {name} places filled: fill(T.saved, { name: "An" }).
export function fill(text, values = {}) {
  return String(text ?? "").replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

export function say(text, ok = false, id = "msg") {
  const node = document.getElementById(id);
  if (!node) return;
  node.textContent = text;
  node.className = "t-msg " + (ok ? "ok" : "error");
}

// Run an action; on success show `done` and reload unless told otherwise.
export async function act(fn, { done = T.done, reload = true, id = "msg" } = {}) {
  try {
    const out = await fn();
    say(done, true, id);
    if (reload) window.location.reload();
    return out;
  } catch (e) {
    say(e.message, false, id);
    return undefined;
  }
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}
