// Worker PINs in the console (issue 22): who has one, who must still change it, wrong attempts
// and lockouts (locked workers first); a new PIN for one worker (it also lifts a lockout), and
// a printable sheet of initial PINs for the workers who have none.
import { $, cell, el, messageRow } from "../common/dom.js";
import { formatTime } from "../common/format.js";
import { requestJSON } from "../common/request.js";
import { token, tokenRefused } from "./session.js";

function showPinsError(err) {
  if (!tokenRefused(err)) $("error-pines").textContent = err.message;
}

const pinState = (w) => (!w.tiene_pin ? "Sin PIN" : w.debe_cambiar ? "Debe cambiarlo" : "Sí");

async function newPin(worker) {
  try {
    const made = await requestJSON(`/api/admin/workers/${worker.worker_id}/pin`, { method: "POST", token: token(), body: {} });
    const box = $("pin-aviso");
    box.replaceChildren(`PIN nuevo de ${made.worker_nombre}: `, el("b", { text: made.pin }), " (debe cambiarlo en su primer ingreso).");
    box.hidden = false;
    loadPins();
  } catch (err) {
    showPinsError(err);
  }
}

export async function loadPins() {
  let answer;
  try {
    answer = await requestJSON("/api/admin/pines", { token: token() });
  } catch (err) {
    showPinsError(err);
    return;
  }
  $("error-pines").textContent = "";
  $("n-bloqueados-pin").textContent = answer.bloqueados ? `${answer.bloqueados} ${answer.bloqueados === 1 ? "bloqueado" : "bloqueados"}` : "";
  const ordered = [...answer.trabajadores].sort((a, b) => Number(b.bloqueado) - Number(a.bloqueado) || b.intentos_fallidos - a.intentos_fallidos);
  const rows = ordered.map((w) => el("tr", { "data-worker": String(w.worker_id), class: w.bloqueado ? "alto" : null },
    cell(w.worker_nombre), cell(pinState(w)), cell(String(w.intentos_fallidos), "num"),
    cell(w.bloqueado ? formatTime(w.bloqueado_hasta) : "—"),
    el("td", {}, el("button", { type: "button", class: "secundario", text: w.bloqueado ? "Desbloquear con PIN nuevo" : "PIN nuevo", "aria-label": `PIN nuevo para ${w.worker_nombre}`, onclick: () => newPin(w) }))));
  $("pines").replaceChildren(...(rows.length ? rows : [messageRow(5, "No hay trabajadores activos.", "suave")]));
}

async function sheet() {
  try {
    const made = await requestJSON("/api/admin/pines/hoja", { method: "POST", token: token(), body: {} });
    $("hoja-filas").replaceChildren(...(made.pines.length
      ? made.pines.map((p) => el("tr", { "data-worker": String(p.worker_id) }, cell(p.worker_nombre), cell(p.pin)))
      : [messageRow(2, "Todos los trabajadores activos ya tienen PIN.", "suave")]));
    if (made.pendientes) $("hoja-filas").append(messageRow(2, `Quedan ${made.pendientes} sin PIN: pida otra hoja.`, "suave"));
    $("hoja").hidden = false;
    loadPins();
  } catch (err) {
    showPinsError(err);
  }
}

export function startPins() {
  $("pin-hoja").addEventListener("click", sheet);
  $("hoja-imprimir").addEventListener("click", () => window.print());
  loadPins();
}
