// The result box under the scan field or in the card: {kind: "ok" | "error" | "", text, items}.
import { el } from "../common/dom.js";

export function showResult(box, { kind = "", text = "", items = [] }) {
  box.className = "result" + (kind ? " " + kind : "");
  if (!text) return box.replaceChildren();
  box.replaceChildren(el("div", { text }));
  if (items.length) box.append(el("ul", {}, ...items.map((t) => el("li", { text: t }))));
}
