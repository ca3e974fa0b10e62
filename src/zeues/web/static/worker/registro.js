// Mi registro (issue 21): the unions this worker finished on a day, per operation, and their
// pulgadas-diámetro (PD), today by default, any earlier day a step at a time.
import { dateStep } from "../common/date-step.js";
import { $, el } from "../common/dom.js";
import { formatTime, shopToday } from "../common/format.js";
import { getJSON } from "./api.js";
import { closesToScan } from "./scan-field.js";
import { state } from "./state.js";

let fecha = null;

export function startRegistro() {
  fecha = dateStep({ output: $("registro-fecha"), prev: $("registro-prev"), next: $("registro-next"), onChange: loadRegistro });
  $("open-registro").addEventListener("click", open);
  closesToScan($("registro"), $("registro-close"));
}

function open() {
  const today = state.today || shopToday();
  fecha.set(today, today);
  if (!$("registro").open) $("registro").showModal();
  loadRegistro(today);
}

async function loadRegistro(day) {
  const body = $("registro-body");
  body.replaceChildren(el("p", { text: "Cargando…" }));
  let data;
  try {
    data = await getJSON(`/api/registro/${state.worker.id}?fecha=${day}`);
  } catch (err) {
    body.replaceChildren(el("p", { class: "alerta", text: err.status ? err.message : "Sin conexión: no se pudo leer su registro." }));
    return;
  }
  if (fecha.value !== day) return; // a later step is being loaded
  const pd = (n) => `${Number(n.toFixed(1))}`;
  const totals = el("div", { class: "registro-totales" },
    ...[["ARM", data.pd_arm], ["SOLD", data.pd_sold], ["Total", data.pd_total]].map(([name, value]) =>
      el("div", { class: "total" }, el("span", { class: "valor", text: `${pd(value)} PD` }), el("span", { class: "sub", text: name }))));
  const rows = data.uniones.map((u) => el("tr", {},
    el("td", { text: formatTime(u.fecha_fin) }), el("td", { text: u.operacion }), el("td", { text: u.tag_spool }),
    el("td", { text: String(u.n_union) }), el("td", { text: `${pd(u.dn_union)}"` }), el("td", { text: u.tipo_union })));
  body.replaceChildren(totals, data.uniones.length
    ? el("table", { class: "uniones" },
      el("thead", {}, el("tr", {}, ...["Hora", "Op.", "Spool", "N°", "DN", "Tipo"].map((h) => el("th", { text: h })))),
      el("tbody", {}, ...rows))
    : el("p", { class: "sub", text: "Ninguna unión terminada este día." }));
}
