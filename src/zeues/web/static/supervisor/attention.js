// What needs the supervisor's hand: BLOQUEADO spools (Desbloquear), every held spool (Liberar),
// holds about to expire and holds longer than N hours (a field of the page, remembered by the
// browser). `startAttention({reload})`: reload is called after an action succeeded.
import { $, cell, el, messageRow } from "../common/dom.js";
import { formatCountdown, formatDate, formatDuration, secondsSince, secondsUntil, syncClock } from "../common/format.js";
import { requestJSON } from "../common/request.js";
import { askReason } from "./actions.js";
import { token } from "./session.js";

const EXPIRING_S = 600;
const HOURS_KEY = "zeues.consola.horas";
const LISTED = 8;
let held = [];
let reloadAll = () => {};

const heldFor = (h) => secondsSince(h.fecha_ocupacion);
const expiresIn = (h) => (h.lease_expires_at ? secondsUntil(h.lease_expires_at) : Infinity);

function drawBlocked(spools) {
  $("n-bloqueados").textContent = String(spools.length);
  $("n-bloqueados").classList.toggle("grave", spools.length > 0);
  const rows = spools.map((s) => el("tr", { "data-tag": s.tag_spool },
    cell(s.tag_spool, "tag"), cell(formatDate(s.fecha_rechazo) || "–", "fecha"),
    el("td", {}, el("button", { type: "button", text: "Desbloquear", onclick: () => askReason({
      title: `Desbloquear ${s.tag_spool}`,
      text: "Vuelve a RECHAZADO con el contador de ciclos en 0 para una nueva reparación. Queda auditado con su nombre y el motivo.",
      path: "/api/supervisor/desbloquear",
      tag: s.tag_spool,
      onDone: reloadAll,
    }) }))));
  $("bloqueados").replaceChildren(...(rows.length ? rows : [messageRow(3, "Ningún spool bloqueado.", "suave")]));
}

function releaseHold(h) {
  askReason({
    title: `Liberar ${h.tag_spool}`,
    text: `Lo tiene ${h.worker_nombre} (${h.operacion}) hace ${formatDuration(heldFor(h))}. La operación queda en pausa y cualquier trabajador puede continuarla.`,
    path: "/api/supervisor/liberar",
    tag: h.tag_spool,
    onDone: reloadAll,
  });
}

function drawTaken() {
  $("n-tomados").textContent = String(held.length);
  const rows = held.map((h) => {
    const left = expiresIn(h);
    return el("tr", { "data-tag": h.tag_spool, class: left < EXPIRING_S ? "por-vencer" : null },
      cell(h.tag_spool, "tag"), cell(h.worker_nombre), cell(h.operacion),
      cell(formatDuration(heldFor(h))),
      cell(left === Infinity ? "sin vencimiento" : formatCountdown(left), "num"),
      el("td", {}, el("button", { type: "button", text: "Liberar", onclick: () => releaseHold(h) })));
  });
  $("tomados").replaceChildren(...(rows.length ? rows : [messageRow(6, "Ningún spool tomado.", "suave")]));
  drawAlerts();
}

// A short list: the first LISTED lines, then "… y N más", or `none` when empty.
function drawList(list, counter, items, line, none) {
  counter.textContent = String(items.length);
  counter.classList.toggle("aviso", items.length > 0);
  const lines = items.slice(0, LISTED).map((h) => el("li", { "data-tag": h.tag_spool, text: line(h) }));
  if (items.length > LISTED) lines.push(el("li", { "data-tag": "", text: `… y ${items.length - LISTED} más` }));
  if (items.length === 0) lines.push(el("li", { "data-tag": "", text: none }));
  list.replaceChildren(...lines);
}

function drawAlerts() {
  const expiring = held.filter((h) => expiresIn(h) < EXPIRING_S).sort((a, b) => expiresIn(a) - expiresIn(b));
  drawList($("por-vencer"), $("n-por-vencer"), expiring,
    (h) => `${h.tag_spool} · ${h.worker_nombre} ${h.operacion} · vence en ${formatCountdown(expiresIn(h))}`, "Ninguna.");
  const hours = Number($("horas").value) || 4;
  const long = held.filter((h) => heldFor(h) > hours * 3600).sort((a, b) => heldFor(b) - heldFor(a));
  drawList($("largos"), $("n-largos"), long,
    (h) => `${h.tag_spool} · ${h.worker_nombre} ${h.operacion} · hace ${formatDuration(heldFor(h))}`, "Ninguno.");
}

export async function loadAttention() {
  const [repair, occupied, summary] = await Promise.all([
    // With the token: where the floor's reads are closed (ZEUES_FLOOR_READS=dispositivo) the
    // console's session opens them; elsewhere it changes nothing.
    requestJSON("/api/spools/reparacion?limit=1000", { token: token() }),
    requestJSON("/api/dashboard/occupied", { token: token() }),
    requestJSON("/api/dashboard/resumen", { token: token() }),
  ]);
  syncClock(summary.timestamp);
  drawBlocked(repair.spools.filter((s) => s.bloqueado));
  held = occupied;
  drawTaken();
}

export function startAttention({ reload }) {
  reloadAll = reload;
  const saved = localStorage.getItem(HOURS_KEY);
  if (saved) $("horas").value = saved;
  $("horas").addEventListener("input", () => {
    localStorage.setItem(HOURS_KEY, $("horas").value);
    drawAlerts();
  });
  setInterval(drawTaken, 5000); // times and countdowns, without asking the server
}
