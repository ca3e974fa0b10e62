// The worker's queue for the chosen operation, as the server decided it (/api/cola): "Mis
// spools" (PAUSAR, COMPLETAR), "Disponibles ahora" (select up to MAX_BATCH and TOMAR them in one
// batch) and "No disponibles" with the reason. startQueue({onUnknownWorker}) wires the batch bar;
// onUnknownWorker is called when the server no longer knows the signed-in worker.
// The tablet holds a first page of each group (rows.js); its stream moves one row per change
// (applyChange), "Mostrar más" and the search read more from the server.
import { $, el } from "../common/dom.js";
import { formatDuration, formatTime, secondsSince, secondsUntil, syncClock } from "../common/format.js";
import { getJSON } from "./api.js";
import { openCard } from "./card.js";
import { perform, release } from "./intents.js";
import { showResult } from "./result.js";
import { replan } from "./renewal.js";
import { addPage, applyRow, fromPage, hasMore } from "./rows.js";
import { PAGE, state } from "./state.js";
import { whatToRepair } from "./unions.js";
import { nvText, stateText } from "./words.js";

const MAX_BATCH = 50;
const LEASE_WARNING_S = 600;
const MORE = PAGE * 4;
const SEARCH_DEBOUNCE_MS = 150;
let onUnknownWorker = () => {};

function queueUrl(op, extra = "") {
  return `/api/cola?worker_id=${state.worker.id}&operacion=${op}&limite=${PAGE}${extra}`;
}

// Re-reads the first screen (on start, a new operation, a reconnection, after an action): under
// a burst of calls the tablet reads at most every MIN_GAP_MS. An unchanged queue answers 304.
const MIN_GAP_MS = 500;
let lastRead = 0;
let refreshing = null;
let again = false;
export async function refresh() {
  if (!state.worker) return;
  if (refreshing) { again = true; return refreshing; }
  refreshing = (async () => {
    do {
      if (again) await new Promise((r) => setTimeout(r, Math.max(0, lastRead + MIN_GAP_MS - Date.now())));
      again = false;
      lastRead = Date.now();
      try {
        const op = state.op;
        const page = await getJSON(queueUrl(op));
        if (op !== state.op) { again = true; continue; }
        state.cola = fromPage(page);
        state.today = page.timestamp.slice(0, 10);
        syncClock(page.timestamp);
        if (state.filter) search();
        keepSelectionInList();
        drawQueue();
      } catch (err) {
        if (err.status === 404) return onUnknownWorker();
      }
    } while (again);
  })();
  try { await refreshing; } finally { refreshing = null; }
}

// The scan field filters by tag or NV among every spool of the queue: the server searches.
let searchTimer = null;
let searchSeq = 0;
export function search() {
  clearTimeout(searchTimer);
  if (!state.filter) { state.found = null; drawQueue(); return; }
  searchTimer = setTimeout(async () => {
    const seq = ++searchSeq;
    const q = state.filter;
    try {
      const page = await getJSON(queueUrl(state.op, `&q=${encodeURIComponent(q)}`));
      if (seq !== searchSeq || q !== state.filter) return;
      state.found = fromPage(page);
      drawQueue();
    } catch (err) {
      // No connection: the banner says so; the list stays as it was.
    }
  }, SEARCH_DEBOUNCE_MS);
}

// A `cola` event of this tablet's stream: the one spool it names moves; a search is asked again.
let drawPending = false;
export function applyChange(row) {
  applyRow(state.cola, row);
  if (state.filter) search();
  if (state.selected.has(row.tag_spool) && row.grupo !== "disponibles") {
    state.selected.delete(row.tag_spool);
    tellGone([row.tag_spool]);
  }
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => { drawPending = false; drawQueue(); });
}

async function loadMore(name) {
  const view = shownQueue();
  const rows = view[name];
  const q = state.filter ? `&q=${encodeURIComponent(state.filter)}` : "";
  const after = rows.length ? `&despues=${encodeURIComponent(rows[rows.length - 1].tag_spool)}` : "";
  const url = `/api/cola?worker_id=${state.worker.id}&operacion=${state.op}&grupo=${name}&limite=${MORE}${after}${q}`;
  try {
    const page = await getJSON(url);
    addPage(view, name, page[name], MORE);
  } catch (err) {
    // No connection: the banner says so; the button stays.
  }
  drawQueue();
}

function shownQueue() {
  return state.filter && state.found ? state.found : state.cola;
}

