// A worker's action, from the tap to the outcome on screen: the button shows progress and
// cannot be pressed again; the request carries one Idempotency-Key, reused on every retry.
import { newKey, sendIntent } from "./api.js";
import { askCompletar } from "./confirm.js";
import { showResult } from "./result.js";
import { state } from "./state.js";
import { pickUnions } from "./unions.js";

const PATHS = {
  TOMAR: "/api/occupation/tomar",
  PAUSAR: "/api/occupation/pausar",
  COMPLETAR: "/api/occupation/completar",
  CANCELAR: "/api/cancelar-reparacion",
};

const PENDING = "zeues.pending";

// An action sent before the page was closed or reloaded, still without an answer: sent again
// with its own key (the server replays the first answer if it had been done) and its outcome
// shown in `box`.
export async function resumePending(box) {
  const saved = localStorage.getItem(PENDING);
  if (!saved) return null;
  const { url, body, key } = JSON.parse(saved);
  const tags = body.tag_spool || (body.tag_spools || []).join(", ");
  showResult(box, { text: `Reenviando la última acción sin respuesta (spool ${tags})…` });
  const outcome = await sendIntent(url, body, key, () => {
    showResult(box, { kind: "error", text: "Sin conexión: la última acción se enviará al volver la conexión." });
  });
  localStorage.removeItem(PENDING);
  const what = `Acción pendiente (spool ${tags}): `;
  if (outcome.ok && body.tag_spools) {
    showResult(box, { kind: "ok", text: `${what}${outcome.data.succeeded} tomado(s), ${outcome.data.failed} rechazado(s).` });
  } else if (outcome.ok) showResult(box, { kind: "ok", text: what + success(outcome.data).text });
  else showResult(box, { kind: "error", text: what + "no se hizo: " + (outcome.data.message || "error") });
  return outcome;
}

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
  // Kept on the tablet until the server answers: if the page is closed or reloaded meanwhile,
  // the next start sends it again with the same key (see resumePending).
  localStorage.setItem(PENDING, JSON.stringify({ url, body, key }));
  const outcome = await sendIntent(url, body, key, () => {
    showResult(box, {
      kind: "error",
      text: "Sin conexión: la acción se enviará de nuevo (sin repetirse) al volver la conexión.",
    });
  });
  localStorage.removeItem(PENDING);
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
  return { kind: "ok", text: `✓ ${data.message}. Estado: ${data.estado_texto || data.estado_detalle}` };
}

// PAUSAR or COMPLETAR of a held spool: on a spool with unions the worker first ticks the ones
// finished (unions.js); COMPLETAR then asks the date (the shop's today by default). Null when
// the worker goes back.
export async function release(button, box, tag, op, accion) {
  const picked = await pickUnions(tag, op, accion);
  if (picked === null) return null;
  let extra = picked;
  if (accion === "COMPLETAR") {
    const fecha = await askCompletar(tag, op, state.today);
    if (!fecha) return null;
    extra = { ...picked, fecha_operacion: fecha };
  }
  return perform(button, box, actionUrl(accion), intentBody(state.worker.id, tag, op, accion, extra), success);
}

export const completar = (button, box, tag, op) => release(button, box, tag, op, "COMPLETAR");
