// Worker tablet app: who am I, which operation, my queue, scan to act. Every rule comes from
// the server (/api/cola, /api/spools/{tag}/acciones); these modules only show and send.
// This one starts the app: the worker (remembered by the tablet), the operation, the scan field
// (which keeps the focus for the scanner) and the live stream that keeps the lists current.
import { $, el } from "../common/dom.js";
import { openLiveStream } from "../common/live-stream.js";
import { getJSON, onConnection, setOnline } from "./api.js";
import { cardHold, openCard, refreshCard, startCard } from "./card.js";
import { showIdentity } from "./identity.js";
import { resumePending } from "./intents.js";
import { startRegistro } from "./registro.js";
import { drawQueue, refresh, shownHolds, startQueue } from "./queue.js";
import { startRenewal } from "./renewal.js";
import { showResult } from "./result.js";
import { PAGE, WORKER_KEY, state } from "./state.js";

const OP_KEY = WORKER_KEY + ".op";

async function chooseWorker(worker) {
  const info = await getJSON(`/api/workers/${worker.id}/operaciones`);
  state.worker = { id: info.worker_id, nombre_completo: info.nombre_completo, nombre: worker.nombre, apellido: worker.apellido, operaciones: info.operaciones };
  localStorage.setItem(WORKER_KEY, JSON.stringify(state.worker));
  startWork();
}

function startWork() {
  const w = state.worker;
  $("identity").hidden = true;
  $("work").hidden = false;
  $("change-worker").hidden = false;
  $("open-registro").hidden = false;
  $("who").textContent = `${w.nombre_completo} · ${w.nombre || ""} ${w.apellido || ""}`.trim();
  const saved = localStorage.getItem(OP_KEY);
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
          localStorage.setItem(OP_KEY, op);
          state.selected.clear();
          showResult($("result"), {});
          drawOps();
          refresh();
        },
      }),
    ),
  );
}

function changeWorker() {
  localStorage.removeItem(WORKER_KEY);
  state.worker = null;
  state.selected.clear();
  $("work").hidden = true;
  $("change-worker").hidden = true;
  $("open-registro").hidden = true;
  $("who").textContent = "";
  showIdentity(chooseWorker);
}

function focusScan() {
  const scan = $("scan");
  if ($("work").hidden || document.querySelector("dialog[open]") || !$("confirm").hidden || !$("picker").hidden) return;
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
  const at = Date.now();
  if (at - typedAt > 1000) typed = "";
  typedAt = at;
  if (event.key === "Enter" && typed.length >= 3) {
    event.preventDefault();
    const tag = typed;
    typed = "";
    openCard(tag);
  } else if (event.key.length === 1) {
    typed += event.key;
  }
}

function refreshAll() {
  refresh();
  refreshCard();
}

// Any spool_update refreshes the lists (and an open card); the event's type is not read.
// Opened once a worker is known: the identity screen has nothing live to show.
let live = null;
function connectLive() {
  if (live) return;
  let timer = null;
  let opened = false;
  live = openLiveStream({
    onEvent: () => {
      clearTimeout(timer);
      timer = setTimeout(refreshAll, 150);
    },
    onState: ({ connected }) => {
      if (connected) {
        setOnline(true);
        if (opened) refreshAll(); // a reconnection may have missed changes (not on the first open)
        opened = true;
        return;
      }
      // The stream dropping is how an idle tablet notices the server is gone: ask the server
      // directly, so "Sin conexión" shows without waiting for the worker's next tap.
      getJSON("/api/health/live").catch(() => {});
    },
  });
}

function startApp() {
  onConnection((up) => { $("offline").hidden = up; if (up) refreshAll(); });
  window.addEventListener("offline", () => { $("offline").hidden = false; });
  startCard({ afterAction: refreshAll });
  startQueue({ onUnknownWorker: changeWorker });
  startRegistro();
  // The holds on screen (the queue's own, the open card's) are renewed while shown.
  startRenewal({ shown: () => [...shownHolds(), cardHold()].filter(Boolean), onChange: refreshAll });
  $("change-worker").addEventListener("click", changeWorker);
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
  const saved = localStorage.getItem(WORKER_KEY);
  if (saved) { state.worker = JSON.parse(saved); startWork(); } else showIdentity(chooseWorker);
}

startApp();
