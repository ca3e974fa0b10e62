// The console's session (issue 22): a supervisor signs in with their own number and PIN
// (POST /api/supervisor/sesion; the session's token then opens the console's routes and every
// action is recorded in their name), kept for this browser tab (sessionStorage: gone when the
// tab closes). The admin token stays for automation: with it, the supervisor picks himself among
// the workers with the Supervisor role — offered only on an open floor (`abierto`): where the
// floor asks who is acting, a person signs in as themself.
import { $, el } from "../common/dom.js";
import { requestJSON } from "../common/request.js";
import { floorAccess } from "../common/session.js";

const TOKEN_KEY = "zeues.consola.token";
const SUPERVISOR_KEY = "zeues.consola.supervisor";
const NOTICE_KEY = "zeues.consola.aviso";
const OWN_KEY = "zeues.consola.propia"; // "1": the token is the supervisor's own session

export const token = () => sessionStorage.getItem(TOKEN_KEY);

export function supervisor() {
  try { return JSON.parse(sessionStorage.getItem(SUPERVISOR_KEY) || "null"); } catch (err) { return null; }
}

function tokenMessage(err) {
  if (err.status === 401 || err.status === 403) {
    return "El token de administración no es válido. Revíselo o pídalo al administrador (zeues admin-token).";
  }
  return err.message;
}

// A read-only admin route: 401/403 when the token is no good.
const tryToken = (candidate) => requestJSON("/api/supervisor/produccion", { token: candidate });

async function pickSupervisor(onReady) {
  $("form-token").hidden = true;
  $("form-pin").hidden = true;
  const form = $("form-supervisor");
  form.hidden = false;
  const select = $("supervisor");
  let supervisors;
  try {
    supervisors = (await requestJSON("/api/workers")).workers.filter((w) => w.roles.includes("Supervisor"));
  } catch (err) {
    $("error-supervisor").textContent = err.message;
    return;
  }
  select.replaceChildren(...supervisors.map((w) =>
    el("option", { value: String(w.id), text: `${w.nombre} ${w.apellido} · ${w.nombre_completo}` })));
  if (supervisors.length === 0) {
    $("error-supervisor").textContent = "No hay trabajadores activos con el rol Supervisor. Un administrador debe asignarlo.";
    return;
  }
  form.onsubmit = (event) => {
    event.preventDefault();
    const chosen = supervisors.find((w) => String(w.id) === select.value);
    sessionStorage.setItem(SUPERVISOR_KEY, JSON.stringify({ id: chosen.id, nombre: chosen.nombre_completo }));
    form.hidden = true;
    onReady();
  };
  select.focus();
}

async function signInWithPin(ready) {
  const numero = $("pin-numero").value.trim();
  const body = { worker_id: Number(numero), pin: $("pin-clave").value.trim() };
  const nuevo = $("pin-nuevo").value.trim();
  if (nuevo) body.pin_nuevo = nuevo;
  $("error-pin").textContent = "";
  if (!/^[0-9]+$/.test(numero)) { $("error-pin").textContent = "Escriba su número de trabajador."; return; }
  let answer;
  try {
    answer = await requestJSON("/api/supervisor/sesion", { method: "POST", body });
  } catch (err) {
    if (err.error === "CAMBIO_DE_PIN_REQUERIDO") $("pin-nuevo-bloque").hidden = false;
    $("error-pin").textContent = err.message;
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, answer.token);
  sessionStorage.setItem(OWN_KEY, "1");
  sessionStorage.setItem(SUPERVISOR_KEY, JSON.stringify({ id: answer.worker_id, nombre: answer.worker_nombre }));
  ready();
}

export function startSession(onReady) {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  if (notice) {
    $(notice.startsWith("Su sesión") ? "error-pin" : "error-token").textContent = notice;
    sessionStorage.removeItem(NOTICE_KEY);
  }
  const ready = () => {
    $("entrada").hidden = true;
    $("salir").hidden = false;
    $("quien").textContent = `Supervisor: ${supervisor().nombre}`;
    onReady();
  };
  $("salir").onclick = () => signOut();
  $("form-pin").onsubmit = (event) => { event.preventDefault(); signInWithPin(ready); };
  $("form-token").onsubmit = async (event) => {
    event.preventDefault();
    const candidate = $("token").value.trim();
    $("error-token").textContent = "";
    if (!candidate) { $("error-token").textContent = "Escriba el token."; return; }
    try {
      await tryToken(candidate);
    } catch (err) {
      $("error-token").textContent = tokenMessage(err);
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, candidate);
    $("token").value = "";
    pickSupervisor(ready);
  };
  if (token() && supervisor()) ready();
  else if (token()) pickSupervisor(ready);
  else $("pin-numero").focus();
  floorAccess().then((access) => { if (access.requiere_sesion) $("form-token").hidden = true; });
}

// Once signing out has begun, the refusals of loads still in flight (the session just ended)
// must not reload the page under it.
let leaving = false;

async function signOut(notice) {
  if (leaving) return;
  leaving = true;
  // The supervisor's own session also ends on the server (the admin token has nothing to end),
  // before the page reloads (a reload would cut the request).
  if (sessionStorage.getItem(OWN_KEY) && !notice) {
    // The answer read whole: a body still arriving when the page reloads is a cut request.
    await requestJSON("/api/sesiones/cerrar", { method: "POST", headers: { "X-Worker-Session": token() } }).catch(() => {});
  }
  sessionStorage.removeItem(OWN_KEY);
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(SUPERVISOR_KEY);
  if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
  location.reload();
}

// A 401/403 on an admin route means the token changed: it is asked again. True when handled.
export function tokenRefused(err) {
  if (err && (err.status === 401 || err.status === 403) && /UNAUTHENTICATED|FORBIDDEN/.test(err.error || "")) {
    signOut(sessionStorage.getItem(OWN_KEY)
      ? "Su sesión terminó (dura un turno): ingrese de nuevo con su número y PIN."
      : "El token de administración ya no es válido: ingréselo de nuevo.");
    return true;
  }
  return false;
}
