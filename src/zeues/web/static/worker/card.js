// The spool card: state, last sessions, and every action with the server's verdict.
// startCard({afterAction}): afterAction is called once an action from the card was answered.
import { $, el } from "../common/dom.js";
import { formatDateTime, formatTime } from "../common/format.js";
import { getJSON } from "./api.js";
import { askResultado } from "./confirm.js";
import { actionUrl, completar, intentBody, perform, success } from "./intents.js";
import { showResult } from "./result.js";
import { state } from "./state.js";

let openTag = null;
let afterAction = () => {};
const LABELS = { TOMAR: "TOMAR", PAUSAR: "PAUSAR", COMPLETAR: "COMPLETAR", CANCELAR: "CANCELAR reparación" };

export async function openCard(tag) {
  const dialog = $("card");
  openTag = tag;
  showResult($("card-result"), {});
  $("card-title").textContent = `Spool ${tag}`;
  $("card-estado").textContent = "Cargando…";
  $("card-meta").textContent = "";
  $("card-actions").replaceChildren();
  $("card-sessions").replaceChildren();
  if (!dialog.open) dialog.showModal();
  await refreshCard();
}

export async function refreshCard() {
  const tag = openTag;
  if (!tag || !state.worker || !$("card").open) return;
  let spool, acciones, history;
  try {
    [spool, acciones, history] = await Promise.all([
      getJSON(`/api/spools/${encodeURIComponent(tag)}`),
      getJSON(`/api/spools/${encodeURIComponent(tag)}/acciones?worker_id=${state.worker.id}`),
      getJSON(`/api/history/${encodeURIComponent(tag)}`),
    ]);
  } catch (err) {
    if (tag !== openTag) return;
    $("card-estado").textContent = err.status ? err.message : "Sin conexión: no se pudo leer el spool.";
    $("card-estado").className = "estado alerta";
    return;
  }
  if (tag !== openTag) return;
  $("card-estado").textContent = spool.estado_detalle;
  $("card-estado").className = "estado" + (spool.estado.bloqueado ? " alerta" : "");
  $("card-meta").textContent = `NV ${spool.nv || "—"} · OT ${spool.ot || "—"} · Proyecto ${spool.proyecto || "—"}`;
  drawActions(tag, acciones.acciones, spool);
  const last = history.sessions.slice(-5).reverse();
  $("card-sessions").replaceChildren(
    ...(last.length ? last.map((s) => el("li", { text: sessionText(s) })) : [el("li", { text: "Sin sesiones registradas." })]),
  );
}

function sessionText(s) {
  const end = s.end_time ? formatTime(s.end_time) : "en curso";
  const why = s.end_reason ? ` (${s.end_reason})` : "";
  return `${s.operacion} · ${s.worker_nombre} · ${formatDateTime(s.start_time)}–${end}${why} · ${s.duration}`;
}

function drawActions(tag, acciones, spool) {
  const groups = new Map();
  for (const a of acciones) {
    if (!groups.has(a.operacion)) groups.set(a.operacion, []);
    groups.get(a.operacion).push(a);
  }
  const box = $("card-result");
  const blocks = [];
  // The operation the worker is doing comes first.
  const ordered = [...groups].sort(([a], [b]) => (b === state.op) - (a === state.op));
  for (const [op, list] of ordered) {
    const block = el("div", { class: "action-group" }, el("h3", { text: op }));
    for (const a of list) {
      if (op === "METROLOGIA") { block.append(metrologia(tag, a, box)); continue; }
      const button = el("button", { class: "btn" + (a.permitida ? " primary" : ""), type: "button", text: LABELS[a.accion], disabled: !a.permitida });
      button.addEventListener("click", async () => {
        const outcome = a.accion === "COMPLETAR"
          ? await completar(button, box, tag, op)
          : await perform(button, box, actionUrl(a.accion), intentBody(state.worker.id, tag, op, a.accion), success);
        if (outcome) afterAction();
      });
      block.append(el("div", { class: "action" }, button, a.permitida ? null : el("span", { class: "why", text: a.message })));
    }
    blocks.push(block);
  }
  if (spool.estado.bloqueado) blocks.unshift(el("p", { class: "estado alerta", text: "Spool BLOQUEADO: ninguna acción posible. Contacte al supervisor." }));
  $("card-actions").replaceChildren(...blocks);
}

function metrologia(tag, a, box) {
  const make = (resultado) => {
    const button = el("button", { class: `btn big ${resultado === "APROBADO" ? "aprobar" : "rechazar"}`, type: "button", text: resultado, disabled: !a.permitida });
    button.addEventListener("click", async () => {
      if (!(await askResultado(tag, resultado))) return;
      const body = intentBody(state.worker.id, tag, "METROLOGIA", "COMPLETAR", { resultado, fecha_operacion: state.today || undefined });
      const outcome = await perform(button, box, actionUrl("COMPLETAR"), body, success);
      if (outcome) afterAction();
    });
    return button;
  };
  return el("div", {}, el("div", { class: "metro" }, make("APROBADO"), make("RECHAZADO")), a.permitida ? null : el("p", { class: "why", text: a.message }));
}

export function startCard(options) {
  afterAction = options.afterAction;
  $("card-close").addEventListener("click", () => $("card").close());
  $("card").addEventListener("close", () => {
    openTag = null;
    // Chromium reports the scan field as focused after the modal closes, but typed text goes
    // nowhere until it is focused again: blur and focus it so the scanner keeps working.
    setTimeout(() => { const scan = $("scan"); scan.blur(); scan.focus(); }, 0);
  });
}
