// The DOM in a few helpers: `$(id)` finds an element, `el(tag, attrs, ...children)` builds one,
// `cell` and `messageRow` are the table pieces the board and the console draw most.
// Text always goes in through textContent, never as HTML, so nothing a server or a person typed
// can become markup. attrs: `class`, `text`, `on<event>` (a listener), anything else an attribute
// (true → present, false/null/undefined → left out); null children are left out.

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

// A table cell holding `text`.
export const cell = (text, className) => el("td", { class: className, text });

// A row of one cell across `columns` columns: "nothing here" in a table.
export const messageRow = (columns, text, className) => el("tr", {}, el("td", { class: className, colspan: columns, text }));
