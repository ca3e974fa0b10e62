// A tablet that is not enrolled (`dispositivo+pin`, issue 22): a clear screen instead of the
// app, and the field where the code a supervisor gave is typed (POST /api/dispositivos/enrolar;
// the server keeps the tablet's credential in a cookie the browser sends by itself). A tablet
// opened from the console's QR (`/?enrolar=CODE`) sends that code by itself (common/enrol-link.js).
import { $ } from "../common/dom.js";
import { ApiError, requestJSON } from "../common/request.js";
import { showResult } from "./result.js";

// Resolves once this tablet is enrolled (at once if it already is).
export async function ensureEnrolled(revoked = false) {
  const found = await requestJSON("/api/dispositivos/actual").catch(() => null);
  if (found && (!found.requiere_dispositivo || found.estado === "enrolada")) return;
  return showUnenrolled(revoked || (found && found.estado === "revocada"));
}

function showUnenrolled(revoked) {
  $("unenrolled").hidden = false;
  $("unenrolled-title").textContent = revoked ? "Esta tablet fue revocada" : "Esta tablet no está enrolada";
  $("unenrolled-text").textContent = revoked
    ? "Un supervisor la dio de baja: ya no puede registrar acciones. Si debe volver a usarse, pida al supervisor un código de enrolamiento nuevo y escríbalo aquí."
    : "En este taller solo las tablets enroladas por un supervisor pueden registrar acciones. Pida al supervisor un código de enrolamiento y escríbalo aquí, o escanee con la cámara el QR de la consola.";
  showResult($("enrol-message"), {});
  const code = $("enrol-code");
  code.value = "";
  code.focus();
  return new Promise((resolve) => {
    const send = async () => {
      try {
        await requestJSON("/api/dispositivos/enrolar", { method: "POST", body: { codigo: code.value.trim() } });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        showResult($("enrol-message"), { kind: "error", text: err.message });
        return;
      }
      $("unenrolled").hidden = true;
      showResult($("enrol-notice"), {}); // a failed link's message, if any, is now past
      resolve();
    };
    $("enrol-send").onclick = send;
    code.onkeydown = (event) => { if (event.key === "Enter") send(); };
  });
}
