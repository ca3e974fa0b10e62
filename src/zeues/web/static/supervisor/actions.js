// Desbloquear and Liberar: a dialog asks the reason (required) and sends it with the session's
// supervisor. The outcome, or the server's Spanish error, stays in sight (notify).
import { $ } from "../common/dom.js";
import { requestJSON } from "../common/request.js";
import { supervisor, token, tokenRefused } from "./session.js";

let pending = null; // {path, tag, onDone}
let noticeTimer = null;

export function notify(text, isError = false) {
  const box = $("aviso");
  box.textContent = text;
  box.className = isError ? "aviso error-aviso" : "aviso";
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { box.hidden = true; }, 15000);
}

// {title, text, path, tag, onDone}: the dialog for one action on one spool.
export function askReason({ title, text, path, tag, onDone }) {
  pending = { path, tag, onDone };
  $("dlg-titulo").textContent = title;
  $("dlg-texto").textContent = text;
  $("motivo").value = "";
  $("dlg-error").textContent = "";
  $("dlg-confirmar").disabled = false;
  $("dialogo").showModal();
  $("motivo").focus();
}

async function confirm(event) {
  event.preventDefault();
  if (!pending) return;
  const reason = $("motivo").value.trim();
  if (!reason) { $("dlg-error").textContent = "Escriba el motivo: es obligatorio."; $("motivo").focus(); return; }
  if (reason.length < 3) { $("dlg-error").textContent = "El motivo debe tener al menos 3 caracteres."; return; }
  const button = $("dlg-confirmar");
  button.disabled = true;
  button.textContent = "Enviando…";
  const { path, tag, onDone } = pending;
  try {
    const answer = await requestJSON(path, {
      method: "POST",
      token: token(),
      body: { tag_spool: tag, supervisor_id: supervisor().id, motivo: reason },
    });
    pending = null;
    $("dialogo").close();
    notify(`${answer.message}. Estado: ${answer.estado_texto || answer.estado_detalle}`);
    if (onDone) onDone();
  } catch (err) {
    if (tokenRefused(err)) return;
    $("dlg-error").textContent = err.message;
  } finally {
    button.disabled = false;
    button.textContent = "Confirmar";
  }
}

export function startActions() {
  $("form-motivo").addEventListener("submit", confirm);
  $("dlg-cancelar").addEventListener("click", () => { pending = null; $("dialogo").close(); });
}
