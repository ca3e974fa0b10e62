// Confirmations: COMPLETAR asks the date (the shop's today by default, never the future);
// METROLOGIA asks to confirm APROBADO / RECHAZADO.
import { $ } from "./dom.js";

function ask({ title, text, tone = "", date = null }) {
  const dialog = $("confirm");
  $("confirm-title").textContent = title;
  $("confirm-title").className = tone;
  $("confirm-text").textContent = text;
  $("confirm-date").hidden = date === null;
  const fecha = $("confirm-fecha");
  if (date !== null) { fecha.value = date; fecha.max = date; }
  $("confirm-yes").className = "btn " + (tone || "primary");
  return new Promise((resolve) => {
    const finish = (value) => {
      $("confirm-yes").onclick = null;
      $("confirm-no").onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(value);
    };
    $("confirm-yes").onclick = () => {
      if (date === null) return finish(true);
      if (!fecha.value || fecha.value > date) {
        $("confirm-text").textContent = `La fecha no puede ser futura (hoy es ${date}).`;
        return;
      }
      finish(fecha.value);
    };
    $("confirm-no").onclick = () => finish(null);
    dialog.onclose = () => finish(null);
    dialog.showModal();
  });
}

export function askCompletar(tag, op, today) {
  return ask({ title: `COMPLETAR ${op}`, text: `Spool ${tag}. ¿En qué fecha se terminó?`, date: today });
}

export function askResultado(tag, resultado) {
  const tone = resultado === "APROBADO" ? "aprobar" : "rechazar";
  return ask({ title: `METROLOGIA ${resultado}`, text: `¿Confirmar METROLOGIA ${resultado} para el spool ${tag}?`, tone });
}
