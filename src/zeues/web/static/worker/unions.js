// A spool's unions (welds) on the tablet (issue 21): the card's progress and list
// (#card-uniones), and the picker a worker ticks on PAUSAR/COMPLETAR of ARM or SOLD: the unions
// still open for that operation, big checkboxes, the PD of the selection. A COMPLETAR that would
// leave unions undone is explained before sending (the server refuses it the same way).
import { $, el } from "../common/dom.js";
import { formatDateTime } from "../common/format.js";
import { getJSON } from "./api.js";

const pd = (n) => `${Number(n.toFixed(1))}`;
const dn = (u) => `${pd(u.dn_union)}"`;

export function loadUnions(tag) {
  return getJSON(`/api/spools/${encodeURIComponent(tag)}/uniones`);
}

// The card's section: nothing for a spool without unions.
export async function drawCardUnions(tag) {
  const box = $("card-uniones");
  let data;
  try {
    data = await loadUnions(tag);
  } catch {
    box.replaceChildren();
    return;
  }
  const rechazo = data.rechazo ? rejectionNote(data.rechazo) : null;
  if (!data.uniones.length) { box.replaceChildren(...(rechazo ? [rechazo] : [])); return; }
  const who = (w) => (w ? w.worker : "—");
  const rejected = new Set(data.rechazo ? data.rechazo.uniones : []);
  box.replaceChildren(
    ...(rechazo ? [rechazo] : []), // replaceChildren would write a null as the text "null"
    el("h3", { text: "Uniones" }),
    el("p", { class: "progreso", text: data.resumen.texto }),
    el("table", { class: "uniones" },
      el("thead", {}, el("tr", {}, ...["N°", "DN", "Tipo", "ARM", "SOLD"].map((h) => el("th", { text: h })))),
      el("tbody", {}, ...data.uniones.map((u) => el("tr", { class: rejected.has(u.n_union) ? "rechazada" : null },
        el("td", { text: String(u.n_union) }), el("td", { text: dn(u) }), el("td", { text: u.tipo_union }),
        el("td", { text: who(u.arm) }), el("td", { text: u.requiere_sold ? who(u.sold) : "no lleva" }))))),
  );
}

// The spool's notes (append-only), newest first: what planning or a colleague wrote on it.
export async function drawCardNotes(tag) {
  const box = $("card-notas");
  let data;
  try {
    data = await getJSON(`/api/spools/${encodeURIComponent(tag)}/notas`);
  } catch {
    box.replaceChildren();
    return;
  }
  const shown = data.notas.slice(-5).reverse();
  box.replaceChildren(...(shown.length ? [el("h3", { text: "Notas" }), el("ul", { class: "notas" },
    ...shown.map((n) => el("li", { text: `${formatDateTime(n.timestamp)} · ${n.autor || "sin autor"}: ${n.texto}` })))] : []));
}

// What metrología rejected, for the repair crew: the defect and the unions it concerns, in
// words (empty when it named neither). The card and the queue's rows say it the same way.
export function whatToRepair(r) {
  const parts = [];
  if (r.defecto) parts.push(`defecto: ${r.defecto}`);
  if (r.uniones.length) parts.push(`${r.uniones.length === 1 ? "unión" : "uniones"} ${r.uniones.join(", ")}`);
  return parts.join(" · ");
}

function rejectionNote(r) {
  const said = whatToRepair(r);
  const head = `Rechazo de metrología (ciclo ${r.ciclo} de 3, ${r.worker || "metrología"})`;
  return el("p", { class: "rechazo", text: said ? `${head} · ${said}` : head });
}

// What to send with PAUSAR/COMPLETAR of `op`: {} (no unions, or they could not be read: the
// server then records none on PAUSAR and the rest on COMPLETAR), {uniones: [...]}, or null when
// the worker went back.
export async function pickUnions(tag, op, accion) {
  if (op !== "ARM" && op !== "SOLD") return {};
  let data;
  try {
    data = await loadUnions(tag);
  } catch {
    return {};
  }
  if (!data.uniones.length) return {};
  const open = new Set(data.abiertas[op]);
  const rows = data.uniones.filter((u) => open.has(u.n_union));
  if (!rows.length) return accion === "COMPLETAR" ? { uniones: [] } : {};
  return askUnions(tag, op, accion, rows, data.resumen);
}

function askUnions(tag, op, accion, rows, resumen) {
  const overlay = $("picker");
  const card = $("card");
  (card.open ? card : document.body).append(overlay);
  const completing = accion === "COMPLETAR";
  $("picker-title").textContent = `${accion} ${op}: ¿qué uniones terminó?`;
  $("picker-text").textContent = `Spool ${tag} · ${resumen.texto}. ` + (completing
    ? "Todas deben quedar hechas para completar."
    : "Marque las que terminó en esta sesión; las demás quedan para después.");
  const boxes = rows.map((u) => {
    // SOLD needs the union's ARM: such a union is shown but cannot be ticked.
    const blocked = op === "SOLD" && !u.arm;
    const box = el("input", { type: "checkbox", class: "check", id: `union-${u.n_union}`, checked: completing && !blocked, disabled: blocked });
    const label = el("label", { class: "union-pick" + (blocked ? " blocked" : ""), for: `union-${u.n_union}` }, box,
      el("span", { class: "n", text: `Unión ${u.n_union}` }), el("span", { text: `${dn(u)} · ${u.tipo_union}` }),
      blocked ? el("span", { class: "sub", text: "sin ARM" }) : null);
    box.addEventListener("change", () => update());
    return { u, box, row: el("li", {}, label) };
  });
  $("picker-list").replaceChildren(...boxes.map((b) => b.row));
  const chosen = () => boxes.filter((b) => b.box.checked).map((b) => b.u);
  function update() {
    const picked = chosen();
    const sum = picked.reduce((total, u) => total + u.dn_union, 0);
    const missing = boxes.filter((b) => !b.box.checked).map((b) => b.u.n_union);
    $("picker-sum").textContent = `${picked.length} de ${boxes.length} marcadas · ${pd(sum)} PD`;
    const refused = completing && missing.length > 0;
    $("picker-warn").textContent = refused
      ? `No se puede completar: ${missing.length === 1 ? `falta la unión ${missing[0]}. Márquela si la terminó` : `faltan las uniones ${missing.join(", ")}. Márquelas si las terminó`}, o use PAUSAR para registrar lo hecho.`
      : "";
    $("picker-yes").disabled = refused;
    $("picker-yes").textContent = completing ? "Completar" : `PAUSAR con ${picked.length} ${picked.length === 1 ? "unión" : "uniones"}`;
  }
  update();
  return new Promise((resolve) => {
    const finish = (value) => {
      $("picker-yes").onclick = null;
      $("picker-no").onclick = null;
      overlay.hidden = true;
      document.removeEventListener("keydown", onEscape);
      resolve(value);
    };
    const onEscape = (event) => { if (event.key === "Escape") { event.preventDefault(); finish(null); } };
    $("picker-yes").onclick = () => finish({ uniones: chosen().map((u) => u.n_union) });
    $("picker-no").onclick = () => finish(null);
    document.addEventListener("keydown", onEscape);
    overlay.hidden = false;
    $("picker-title").focus();
  });
}
