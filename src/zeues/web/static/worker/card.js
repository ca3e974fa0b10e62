// The spool card, in the order a worker needs it (issue 20): first what they can do now (one or
// two big buttons for their operation, or the reason once), then the state in words, the
// spool's unions and progress (#card-uniones, filled by its own module), the last sessions, and
// the other operations folded away. Only actions the server allows are offered: no dead button.
// startCard({afterAction}): afterAction is called once an action from the card was answered.
import { $, el } from "../common/dom.js";
import { formatDateTime, formatDuration, formatTime } from "../common/format.js";
import { getJSON } from "./api.js";
import { askResultado } from "./confirm.js";
import { actionUrl, intentBody, perform, release, success } from "./intents.js";
import { showResult } from "./result.js";
import { closesToScan } from "./scan-field.js";
import { state } from "./state.js";
import { drawCardNotes, drawCardUnions, loadUnions } from "./unions.js";
import { nvText } from "./words.js";

let openTag = null;
let heldHere = null; // the operation this worker holds on the open spool, if any
let afterAction = () => {};
const LABELS = { TOMAR: "TOMAR", PAUSAR: "PAUSAR", COMPLETAR: "COMPLETAR", CANCELAR: "CANCELAR reparación" };
const ENDS = { PAUSAR: "pausada", COMPLETAR: "completada", EXPIRADO: "toma vencida", LIBERADO: "liberada por supervisor" };

export async function openCard(tag) {
  const dialog = $("card");
  openTag = tag;
  heldHere = null;
  showResult($("card-result"), {});
  $("card-title").textContent = `Spool ${tag}`;
  $("card-estado").textContent = "Cargando…";
  for (const id of ["card-meta", "card-now", "card-note", "card-uniones", "card-notas"]) $(id).replaceChildren();
  $("card-others").hidden = true;
  $("card-sessions").replaceChildren();
  if (!dialog.open) dialog.showModal();
  await refreshCard();
}

// The spool whose card is open, if any.
export const cardTag = () => openTag;

// The open spool, when this worker holds it (its hold is renewed while the card shows it).
export const cardHold = () => (openTag && heldHere ? openTag : null);

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
  $("card-estado").textContent = acciones.estado_texto || spool.estado_detalle;
  $("card-estado").className = "estado" + (spool.estado.bloqueado ? " alerta" : "");
  $("card-meta").textContent = `${nvText(spool.nv)} · OT ${spool.ot || "—"} · Proyecto ${spool.proyecto || "—"}`;
  drawActions(tag, acciones.acciones, spool);
  drawSessions(history.sessions);
  await Promise.all([drawCardUnions(tag), drawCardNotes(tag)]);
}

function drawSessions(sessions) {
  const last = sessions.slice(-5).reverse();
  $("card-sessions").replaceChildren(
    ...(last.length ? last.map((s) => el("li", { text: sessionText(s) })) : [el("li", { text: "Sin sesiones registradas." })]),
  );
}

function sessionText(s) {
  const who = s.worker_id === state.worker.id ? "usted" : s.worker_nombre;
  const end = s.end_time ? `${formatTime(s.end_time)}, ${ENDS[s.end_reason] || s.end_reason}` : "en curso";
  const welds = s.uniones && s.uniones.length
    ? ` · ${s.uniones.length === 1 ? "unión" : "uniones"} ${s.uniones.join(", ")} (${Number(s.pd.toFixed(1))} PD)` : "";
  return `${s.operacion} · ${who} · ${formatDateTime(s.start_time)}–${end} · ${formatDuration(s.duration_seconds)}${welds}`;
}

// The actions the server allows, by operation; refusals only give the reason when nothing is.
function drawActions(tag, acciones, spool) {
  const allowed = acciones.filter((a) => a.permitida);
  const allows = (op, accion) => allowed.some((a) => a.operacion === op && a.accion === accion);
  // A hold of this worker (ARM, SOLD or REPARACION): the server allows its PAUSAR.
  const held = ["ARM", "SOLD", "REPARACION"].find((op) => allows(op, "PAUSAR")) || null;
  heldHere = held;
  const op = held || state.op;
  let now;
  if (held) now = allowed.filter((a) => a.operacion === held && (a.accion === "PAUSAR" || a.accion === "COMPLETAR"));
  else if (op === "METROLOGIA") now = allowed.filter((a) => a.operacion === op);
  else now = allowed.filter((a) => a.operacion === op && a.accion === "TOMAR");
  drawNow(tag, op, now, acciones);
  drawLapse(tag, held);
  // Elsewhere: what else the server allows, never again what is above, never a renewal.
  const others = allowed.filter((a) => !now.includes(a) && !(a.operacion === held && a.accion === "TOMAR"));
  drawOthers(tag, spool.estado.bloqueado ? [] : others);
}

