// "¿Quién eres?": tiles of the active workers, a search by name or number, and the badge
// scanner (it types the worker number and Enter).
import { $, el } from "../common/dom.js";
import { getJSON } from "./api.js";
import { showResult } from "./result.js";

let workers = [];

function matching(query) {
  const q = query.trim().toLowerCase();
  if (!q) return workers;
  return workers.filter((w) =>
    String(w.id).startsWith(q) || `${w.nombre} ${w.apellido} ${w.nombre_completo}`.toLowerCase().includes(q));
}

function drawTiles(choose) {
  const found = matching($("worker-search").value);
  $("worker-tiles").replaceChildren(
    ...found.map((w) =>
      el("button", { class: "btn tile", type: "button", onclick: () => choose(w) },
        el("span", { text: `${w.nombre} ${w.apellido}` }),
        el("span", { class: "num", text: `N.º ${w.id} · ${w.roles.join(", ") || "sin rol"}` }))),
  );
  if (!found.length) $("worker-tiles").append(el("p", { text: "Ningún trabajador activo coincide." }));
}

export async function showIdentity(choose) {
  $("identity").hidden = false;
  const search = $("worker-search");
  search.value = "";
  search.oninput = () => drawTiles(choose);
  search.onkeydown = (event) => {
    if (event.key !== "Enter") return;
    const exact = workers.find((w) => String(w.id) === search.value.trim());
    const found = exact ? [exact] : matching(search.value);
    if (found.length === 1) choose(found[0]);
  };
  search.focus();
  try {
    workers = (await getJSON("/api/workers")).workers;
  } catch (err) {
    showResult($("worker-tiles"), { kind: "error", text: "No se pudo cargar la lista de trabajadores." });
    return;
  }
  drawTiles(choose);
}
