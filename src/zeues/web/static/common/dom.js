// The DOM in two helpers: `$(id)` finds an element, `el(tag, attrs, ...children)` builds one.
// Text always goes in through textContent, never as HTML, so nothing a server or a person typed
// can become markup. attrs: `class`, `text`, `on<event>` (a listener), anything else an attribute
// (true → present, false/null/undefined → left out).

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
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}
