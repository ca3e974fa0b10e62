// Worker tablet app: who am I, which operation, my queue, scan to act. Every rule comes from
// the server (/api/cola, /api/spools/{tag}/acciones); these modules only show and send.
// This one starts the app: the worker (remembered by the tablet), the operation, the scan field
// (which keeps the focus for the scanner) and the live stream that keeps the lists current.
import { $, el } from "../common/dom.js";
import { enrolFromLink } from "../common/enrol-link.js";
import { openLiveStream } from "../common/live-stream.js";
import { endSession, floorAccess, onSessionLost, sessionFor } from "../common/session.js";
import { getJSON, onConnection, setOnline } from "./api.js";
import { cardHold, cardTag, openCard, refreshCard, startCard } from "./card.js";
import { ensureEnrolled } from "./enrol.js";
import { showIdentity } from "./identity.js";
import { resumePending } from "./intents.js";
import { focusScan } from "./scan-field.js";
import { startRegistro } from "./registro.js";
import { applyChange, drawQueue, refresh, search, shownHolds, startQueue } from "./queue.js";
import { startRenewal } from "./renewal.js";
import { showPin } from "./pin.js";
import { showResult } from "./result.js";
import { PAGE, WORKER_KEY, state } from "./state.js";

const OP_KEY = WORKER_KEY + ".op";

async function chooseWorker(worker) {
  const info = await getJSON(`/api/workers/${worker.id}/operaciones`);
  state.worker = { id: info.worker_id, nombre_completo: info.nombre_completo, nombre: worker.nombre, apellido: worker.apellido, operaciones: info.operaciones };
  localStorage.setItem(WORKER_KEY, JSON.stringify(state.worker));
  startWork();
}

// Where the floor asks for it (ZEUES_FLOOR_AUTH), the worker's PIN before the work screen.
async function startWork(notice = "") {
  const access = await floorAccess();
  if (access.requiere_sesion && !sessionFor(state.worker.id)) {
    $("identity").hidden = true;
    leaveWork();
    showPin(state.worker, { onSignedIn: beginWork, onCancel: changeWorker, onUnenrolled: () => enrolThen(startWork) }, notice);
    return;
  }
  beginWork();
}

// An action refused for who was acting: the PIN again, or first this tablet's enrolment.
function onLost(answer) {
  if (!state.worker) return;
  if (answer.error === "DISPOSITIVO_NO_ENROLADO" || answer.error === "DISPOSITIVO_REVOCADO") {
    leaveWork();
    enrolThen(startWork, answer.error === "DISPOSITIVO_REVOCADO");
    return;
  }
  startWork(answer.message || "Su sesión terminó: ingrese su PIN otra vez.");
}

// The work screen (and an open card) out of the way of the PIN pad or the enrolment screen.
function leaveWork() {
  if ($("card").open) $("card").close();
  $("work").hidden = true;
  $("change-worker").hidden = true;
  $("who").textContent = "";
}

async function enrolThen(next, revoked = false) {
  await ensureEnrolled(revoked);
  next();
}

function beginWork() {
  const w = state.worker;
  showResult($("enrol-notice"), {}); // "Tablet enrolada": said until the first worker starts
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
          state.found = null;
          showResult($("result"), {});
          drawOps();
          refresh();
          connectLive(); // the stream of this operation's queue
        },
      }),
    ),
  );
}

function changeWorker() {
  endSession();
  localStorage.removeItem(WORKER_KEY);
  state.worker = null;
  state.selected.clear();
  if (live) { live.close(); live = null; }
  $("work").hidden = true;
  $("change-worker").hidden = true;
  $("open-registro").hidden = true;
  $("who").textContent = "";
  showIdentity(chooseWorker);
}

function onScanKey(event) {
  if (event.key !== "Enter") return;
  event.preventDefault(); // the Enter must not also press a button of the card it opens
  const tag = $("scan").value.trim();
  if (!tag) return;
  $("scan").value = "";
  state.filter = "";
  state.found = null;
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

// The tablet's own stream (/api/sse/stream?worker_id=&operacion=): each `cola` event is the
// row of one spool that changed, decided on the server; it moves that row (and refreshes the
// card open on that spool). Every time the stream opens, the first screen is read again
// (an unchanged queue answers 304): a tablet that missed events ends equal to a fresh load.
// Opened once a worker is known, again for each operation chosen.
let live = null;
let cardTimer = null;
function connectLive() {
  if (live) live.close();
  const url = `/api/sse/stream?worker_id=${state.worker.id}&operacion=${state.op}`;
  const op = state.op;
  live = openLiveStream({
    url,
    types: ["cola"],
    onEvent: (row) => {
      if (op !== state.op) return;
      applyChange(row);
      if (row.tag_spool === cardTag()) {
        clearTimeout(cardTimer);
        cardTimer = setTimeout(refreshCard, 150);
      }
    },
    onState: ({ connected }) => {
      if (connected) {
        setOnline(true);
        refreshAll();
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
  // Through the one connection state, so the answer that ends it also hides the banner.
  window.addEventListener("offline", () => setOnline(false));
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
    search();
    drawQueue();
  });
  // The scanner types into the scan field: give it back the focus whenever nothing else needs it.
  document.addEventListener("focusout", () => setTimeout(focusScan, 0));
  document.addEventListener("click", () => setTimeout(focusScan, 0));
  onSessionLost(onLost);
  floorAccess().then(async (access) => {
    const linked = await enrolFromLink();
    if (linked) showResult($("enrol-notice"), linked.error ? { kind: "error", text: linked.error } : { kind: "ok", text: `Tablet enrolada como «${linked.nombre}».` });
    if (access.requiere_dispositivo) await ensureEnrolled();
    const saved = localStorage.getItem(WORKER_KEY);
    if (saved) { state.worker = JSON.parse(saved); startWork(); } else showIdentity(chooseWorker);
  });
}

startApp();