function drawNow(tag, op, now, acciones) {
  const box = $("card-now");
  if (now.length === 0) {
    // Said once: the refusal of the operation's first step (a blocked spool's for every step).
    const first = op === "METROLOGIA" ? "COMPLETAR" : "TOMAR";
    const refusal = acciones.find((a) => a.operacion === op && a.accion === first && !a.permitida)
      || acciones.find((a) => !a.permitida);
    box.replaceChildren(el("p", { class: "nothing", text: refusal ? refusal.message : "Nada que hacer ahora en este spool." }));
    return;
  }
  box.replaceChildren(el("h3", { text: `${op}: lo que puede hacer ahora` }),
    el("div", { class: "now-buttons" }, ...now.flatMap((a) => actionButtons(tag, a, true))));
}

// A hold of this worker that lapsed while nobody took the spool: still theirs to close.
function drawLapse(tag, held) {
  const item = held && state.cola.mios.find((m) => m.tag_spool === tag && m.toma_vencida);
  $("card-note").replaceChildren(...(item ? [el("p", { class: "lease-warn",
    text: `Su toma venció a las ${formatTime(item.lease_expires_at)} y nadie ha tomado el spool: puede pausar o completar.` })] : []));
}

function drawOthers(tag, others) {
  const byOp = new Map();
  for (const a of others) byOp.set(a.operacion, [...(byOp.get(a.operacion) || []), a]);
  $("card-others").hidden = byOp.size === 0;
  $("card-others-list").replaceChildren(...[...byOp].map(([op, list]) =>
    el("div", { class: "action-group" }, el("h4", { text: op }),
      el("div", { class: "action" }, ...list.flatMap((a) => actionButtons(tag, a, false))))));
}

function actionButtons(tag, a, big) {
  const box = $("card-result");
  if (a.operacion === "METROLOGIA") return ["APROBADO", "RECHAZADO"].map((r) => inspectButton(tag, r, box));
  const primary = a.accion === "COMPLETAR" || a.accion === "TOMAR";
  const button = el("button", { class: `btn${primary ? " primary" : ""}${big ? " big" : ""}`, type: "button", text: LABELS[a.accion] });
  button.addEventListener("click", async () => {
    const outcome = a.accion === "COMPLETAR" || a.accion === "PAUSAR"
      ? await release(button, box, tag, a.operacion, a.accion)
      : await perform(button, box, actionUrl(a.accion), intentBody(state.worker.id, tag, a.operacion, a.accion), success);
    if (outcome) afterAction();
  });
  return [button];
}

function inspectButton(tag, resultado, box) {
  const button = el("button", { class: `btn big ${resultado === "APROBADO" ? "aprobar" : "rechazar"}`, type: "button", text: resultado });
  button.addEventListener("click", async () => {
    // A rejection may name the unions it concerns: the spool's, when they can be read.
    const unions = resultado === "RECHAZADO" ? await loadUnions(tag).then((d) => d.uniones, () => []) : [];
    const answer = await askResultado(tag, resultado, unions);
    if (!answer) return;
    const extra = { resultado, fecha_operacion: state.today || undefined };
    if (answer.defecto) extra.defecto = answer.defecto;
    if (answer.uniones && answer.uniones.length) extra.uniones = answer.uniones;
    const body = intentBody(state.worker.id, tag, "METROLOGIA", "COMPLETAR", extra);
    const outcome = await perform(button, box, actionUrl("COMPLETAR"), body, success);
    if (outcome) afterAction();
  });
  return button;
}

export function startCard(options) {
  afterAction = options.afterAction;
  closesToScan($("card"), $("card-close"));
  $("card").addEventListener("close", () => {
    openTag = null;
    heldHere = null;
  });
}
