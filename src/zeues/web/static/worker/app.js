// Worker tablet app: who am I, which operation, my queue, scan to act. Every rule comes from
// the server (/api/cola, /api/spools/{tag}/acciones); this file only shows and sends.
import { getJSON, onConnection, setOnline } from "./api.js";
import { openCard, refreshCard } from "./card.js";
import { $, duration, el, hhmm, minutesBetween, showResult } from "./dom.js";
import { actionUrl, intentBody, perform, resumePending, success } from "./intents.js";
import { askCompletar } from "./confirm.js";
import { showIdentity } from "./identity.js";

const STORAGE = "zeues.worker";
const MAX_BATCH = 50;
const PAGE = 60; // rows drawn per group before "Mostrar más"

export const state = {
  worker: null, // {id, nombre_completo, operaciones}
  op: null,
  cola: { mios: [], disponibles: [], no_disponibles: [] },
  today: null, // the shop's date (YYYY-MM-DD), from the server's clock
  selected: new Set(),
  shown: { mios: PAGE, disponibles: PAGE, no_disponibles: PAGE },
  filter: "",
};

function matches(item) {
  if (!state.filter) return true;
  const q = state.filter.toUpperCase();
  return item.tag_spool.toUpperCase().includes(q) || (item.nv || "").toUpperCase().includes(q);
}

async function chooseWorker(worker) {
  const info = await getJSON(`/api/workers/${worker.id}/operaciones`);
  state.worker = { id: info.worker_id, nombre_completo: info.nombre_completo, nombre: worker.nombre, apellido: worker.apellido, operaciones: info.operaciones };
  localStorage.setItem(STORAGE, JSON.stringify(state.worker));
  startWork();
}

function startWork() {
  const w = state.worker;
  $("identity").hidden = true;
  $("work").hidden = false;
  $("change-worker").hidden = false;
  $("who").textContent = `${w.nombre_completo} · ${w.nombre || ""} ${w.apellido || ""}`.trim();
  const saved = localStorage.getItem(STORAGE + ".op");
  state.op = w.operaciones.includes(saved) ? saved : w.operaciones[0];
  drawOps();
  refresh();
  connectLive();
  focusScan();
  resumePending($("result")).then((outcome) => { if (outcome) refresh(); });
}

function drawOps() {
  $("ops").replaceChildren(
    ...state.worker.operaciones.map((op) =>
      el("button", {
        class: "btn", type: "button", "aria-pressed": String(op === state.op), text: op,
        onclick: () => {
          state.op = op;
          localStorage.setItem(STORAGE + ".op", op);
          state.selected.clear();
          showResult($("result"), {});
          drawOps();
          refresh();
        },
      }),
    ),
  );
}

// The queue is decided on the server for every spool (tens of ms): under a burst of changes a
// tablet reads it at most every MIN_GAP_MS, a single change still shows within ~0.3 s.
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
        const cola = await getJSON(`/api/cola?worker_id=${state.worker.id}&operacion=${op}`);
        if (op !== state.op) { again = true; continue; }
        state.cola = cola;
        state.today = cola.timestamp.slice(0, 10);
        drawQueue();
      } catch (err) {
        if (err.status === 404) return changeWorker();
      }
    } while (again);
  })();
  try { await refreshing; } finally { refreshing = null; }
}

function drawGroup(name, listId, countId, draw) {
  const all = state.cola[name].filter(matches);
  const total = state.cola[name].length;
  $(countId).textContent = state.filter ? `(${all.length} de ${total})` : `(${total})`;
  const rows = all.slice(0, state.shown[name]).map(draw);
  if (!all.length) rows.push(el("li", { class: "row" }, el("span", { class: "sub", text: "Ninguno." })));
  if (all.length > state.shown[name]) {
    rows.push(el("li", {}, el("button", {
      class: "btn more", type: "button", text: `Mostrar más (${all.length - state.shown[name]} restantes)`,
      onclick: () => { state.shown[name] += PAGE * 4; drawQueue(); },
    })));
  }
  $(listId).replaceChildren(...rows);
}

