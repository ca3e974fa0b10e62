// The console's enrolment link (issue 22, `dispositivo+pin`): a screen opened with `?enrolar=CODE`
// (the worker app from the QR, or the board typed into a TV) enrols its browser with that code.
import { ApiError, requestJSON } from "./request.js";

const LINK_PARAM = "enrolar"; // the console's link (api/presenters/enrol_link.py)

// The code leaves the address bar at once (it must stay in neither the address bar nor a
// bookmark), then is sent as if typed, with the same rules (10 minutes, once). Null without a
// code; else {nombre} or {error}.
export async function enrolFromLink() {
  const url = new URL(window.location.href);
  const code = url.searchParams.get(LINK_PARAM);
  if (code === null) return null;
  url.searchParams.delete(LINK_PARAM);
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  try {
    const made = await requestJSON("/api/dispositivos/enrolar", { method: "POST", body: { codigo: code.trim() } });
    return { nombre: made.nombre };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { error: `El enlace de enrolamiento no sirvió: ${err.message}` };
  }
}
