// Tiny DOM helpers: every text goes in through textContent, never as HTML.

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

export function hhmm(iso) {
  return iso ? iso.slice(11, 16) : "";
}

export function minutesBetween(fromMs, toMs) {
  return Math.max(0, Math.round((toMs - fromMs) / 60000));
}

export function duration(minutes) {
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// Shows a result (or error) box: {kind: "ok" | "error" | "", text, items}.
export function showResult(box, { kind = "", text = "", items = [] }) {
  box.className = "result" + (kind ? " " + kind : "");
  if (!text) return box.replaceChildren();
  box.replaceChildren(el("div", { text }));
  if (items.length) box.append(el("ul", {}, ...items.map((t) => el("li", { text: t }))));
}