export function drawQueue() {
  const now = Date.now();
  drawGroup("mios", "mine", "mine-count", (item) => mineRow(item, now));
  drawGroup("disponibles", "free", "free-count", freeRow);
  drawGroup("no_disponibles", "unavailable", "blocked-count", unavailableRow);
  drawBatch();
}

function tagButton(item) {
  return el("button", { class: "tag", type: "button", text: item.tag_spool, onclick: () => openCard(item.tag_spool) });
}

function mineRow(item, now) {
  const held = minutesBetween(Date.parse(item.fecha_ocupacion), now);
  const left = item.lease_expires_at ? minutesBetween(now, Date.parse(item.lease_expires_at)) : null;
  const lease = left === null ? "sin vencimiento" : `vence en ${duration(left)}`;
  const op = state.op;
  const pause = el("button", { class: "btn", type: "button", text: "PAUSAR" });
  pause.addEventListener("click", () =>
    perform(pause, $("result"), actionUrl("PAUSAR"), intentBody(state.worker.id, item.tag_spool, op, "PAUSAR"), success).then(refresh));
  const done = el("button", { class: "btn primary", type: "button", text: "COMPLETAR" });
  done.addEventListener("click", () => completar(done, $("result"), item.tag_spool, op).then(refresh));
  return el("li", { class: "row", "data-tag": item.tag_spool },
    el("div", { class: "info" }, tagButton(item),
      el("div", { class: "sub", text: `Tomado hace ${duration(held)} · ` },
        el("span", { class: left !== null && left < 10 ? "lease-warn" : "", text: lease }))),
    pause, done);
}

export async function completar(button, box, tag, op) {
  const fecha = await askCompletar(tag, op, state.today);
  if (!fecha) return null;
  return perform(button, box, actionUrl("COMPLETAR"),
    intentBody(state.worker.id, tag, op, "COMPLETAR", { fecha_operacion: fecha }), success);
}

function freeRow(item) {
  if (state.op === "METROLOGIA") {
    return el("li", { class: "row", "data-tag": item.tag_spool },
      el("div", { class: "info" }, tagButton(item), el("div", { class: "sub", text: `NV ${item.nv || "—"} · ${item.estado_detalle}` })),
      el("button", { class: "btn primary", type: "button", text: "Inspeccionar", onclick: () => openCard(item.tag_spool) }));
  }
  const id = "sel-" + item.tag_spool;
  const checked = state.selected.has(item.tag_spool);
  const box = el("input", { type: "checkbox", class: "check", id, checked, "aria-label": `Seleccionar ${item.tag_spool}` });
  box.addEventListener("change", () => {
    if (box.checked && state.selected.size >= MAX_BATCH) {
      box.checked = false;
      showResult($("result"), { kind: "error", text: `Máximo ${MAX_BATCH} spools por toma.` });
      return;
    }
    if (box.checked) state.selected.add(item.tag_spool); else state.selected.delete(item.tag_spool);
    box.closest(".row").classList.toggle("selected", box.checked);
    drawBatch();
  });
  const row = el("li", { class: "row pick" + (checked ? " selected" : ""), "data-tag": item.tag_spool },
    box,
    el("div", { class: "info" }, tagButton(item), el("div", { class: "sub", text: `NV ${item.nv || "—"} · ${item.estado_detalle}` })));
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
      el("div", { class: "motivo" + (alert ? " alerta" : ""), text: item.motivo || item.message })));
}

function drawBatch() {
  const n = state.selected.size;
  $("batch").hidden = n === 0;
  $("batch-count").textContent = `${n} seleccionado${n === 1 ? "" : "s"} (máx. ${MAX_BATCH})`;
}

