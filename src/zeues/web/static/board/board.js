// The live board (a TV): who holds what, the count of spools per state and the recent actions.
// Its own stream (/api/sse/stream?tablero=true, issue 17) starts with the whole board and then
// sends, once per change, only what changed, decided on the server for every board: the rows
// held or freed and the counts that moved (whole values). Every (re)connection starts again
// from the whole board, so a board that missed changes ends equal to a fresh load. The
// `spool_update` events of the same stream fill the activity list.
import { $, cell, el, messageRow } from "../common/dom.js";
import {
  formatClock, formatCountdown, formatDuration, formatTime, now, secondsSince, secondsUntil, syncClock,
} from "../common/format.js";
import { enrolFromLink } from "../common/enrol-link.js";
import { openLiveStream, showConnection } from "../common/live-stream.js";
import { ApiError, requestJSON } from "../common/request.js";

const EXPIRING_S = 600; // a hold ending within 10 min is highlighted
const MAX_EVENTS = 30;
const MAX_ROWS = 60;
let held = new Map(); // tag → row of /api/dashboard/occupied, as the server last said
let summary = {}; // the fields of /api/dashboard/resumen, as the server last said
let seen = new Set(); // spools held at the last drawing, to highlight new ones
let stale = false; // the server is gone: what is on screen is as of `loadedAt`, and says so
let loadedAt = null;
// Where only enrolled screens may read (ZEUES_FLOOR_READS=dispositivo): why this one may not.
let refused = "";
const BOARD_ENROL = " Para enrolar esta pantalla: en la consola del supervisor, «Enrolar una tablet», y abra aquí el enlace para el tablero que muestra (…/tablero?enrolar=CÓDIGO).";

const heldText = (iso) => `${formatTime(iso)} · ${formatDuration(secondsSince(iso))}`;

// Oldest hold first: an abandoned hold must not hide under "… y 97 más" (ties by tag, so two
// boards with the same holds draw the same rows).
const oldestFirst = (rows) => [...rows].sort((a, b) =>
  Date.parse(a.fecha_ocupacion) - Date.parse(b.fecha_ocupacion) || (a.tag_spool < b.tag_spool ? -1 : 1));

function drawHeld(found) {
  const rows = oldestFirst(found);
  const body = $("ocupados");
  $("total-ocupados").textContent = `(${rows.length})`;
  const current = new Set(rows.map((r) => r.tag_spool));
  const lines = rows.slice(0, MAX_ROWS).map((r) => {
    const since = cell(heldText(r.fecha_ocupacion));
    since.dataset.desde = r.fecha_ocupacion;
    const expires = cell(r.lease_expires_at ? "" : "sin vencimiento", "vence");
    if (r.lease_expires_at) expires.dataset.vence = r.lease_expires_at;
    const isNew = seen.size > 0 && !seen.has(r.tag_spool);
    return el("tr", { "data-tag": r.tag_spool, class: isNew ? "nuevo" : null },
      cell(r.tag_spool, "tag"), cell(r.worker_nombre), cell(r.operacion), since, expires);
  });
  if (rows.length === 0) {
    lines.push(messageRow(5, "Ningún spool tomado en este momento."));
  }
  body.replaceChildren(...lines);
  seen = current;
  fitToScreen(rows.length);
  tick();
}

// Keeps only the rows that fit on the screen (a TV does not scroll) and says how many are left.
function fitToScreen(total) {
  const note = $("mas-ocupados");
  note.textContent = "";
  const limit = document.querySelector(".ocupados").getBoundingClientRect().bottom - 56;
  const rows = [...$("ocupados").children];
  // Every measure first, then the changes: one layout pass.
  const extra = rows.filter((tr) => tr.getBoundingClientRect().bottom > limit);
  for (const tr of extra) tr.remove();
  const shown = rows.length - extra.length;
  if (total > shown) note.textContent = `… y ${total - shown} más`;
}

function drawCounts(summary) {
  for (const box of document.querySelectorAll("[data-cifra]")) {
    const value = summary[box.dataset.cifra];
    // PD (pulgadas-diámetro) with one decimal when it has one; counts as they are.
    const figure = box.querySelector("b");
    figure.textContent = value === undefined || value === null ? "–" : `${Number(value.toFixed(1))}`;
    // A longer figure (10000 spools, 4667.5 PD) is drawn smaller so that it stays in its box.
    figure.dataset.largo = String(Math.min(figure.textContent.length, 7));
    box.classList.toggle(box.dataset.alerta || "-", Boolean(box.dataset.alerta) && value > 0);
  }
}