function drawGroup(name, listId, countId, draw) {
  const view = shownQueue();
  const all = view[name];
  const total = state.cola.totales[name];
  const matched = state.filter && state.found ? view.encontrados[name] : total;
  $(countId).textContent = state.filter ? `(${matched} de ${total})` : `(${total})`;
  const rows = all.slice(0, state.shown[name]).map(draw);
  if (!all.length) rows.push(el("li", { class: "row" }, el("span", { class: "sub", text: "Ninguno." })));
  const left = Math.max(matched - Math.min(all.length, state.shown[name]), 0);
  if (all.length > state.shown[name] || (left > 0 && hasMore(view, name))) {
    rows.push(el("li", {}, el("button", {
      class: "btn more", type: "button", text: `Mostrar más (${left} restantes)`,
      onclick: () => {
        state.shown[name] += MORE;
        if (all.length < state.shown[name] && hasMore(view, name)) loadMore(name); else drawQueue();
      },
    })));
  }
  place($(listId), rows);
}

// Puts `rows` in `list`, keeping the node of each row drawn exactly as before: a redraw (a
// change elsewhere on the floor, the 30 s tick) must not swap the row under a finger mid-tap,
// which would lose the tap. Only what changed is replaced.
function place(list, rows) {
  const before = new Map();
  for (const node of list.children) if (node.dataset.tag) before.set(node.dataset.tag, node);
  const wanted = rows.map((drawn) => {
    const old = drawn.dataset.tag ? before.get(drawn.dataset.tag) : undefined;
    return old && old.isEqualNode(drawn) ? old : drawn;
  });
  // What leaves goes first, so the rows that stay are already in place and never move.
  const staying = new Set(wanted);
  for (const node of [...list.children]) if (!staying.has(node)) node.remove();
  let at = list.firstChild;
  for (const row of wanted) {
    if (row === at) { at = at.nextSibling; continue; }
    list.insertBefore(row, at);
  }
}

export function drawQueue() {
  drawGroup("mios", "mine", "mine-count", mineRow);
  drawGroup("disponibles", "free", "free-count", freeRow);
  drawGroup("no_disponibles", "unavailable", "blocked-count", unavailableRow);
  drawBatch();
  replan();
}

function tellGone(gone) {
  const which = gone.join(", ");
  const text = gone.length === 1
    ? `${which} ya no está disponible: se quitó de la selección.`
    : `${which} ya no están disponibles: se quitaron de la selección.`;
  showResult($("result"), { kind: "error", text });
}

// The selection follows the list: a spool another tablet took meanwhile leaves the list and
// the selection with it, and the worker is told, so a batch never sends what is not shown.
// Only spools within the rows held can be known gone; the server refuses any other.
function keepSelectionInList() {
  const held = [state.cola, state.found].filter(Boolean);
  const shown = new Set(held.flatMap((q) => q.disponibles.map((item) => item.tag_spool)));
  const covered = (tag) => held.some((q) => q.hasta.disponibles === null || tag <= q.hasta.disponibles);
  const gone = [...state.selected].filter((tag) => !shown.has(tag) && covered(tag));
  if (!gone.length) return;
  for (const tag of gone) state.selected.delete(tag);
  tellGone(gone);
}

// The held spools on screen now (their holds are renewed while shown), lapsed ones left out.
export function shownHolds() {
  return state.cola.mios.filter((item) => !item.toma_vencida).map((item) => item.tag_spool);
}

function tagButton(item) {
  return el("button", { class: "tag", type: "button", text: item.tag_spool, onclick: () => openCard(item.tag_spool) });
}

// A held spool: how long it has been held and, only when it matters, its hold: a hold this
// tablet keeps renewing needs no countdown; one near its end (the tablet was off) or lapsed
// (nobody took it: PAUSAR and COMPLETAR still work) is said in words.
function holdNote(item) {
  if (item.toma_vencida) {
    return el("span", { class: "lease-warn", text: `Su toma venció a las ${formatTime(item.lease_expires_at)} y nadie ha tomado el spool: puede pausar o completar.` });
  }
  if (!item.lease_expires_at) return null;
  const left = Math.max(0, secondsUntil(item.lease_expires_at));
  if (left >= LEASE_WARNING_S) return null;
  return el("span", { class: "lease-warn", text: `La toma vence a las ${formatTime(item.lease_expires_at)}` });
}

