// Tablets (issue 22, `dispositivo+pin`): enrol one (the code to type on it, shown large enough
// to read out, and beside it the QR of the link that enrols the tablet which opens it), the
// list with each one's state and last use, and Revocar (it stops at once).
import { $, cell, el, messageRow } from "../common/dom.js";
import { formatDate, formatTime, now } from "../common/format.js";
import { requestJSON } from "../common/request.js";
import { notify } from "./actions.js";
import { token, tokenRefused } from "./session.js";

const ESTADOS = { pendiente: "Pendiente (código sin usar)", enrolada: "Enrolada", revocada: "Revocada" };
const when = (value) => (value ? `${formatDate(value)} ${formatTime(value)}` : "—");

function showTabletsError(err) {
  if (!tokenRefused(err)) $("error-tablets").textContent = err.message;
}

async function revoke(tablet) {
  if (!window.confirm(`¿Revocar «${tablet.nombre}»? Dejará de registrar acciones de inmediato.`)) return;
  try {
    await requestJSON(`/api/admin/dispositivos/${tablet.dispositivo_id}/revocar`, { method: "POST", token: token() });
    notify(`Tablet «${tablet.nombre}» revocada.`);
    loadTablets();
  } catch (err) {
    showTabletsError(err);
  }
}

export async function loadTablets() {
  let answer;
  try {
    answer = await requestJSON("/api/admin/dispositivos", { token: token() });
  } catch (err) {
    showTabletsError(err);
    return;
  }
  $("error-tablets").textContent = "";
  $("n-tablets").textContent = String(answer.total);
  const rows = answer.dispositivos.map((t) => el("tr", { "data-tablet": String(t.dispositivo_id) },
    cell(t.nombre), cell(ESTADOS[t.estado] || t.estado), cell(when(t.enrolada_at)), cell(when(t.ultimo_uso_at)),
    el("td", {}, t.estado === "revocada" ? null
      : el("button", { type: "button", class: "secundario", text: "Revocar", "aria-label": `Revocar ${t.nombre}`, onclick: () => revoke(t) }))));
  $("tablets").replaceChildren(...(rows.length ? rows : [messageRow(5, "Ninguna tablet enrolada.", "suave")]));
  const used = waiting && answer.dispositivos.find((t) => t.dispositivo_id === waiting.dispositivo_id && t.estado !== "pendiente");
  if (used) endCode(`«${used.nombre}» quedó enrolada a las ${formatTime(used.enrolada_at)}.`);
}

// The code on screen: until its tablet uses it (the list is read every few seconds meanwhile:
// an enrolment sends no live event) or it lapses, when code and QR give way to what happened.
let waiting = null;
let codeTimers = [];
const CODE_POLL_MS = 3000;

function stopWaiting() {
  waiting = null;
  codeTimers.forEach(clearTimeout); // the same pool of ids as setInterval's
  codeTimers = [];
}

function endCode(text) {
  stopWaiting();
  $("tablet-codigo").replaceChildren(el("p", { text }));
}

function awaitCode(made) {
  stopWaiting();
  waiting = made;
  const lapse = new Date(made.expira_at).getTime() - now(); // the server's clock, as synced
  codeTimers = [
    setInterval(loadTablets, CODE_POLL_MS),
    setTimeout(() => endCode(`El código de «${made.nombre}» venció sin usarse: enrólela de nuevo.`), Math.max(lapse, 0)),
  ];
}

// The same code for a TV: the board at the same address enrols itself with it.
function boardLink(link) {
  const url = new URL(link);
  url.pathname = url.pathname.replace(/\/$/, "/tablero");
  return url.href;
}

// A link to localhost opens the tablet itself, not the server: the QR would enrol nothing.
function onlyThisComputer(link) {
  const host = new URL(link).hostname;
  return host === "localhost" || host === "[::1]" || host.startsWith("127.");
}

async function enrol(event) {
  event.preventDefault();
  const nombre = $("tablet-nombre").value.trim();
  if (!nombre) return;
  try {
    const made = await requestJSON("/api/admin/dispositivos/enrolar", { method: "POST", token: token(), body: { nombre } });
    const box = $("tablet-codigo");
    box.replaceChildren(
      el("div", { class: "enrolar-texto" },
        el("p", {}, `Escriba en «${made.nombre}» el código `, el("b", { text: made.codigo }), ` antes de las ${formatTime(made.expira_at)}, o escanee el QR con la cámara de la tablet.`),
        el("p", { id: "tablet-enlace-tablero", class: "suave", text: `Para una pantalla del tablero (TV), abra en ella: ${boardLink(made.enlace)}` }),
        onlyThisComputer(made.enlace) ? el("p", { id: "tablet-qr-local", class: "error", text: "Esta dirección es la de este computador: una tablet no la alcanza. Abra la consola con la dirección de red del servidor, o configure ZEUES_TABLET_URL." }) : null),
      el("figure", {},
        el("img", { id: "tablet-qr", src: made.qr, alt: `Código QR para enrolar «${made.nombre}»: abre ${made.enlace}` }),
        el("figcaption", { text: made.enlace })));
    box.hidden = false;
    $("tablet-nombre").value = "";
    awaitCode(made);
    loadTablets();
  } catch (err) {
    showTabletsError(err);
  }
}

export function startTablets() {
  $("form-tablet").addEventListener("submit", enrol);
  loadTablets();
}