async function batchTake() {
  const tags = [...state.selected];
  if (!tags.length) return;
  const outcome = await perform($("batch-take"), $("result"), "/api/occupation/batch-tomar",
    { tag_spools: tags, worker_id: state.worker.id, operacion: state.op },
    (data) => ({
      kind: data.failed ? "error" : "ok",
      text: `TOMAR: ${data.succeeded} tomados, ${data.failed} rechazados.`,
      items: data.details.map((d) => d.success ? `✓ ${d.tag_spool}: ${d.estado_detalle}` : `✗ ${d.tag_spool}: ${d.message}`),
    }));
  if (outcome && outcome.ok) state.selected.clear();
  refresh();
}

function changeWorker() {
  localStorage.removeItem(STORAGE);
  state.worker = null;
  state.selected.clear();
  $("work").hidden = true;
  $("change-worker").hidden = true;
  $("who").textContent = "";
  showIdentity(chooseWorker);
}

function focusScan() {
  const scan = $("scan");
  if ($("work").hidden || document.querySelector("dialog[open]") || !$("confirm").hidden) return;
  if (document.activeElement !== scan) scan.focus();
}

function onScanKey(event) {
  if (event.key !== "Enter") return;
  event.preventDefault(); // the Enter must not also press a button of the card it opens
  const tag = $("scan").value.trim();
  if (!tag) return;
  $("scan").value = "";
  state.filter = "";
  drawQueue();
  openCard(tag);
}

// While the card is open the scan field is behind it: a scanner's tag + Enter typed anywhere
// but in a field opens that spool's card instead.
let typed = "";
let typedAt = 0;
function onCardKey(event) {
  if (!$("card").open || event.target.matches("input, textarea")) return;
  const now = Date.now();
  if (now - typedAt > 1000) typed = "";
  typedAt = now;
  if (event.key === "Enter" && typed.length >= 3) {
    event.preventDefault();
    const tag = typed;
    typed = "";
    openCard(tag);
  } else if (event.key.length === 1) {
    typed += event.key;
  }
}

let live = null;
function connectLive() {
  // Any spool_update refreshes the lists (and an open card); the event's type is not read.
  // Opened once a worker is known: the identity screen has nothing live to show.
  if (live) return;
  const source = new EventSource("/api/sse/stream");
  live = source;
  let timer = null;
  source.addEventListener("spool_update", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { refresh(); refreshCard(); }, 150);
  });
  // A reconnection may have missed changes: read everything again (not on the first open).
  let opened = false;
  source.addEventListener("open", () => {
    setOnline(true);
    if (opened) { refresh(); refreshCard(); }
    opened = true;
  });
  // The stream dropping is how an idle tablet notices the server is gone: ask the server
  // directly, so "Sin conexión" shows without waiting for the worker's next tap.
  source.addEventListener("error", () => { getJSON("/api/health/live").catch(() => {}); });
}

function init() {
  onConnection((up) => { $("offline").hidden = up; if (up) { refresh(); refreshCard(); } });
  window.addEventListener("offline", () => { $("offline").hidden = false; });
  $("change-worker").addEventListener("click", changeWorker);
  $("batch-take").addEventListener("click", batchTake);
  $("batch-clear").addEventListener("click", () => { state.selected.clear(); drawQueue(); });
  $("scan").addEventListener("keydown", onScanKey);
  document.addEventListener("keydown", onCardKey);
  $("scan").addEventListener("input", () => {
    state.filter = $("scan").value.trim();
    state.shown = { mios: PAGE, disponibles: PAGE, no_disponibles: PAGE };
    drawQueue();
  });
  // The scanner types into the scan field: give it back the focus whenever nothing else needs it.
  document.addEventListener("focusout", () => setTimeout(focusScan, 0));
  document.addEventListener("click", () => setTimeout(focusScan, 0));
  setInterval(() => { if (state.worker) drawQueue(); }, 30000); // time held / lease left
  const saved = localStorage.getItem(STORAGE);
  if (saved) { state.worker = JSON.parse(saved); startWork(); } else showIdentity(chooseWorker);
}

init();