function mineRow(item) {
  const held = secondsSince(item.fecha_ocupacion);
  const op = state.op;
  const pause = el("button", { class: "btn", type: "button", text: "PAUSAR" });
  pause.addEventListener("click", () => release(pause, $("result"), item.tag_spool, op, "PAUSAR").then(refresh));
  const done = el("button", { class: "btn primary", type: "button", text: "COMPLETAR" });
  done.addEventListener("click", () => release(done, $("result"), item.tag_spool, op, "COMPLETAR").then(refresh));
  const note = holdNote(item);
  // data-op: the operation its buttons act on is part of the drawing, so place() keeps a row
  // only for the same operation.
  return el("li", { class: "row" + (item.toma_vencida ? " vencida" : ""), "data-tag": item.tag_spool, "data-op": op },
    el("div", { class: "info" }, tagButton(item),
      el("div", { class: "sub", text: `${nvText(item.nv)} · tomado hace ${formatDuration(held)}` }),
      ...progress(item), note ? el("div", { class: "sub" }, note) : null),
    pause, done);
}

// A spool with unions: its progress, "ARM 3/7 · SOLD 0/6 · 12.5 PD"; a spool waiting for its
// repair: what metrología rejected (the defect, the unions), what the repair crew looks for.
function progress(item) {
  const said = item.rechazo ? whatToRepair(item.rechazo) : "";
  return [
    item.progreso ? el("div", { class: "sub progreso", text: item.progreso }) : null,
    said ? el("div", { class: "sub rechazo-fila", text: `Rechazo de metrología · ${said}` }) : null,
  ];
}

function freeRow(item) {
  const sub = el("div", { class: "sub", text: `${nvText(item.nv)} · ${stateText(item)}` });
  if (state.op === "METROLOGIA") {
    return el("li", { class: "row", "data-tag": item.tag_spool },
      el("div", { class: "info" }, tagButton(item), sub, ...progress(item)),
      el("button", { class: "btn primary", type: "button", text: "Inspeccionar", onclick: () => openCard(item.tag_spool) }));
  }
  const checked = state.selected.has(item.tag_spool);
  const box = el("input", { type: "checkbox", class: "check", id: "sel-" + item.tag_spool, checked, "aria-label": `Seleccionar ${item.tag_spool}` });
  box.addEventListener("change", () => {
    if (box.checked && state.selected.size >= MAX_BATCH) {
      box.checked = false;
      showResult($("result"), { kind: "error", text: `Máximo ${MAX_BATCH} spools por toma.` });
      return;
    }
    if (box.checked) state.selected.add(item.tag_spool); else state.selected.delete(item.tag_spool);
    box.toggleAttribute("checked", box.checked); // drawn the same as a redraw would: kept (place)
    box.closest(".row").classList.toggle("selected", box.checked);
    drawBatch();
  });
  const row = el("li", { class: "row pick" + (checked ? " selected" : ""), "data-tag": item.tag_spool },
    box, el("div", { class: "info" }, tagButton(item), sub, ...progress(item)));
  // The whole row toggles the selection (a gloved finger need not hit the box); the tag opens the card.
  row.addEventListener("click", (event) => {
    if (event.target === box || event.target.closest("button")) return;
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change"));
  });
  return row;
}

function unavailableRow(item) {
  const alert = item.error === "SPOOL_BLOQUEADO";
  return el("li", { class: "row", "data-tag": item.tag_spool },
    el("div", { class: "info" }, tagButton(item),
      el("div", { class: "motivo" + (alert ? " alerta" : ""), text: item.motivo || item.message }), ...progress(item)));
}

function drawBatch() {
  const n = state.selected.size;
  $("batch").hidden = n === 0;
  $("batch-count").textContent = `${n} seleccionado${n === 1 ? "" : "s"} (máx. ${MAX_BATCH})`;
}

async function batchTake() {
  keepSelectionInList();
  drawBatch();
  const tags = [...state.selected];
  if (!tags.length) return;
  const outcome = await perform($("batch-take"), $("result"), "/api/occupation/batch-tomar",
    { tag_spools: tags, worker_id: state.worker.id, operacion: state.op },
    (data) => ({
      kind: data.failed ? "error" : "ok",
      text: `TOMAR: ${data.succeeded} tomado${data.succeeded === 1 ? "" : "s"}, ${data.failed} rechazado${data.failed === 1 ? "" : "s"}.`,
      items: data.details.map((d) => d.success ? `✓ ${d.tag_spool}: ${d.estado_texto || d.estado_detalle}` : `✗ ${d.tag_spool}: ${d.message}`),
    }));
  if (outcome && outcome.ok) state.selected.clear();
  refresh();
}

export function startQueue(options) {
  onUnknownWorker = options.onUnknownWorker;
  $("batch-take").addEventListener("click", batchTake);
  $("batch-clear").addEventListener("click", () => { state.selected.clear(); drawQueue(); });
  setInterval(() => { if (state.worker) drawQueue(); }, 30000); // time held / lease left
}
