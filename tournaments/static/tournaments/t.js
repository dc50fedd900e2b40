// Shared helpers of the tournament pages: the JSON API with the CSRF header, messages, buttons, and
// the texts the page rendered for its scripts in the reader's language (<script class="t-texts">).
export { api, csrfToken } from "/static/base/api.js";

export const T = {};
for (const node of document.querySelectorAll("script.t-texts")) Object.assign(T, JSON.parse(node.textContent));

// A text with {name} places filled: fill(T.saved, { name: "An" }).
export function fill(text, values = {}) {
  return String(text ?? "").replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

// A line the API said by its code ({code, params, what}) in the reader's language (the page's T.said); numbers
// with the reader's decimal mark; a code the page does not know is shown as the API wrote it.
export function told(said) {
  const text = T.said?.[said.code];
  if (text === undefined) return said.what ?? said.text ?? "";
  const values = {};
  for (const [k, v] of Object.entries(said.params ?? {})) values[k] = toldValue(v);
  return fill(text, values);
}

// A value of a line the API said: a number, a bout ({category, label, label_parts}: "category — label"), a bout at a
// time ({bout, at}) or a list of them.
function toldValue(v) {
  if (typeof v === "number") return number(v);
  if (Array.isArray(v)) return v.map(toldValue).join(", ");
  if (v && typeof v === "object") {
    if ("at" in v) return `${toldValue(v.bout)} ${v.at}`;
    if ("label_parts" in v) return boutText(v);
  }
  return v;
}

// A bout named by the API ({category, label, label_parts}) in the reader's language.
export function boutText(b) {
  const label = matchText(b.label_parts, b.label);
  return b.category ? `${b.category} — ${label}` : label;
}

// A number as the reader writes it: 58,5 on a Vietnamese page, 58.5 on an English one.
export function number(value) {
  const text = String(value ?? "");
  return document.documentElement.lang === "en" ? text.replace(",", ".") : text.replace(".", ",");
}

// A match's label from the API's pieces ({code, params} or {text}) in the reader's language (the page's T.match).
export function matchText(parts, written = "") {
  if (!parts || !T.match) return written;
  return parts.map((p) => ("code" in p ? fill(T.match[p.code] ?? p.code, p.params) : p.text)).join(" - ");
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
