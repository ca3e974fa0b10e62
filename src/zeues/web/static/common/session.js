// Who is acting on this tablet (issue 22, CONTRACT §2.8): the floor's access mode
// (GET /api/acceso), the worker session opened with the worker's PIN (kept by the tablet until
// «Cambiar trabajador» or until the server ends it) and the header every action carries. The
// tablet's own credential (dispositivo+pin) is a cookie the browser sends by itself.
import { request, requestJSON } from "./request.js";

const KEY = "zeues.sesion";
// Answers that mean this tablet must sign its worker in again (or be enrolled first).
export const SESSION_LOST = new Set(["SESION_REQUERIDA", "SESION_VENCIDA", "DISPOSITIVO_NO_ENROLADO", "DISPOSITIVO_REVOCADO"]);
const listeners = new Set();
let access = null;

// {modo, requiere_sesion, requiere_dispositivo}; a server that cannot say asks for nothing
// (its refusals, if any, then bring the PIN pad up through sessionLost).
export async function floorAccess() {
  if (!access) access = await requestJSON("/api/acceso").catch(() => ({ modo: "abierto", requiere_sesion: false, requiere_dispositivo: false }));
  return access;
}

function current() {
  try {
    return JSON.parse(localStorage.getItem(KEY));
  } catch (err) {
    return null;
  }
}

export function sessionFor(workerId) {
  const found = current();
  return found && found.worker_id === workerId ? found : null;
}

export function keepSession(answer) {
  localStorage.setItem(KEY, JSON.stringify({ token: answer.token, worker_id: answer.worker_id }));
}

export function sessionHeaders() {
  const found = current();
  return found ? { "X-Worker-Session": found.token } : {};
}

// «Cambiar trabajador»: forgotten here at once, ended on the server when it can be reached.
export function endSession() {
  const found = current();
  localStorage.removeItem(KEY);
  if (!found) return;
  request("/api/sesiones/cerrar", { method: "POST", headers: { "X-Worker-Session": found.token } }).catch(() => {});
}

export function onSessionLost(listener) {
  listeners.add(listener);
}

// An action was refused for who was acting (the error shape of the answer): the session is
// gone; the app shows the PIN pad, or the screen of a tablet that is not enrolled.
export function sessionLost(answer) {
  localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(answer));
}
