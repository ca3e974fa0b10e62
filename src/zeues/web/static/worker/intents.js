// A worker's action, from the tap to the outcome on screen: the button shows progress and
// cannot be pressed again; the request carries one Idempotency-Key, reused on every retry.
import { newKey, sendIntent } from "./api.js";
import { showResult } from "./dom.js";

const PATHS = {
  TOMAR: "/api/occupation/tomar",
  PAUSAR: "/api/occupation/pausar",
  COMPLETAR: "/api/occupation/completar",
  CANCELAR: "/api/cancelar-reparacion",
};

export function intentBody(workerId, tag, operacion, accion, extra = {}) {
  if (accion === "CANCELAR") return { tag_spool: tag, worker_id: workerId, ...extra };
  return { tag_spool: tag, worker_id: workerId, operacion, ...extra };
}

// Runs `accion` and shows its outcome in `box`; resolves once the server has answered.
export async function perform(button, box, url, body, describe) {
  if (button.dataset.busy === "1") return null; // a second tap on the same intent
  button.dataset.busy = "1";
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  const label = button.textContent;
  button.textContent = "Enviando…";
  const key = newKey();
  const outcome = await sendIntent(url, body, key, () => {
    showResult(box, {
      kind: "error",
      text: "Sin conexión: la acción se enviará de nuevo (sin repetirse) al volver la conexión.",
    });
  });
  button.textContent = label;
  button.removeAttribute("aria-busy");
  button.dataset.busy = "";
  button.disabled = false;
  // The card may have been closed while the action waited for the connection: the outcome
  // then goes to the main screen, never nowhere.
  const dialog = box.closest("dialog");
  const shown = dialog && !dialog.open ? document.getElementById("result") : box;
  if (outcome.ok) showResult(shown, describe(outcome.data));
  else showResult(shown, { kind: "error", text: "No se hizo: " + (outcome.data.message || "error") });
  return outcome;
}

export function actionUrl(accion) {
  return PATHS[accion];
}

export function success(data) {
  return { kind: "ok", text: `✓ ${data.message}. Estado: ${data.estado_detalle}` };
}
