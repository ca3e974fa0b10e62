// Confirmations: COMPLETAR asks the date (the shop's today by default, never the future);
// METROLOGIA asks to confirm APROBADO / RECHAZADO.
import { $ } from "../common/dom.js";
import { formatDate } from "../common/format.js";

// An overlay placed inside the open card (or the page) rather than a second modal <dialog>
// stacked on the card: one modal at a time keeps the focus handling simple.
function ask({ title, text, tone = "", date = null }) {
  const overlay = $("confirm");
  const card = $("card");
  (card.open ? card : document.body).append(overlay);
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
      overlay.hidden = true;
      document.removeEventListener("keydown", onEscape);
      resolve(value);
    };
    const onEscape = (event) => { if (event.key === "Escape") { event.preventDefault(); finish(null); } };
    $("confirm-yes").onclick = () => {
      if (date === null) return finish(true);
      if (!fecha.value || fecha.value > date) {
        $("confirm-text").textContent = `La fecha no puede ser futura (hoy es ${formatDate(date)}).`;
        return;
      }
      finish(fecha.value);
    };
    $("confirm-no").onclick = () => finish(null);
    document.addEventListener("keydown", onEscape);
    overlay.hidden = false;
    (date !== null ? fecha : $("confirm-yes")).focus();
  });
}

export function askCompletar(tag, op, today) {
  return ask({ title: `COMPLETAR ${op}`, text: `Spool ${tag}. ¿En qué fecha se terminó?`, date: today });
}

export function askResultado(tag, resultado) {
  const tone = resultado === "APROBADO" ? "aprobar" : "rechazar";
  return ask({ title: `METROLOGIA ${resultado}`, text: `¿Confirmar METROLOGIA ${resultado} para el spool ${tag}?`, tone });
}
