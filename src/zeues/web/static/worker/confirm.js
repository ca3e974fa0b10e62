// Confirmations: COMPLETAR asks the date (the shop's today by default, never the future);
// METROLOGIA asks to confirm APROBADO / RECHAZADO, and a RECHAZADO what to repair: the defect
// found and the unions it concerns, both optional (what the repair crew reads on its queue). The date is written by the app (DD-MM-YYYY)
// and moved a day at a time: no <input type=date>, whose format follows the tablet's language.
import { dateStep } from "../common/date-step.js";
import { $, el } from "../common/dom.js";

// An overlay placed inside the open card (or the page) rather than a second modal <dialog>
// stacked on the card: one modal at a time keeps the focus handling simple.
function ask({ title, text, tone = "", date = null, rejection = null }) {
  const overlay = $("confirm");
  const card = $("card");
  (card.open ? card : document.body).append(overlay);
  $("confirm-title").textContent = title;
  $("confirm-title").className = tone;
  $("confirm-text").textContent = text;
  $("confirm-date").hidden = date === null;
  const fecha = dateStep({ output: $("confirm-fecha"), prev: $("confirm-prev"), next: $("confirm-next") });
  if (date !== null) fecha.set(date, date); // the shop's today, never the future
  $("confirm-rechazo").hidden = rejection === null;
  if (rejection !== null) drawRejectionFields(rejection);
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
    $("confirm-yes").onclick = () => finish(rejection !== null ? rejectionAnswer() : date === null ? true : fecha.value);
    $("confirm-no").onclick = () => finish(null);
    document.addEventListener("keydown", onEscape);
    overlay.hidden = false;
    $("confirm-yes").focus();
  });
}

export function askCompletar(tag, op, today) {
  return ask({ title: `COMPLETAR ${op}`, text: `Spool ${tag}. ¿En qué fecha se terminó?`, date: today });
}

// RECHAZADO: `unions` are the spool's (possibly none); the answer is {defecto, uniones} or null.
export function askResultado(tag, resultado, unions = []) {
  const tone = resultado === "APROBADO" ? "aprobar" : "rechazar";
  const rejection = resultado === "RECHAZADO" ? unions : null;
  return ask({ title: `METROLOGIA ${resultado}`, text: `¿Confirmar METROLOGIA ${resultado} para el spool ${tag}?`, tone, rejection });
}

function drawRejectionFields(unions) {
  $("confirm-defecto").value = "";
  $("confirm-uniones-box").hidden = unions.length === 0;
  $("confirm-uniones").replaceChildren(...unions.map((u) => el("li", {},
    el("label", { class: "union-pick", for: `rechazo-union-${u.n_union}` },
      el("input", { type: "checkbox", class: "check", id: `rechazo-union-${u.n_union}`, value: String(u.n_union) }),
      el("span", { class: "n", text: `Unión ${u.n_union}` }),
      el("span", { text: `${Number(u.dn_union.toFixed(1))}" · ${u.tipo_union}` })))));
}

function rejectionAnswer() {
  const uniones = [...$("confirm-uniones").querySelectorAll("input:checked")].map((box) => Number(box.value));
  return { defecto: $("confirm-defecto").value.trim(), uniones };
}
