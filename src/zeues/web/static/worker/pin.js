// The PIN pad (issue 22): after the worker identifies (tile, search or badge), the tablet asks
// the worker's PIN and opens a session (POST /api/sesiones); at first use the worker chooses a
// new PIN and types it twice. The server decides everything: wrong PIN, lockout, no PIN yet.
import { $, el } from "../common/dom.js";
import { ApiError, requestJSON } from "../common/request.js";
import { keepSession } from "../common/session.js";
import { showResult } from "./result.js";

const MIN = 4;
const MAX = 6;
let typed = "";
let step = "pin"; // "pin", then at first use "nuevo" and "repetir"
let pin = "";
let nuevo = "";
let current = null; // {worker, onSignedIn, onCancel, onUnenrolled}

const TITLES = {
  pin: "Ingrese su PIN",
  nuevo: "Elija su PIN nuevo (4 a 6 dígitos)",
  repetir: "Repita su PIN nuevo",
};

function draw() {
  $("pin-title").textContent = TITLES[step];
  $("pin-dots").textContent = typed ? "●".repeat(typed.length) : "—";
  $("pin-enter").disabled = typed.length < MIN;
}

function press(key) {
  if (key === "borrar") typed = typed.slice(0, -1);
  else if (typed.length < MAX) typed += key;
  draw();
}

function say(kind, text) {
  showResult($("pin-message"), { kind, text });
}

async function submit() {
  if (typed.length < MIN) return;
  if (step === "nuevo") {
    nuevo = typed;
    typed = "";
    step = "repetir";
    say("", "");
    return draw();
  }
  if (step === "repetir" && typed !== nuevo) {
    typed = "";
    step = "nuevo";
    say("error", "Los dos PIN no coinciden. Elija su PIN nuevo otra vez.");
    return draw();
  }
  if (step === "pin") pin = typed;
  const body = { worker_id: current.worker.id, pin };
  if (step === "repetir") body.pin_nuevo = nuevo;
  typed = "";
  draw();
  $("pin-enter").disabled = true;
  try {
    const answer = await requestJSON("/api/sesiones", { method: "POST", body });
    keepSession(answer);
    hide();
    current.onSignedIn();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    refused(err);
  }
}

function refused(err) {
  if (err.error === "CAMBIO_DE_PIN_REQUERIDO") {
    step = "nuevo";
    say("", err.message);
  } else if (err.error === "DISPOSITIVO_NO_ENROLADO" || err.error === "DISPOSITIVO_REVOCADO") {
    hide();
    current.onUnenrolled(err.body);
    return;
  } else {
    step = "pin";
    say("error", err.message);
  }
  draw();
}

function hide() {
  $("pin").hidden = true;
  document.removeEventListener("keydown", onKey);
}

function onKey(event) {
  if ($("pin").hidden) return;
  if (/^[0-9]$/.test(event.key)) press(event.key);
  else if (event.key === "Backspace") press("borrar");
  else if (event.key === "Enter") submit();
  else return;
  event.preventDefault();
}

function keys() {
  const digit = (d) => el("button", { class: "btn key", type: "button", text: d, onclick: () => press(d) });
  return [
    ..."123456789".split("").map(digit),
    el("button", { class: "btn key", type: "button", text: "Borrar", "aria-label": "Borrar un dígito", onclick: () => press("borrar") }),
    digit("0"),
    el("button", { id: "pin-enter", class: "btn key primary", type: "button", text: "Entrar", onclick: submit }),
  ];
}

// `notice`: why the PIN is asked again (a session that ended), shown above the pad.
export function showPin(worker, handlers, notice = "") {
  current = { worker, ...handlers };
  typed = "";
  pin = "";
  step = "pin";
  $("pin").hidden = false;
  $("pin-who").textContent = `${worker.nombre || ""} ${worker.apellido || ""} · N.º ${worker.id}`.trim();
  $("pin-keys").replaceChildren(...keys());
  $("pin-cancel").onclick = () => {
    hide();
    current.onCancel();
  };
  say(notice ? "error" : "", notice);
  draw();
  document.addEventListener("keydown", onKey);
  $("pin-keys").querySelector("button").focus();
}