// Every second: the clock, each countdown and each time held. A hold that expires is freed by
// the server (its next `tablero` change, within about a second): the board decides nothing.
function tick() {
  $("reloj").textContent = formatClock(now());
  if (stale) return; // figures as of the last change: frozen, not counting on as if live
  for (const td of document.querySelectorAll("[data-vence]")) {
    const left = secondsUntil(td.dataset.vence);
    td.textContent = formatCountdown(left);
    td.parentElement.classList.toggle("por-vencer", left < EXPIRING_S);
  }
  for (const td of document.querySelectorAll("[data-desde]")) td.textContent = heldText(td.dataset.desde);
}

// A `tablero` event: the whole board (`completo`), or the rows and counts that changed.
function applyBoard(change) {
  if (change.completo) {
    held = new Map();
    summary = {};
  }
  for (const row of change.ocupados) held.set(row.tag_spool, row);
  for (const tag of change.libres) held.delete(tag);
  Object.assign(summary, change.resumen);
  syncClock(change.timestamp);
  loadedAt = now();
  if (!drawing) {
    drawing = true;
    requestAnimationFrame(drawBoard);
  }
}

// Changes arriving together are drawn once, at the next frame.
let drawing = false;
function drawBoard() {
  drawing = false;
  drawCounts(summary);
  drawHeld([...held.values()]);
}

// Without the server everything on screen is dimmed and marked as of its last load.
function markStale(value) {
  stale = value;
  document.body.classList.toggle("sin-datos", value);
  $("aviso-datos").hidden = !value;
  if (value && refused) $("aviso-datos").textContent = refused;
  else if (value && loadedAt !== null) {
    $("aviso-datos").textContent = `Sin conexión con el servidor: datos de las ${formatClock(loadedAt)}, no actualizados.`;
  }
}

// Where reads are closed (ZEUES_FLOOR_READS=dispositivo) the stream is refused like any read,
// without words: one read says why, in words the screen shows.
async function checkAccess() {
  try {
    await requestJSON("/api/dashboard/resumen");
    refused = "";
  } catch (err) {
    if (err instanceof ApiError && /^DISPOSITIVO_/.test(err.error || "")) {
      refused = err.message + BOARD_ENROL;
      markStale(true);
    }
  }
}

const toDraw = [];
function noteEvent(payload) {
  toDraw.push(payload);
  if (toDraw.length === 1) requestAnimationFrame(drawEvents);
}

function drawEvents() {
  const list = $("eventos");
  for (const d of toDraw.splice(0).slice(-MAX_EVENTS)) {
    const state = d.estado_texto || d.estado_detalle || "";
    const who = [d.worker_nombre || d.worker, d.operacion].filter(Boolean).join(" · ");
    const attention = /BLOQUEADO|RECHAZADO/.test(d.estado_detalle || "");
    list.prepend(el("li", { "data-tag": d.tag_spool, class: attention ? "atencion" : null },
      el("span", { class: "linea1" },
        el("span", { class: "hora", text: formatClock(d.timestamp) }),
        el("span", { class: "tag", text: d.tag_spool }),
        el("span", { class: "quien", text: who })),
      el("span", { class: "detalle", text: state })));
  }
  while (list.children.length > MAX_EVENTS) list.lastChild.remove();
  $("sin-eventos").hidden = list.children.length > 0;
}

function onState(state) {
  showConnection($("conexion"), state);
  // Live again: the stream's first `tablero` is the whole board (what changed while down).
  markStale(!state.connected);
}

function onEvent(payload, id, type) {
  if (type === "tablero") applyBoard(payload);
  else noteEvent(payload);
}

function startBoard() {
  setInterval(tick, 1000);
  window.addEventListener("resize", () => { if (loadedAt !== null) drawBoard(); });
  tick();
  openLiveStream({ url: "/api/sse/stream?tablero=true", types: ["spool_update", "tablero"], onEvent, onState });
}

// A TV opened with the console's link for the board (/tablero?enrolar=CODE) enrols first.
enrolFromLink().then((linked) => {
  if (linked && linked.error) refused = linked.error + BOARD_ENROL;
  else checkAccess();
  startBoard();
});
