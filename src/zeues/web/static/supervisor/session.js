// The console's session: the admin token is asked once and kept for this browser tab
// (sessionStorage: gone when the tab closes); the supervisor picks himself among the workers with
// the Supervisor role (his actions are recorded with his id as supervisor_id).
import { $, el } from "../common/dom.js";
import { requestJSON } from "../common/request.js";

const TOKEN_KEY = "zeues.consola.token";
const SUPERVISOR_KEY = "zeues.consola.supervisor";
const NOTICE_KEY = "zeues.consola.aviso";

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

export function startSession(onReady) {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  if (notice) { $("error-token").textContent = notice; sessionStorage.removeItem(NOTICE_KEY); }
  const ready = () => {
    $("entrada").hidden = true;
    $("salir").hidden = false;
    $("quien").textContent = `Supervisor: ${supervisor().nombre}`;
    onReady();
  };
  $("salir").onclick = () => signOut();
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
  else $("token").focus();
}

function signOut(notice) {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(SUPERVISOR_KEY);
  if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
  location.reload();
}

// A 401/403 on an admin route means the token changed: it is asked again. True when handled.
export function tokenRefused(err) {
  if (err && (err.status === 401 || err.status === 403) && /UNAUTHENTICATED|FORBIDDEN/.test(err.error || "")) {
    signOut("El token de administración ya no es válido: ingréselo de nuevo.");
    return true;
  }
  return false;
}
