// Producción del día (a business day in the shop's timezone, decided by the server) and the
// downloads that need the admin token: the day's audit events as CSV, and the exports.
import { dateStep } from "../common/date-step.js";
import { $, cell, el, messageRow } from "../common/dom.js";
import { formatDuration } from "../common/format.js";
import { request, requestJSON } from "../common/request.js";
import { token, tokenRefused } from "./session.js";

const STAGES = { ARM: "Armado (ARM)", SOLD: "Soldadura (SOLD)", METROLOGIA: "Esperando metrología", REPARACION: "Reparación" };

// A table row of texts, each cell with its class (`classes[i]`), and `data-NAME` attributes.
const row = (values, classes = [], data = {}) => el("tr", data, ...values.map((v, i) => cell(v, classes[i])));

function drawProduction(p) {
  $("aprobados").textContent = String(p.metrologia.aprobados);
  $("rechazados").textContent = String(p.metrologia.rechazados);
  const done = p.completados.map((w) =>
    row([w.worker_nombre || `#${w.worker_id}`, String(w.arm), String(w.sold)], ["", "num", "num"], { "data-worker": String(w.worker_id) }));
  $("completados").replaceChildren(...(done.length ? done : [messageRow(3, "Nada completado este día.", "suave")]));
  const welders = p.rechazo_por_soldador.map((r) => row(
    [r.soldador, String(r.inspecciones), String(r.rechazados), `${Math.round(r.tasa_rechazo * 100)} %`],
    ["", "num", "num", "num"],
    { "data-soldador": r.soldador, class: r.tasa_rechazo >= 0.5 && r.rechazados > 0 ? "alto" : null }));
  $("por-soldador").replaceChildren(...(welders.length ? welders : [messageRow(4, "Sin inspecciones este día.", "suave")]));
  $("en-proceso").replaceChildren(...p.en_proceso.map((e) => {
    const oldest = e.edad_max_segundos === null ? "sin registro" : formatDuration(e.edad_max_segundos);
    const tr = row([STAGES[e.etapa] || e.etapa, String(e.total), String(e.ocupados), oldest], ["", "num", "num", ""], { "data-etapa": e.etapa });
    if (e.tag_mas_antiguo) tr.lastChild.append(el("span", { class: "tag-chico", text: e.tag_mas_antiguo }));
    return tr;
  }));
}

// PD (pulgadas-diámetro) per worker over the day or the week ending on it (issue 21).
const pdText = (n) => `${Number(n.toFixed(1))}`;
function drawPd(found, bodyId, totalId) {
  const rows = found.trabajadores.map((w) => row(
    [w.worker || `#${w.worker_id}`, String(w.uniones), pdText(w.pd_arm), pdText(w.pd_sold), pdText(w.pd_total)],
    ["", "num", "num", "num", "num"], { "data-worker": String(w.worker_id) }));
  $(bodyId).replaceChildren(...(rows.length ? rows : [messageRow(5, "Ninguna unión terminada.", "suave")]));
  $(totalId).textContent = `· ${pdText(found.pd_total)} PD en total`;
}

async function loadPd(fecha) {
  const query = fecha ? `fecha=${encodeURIComponent(fecha)}&` : "";
  const [dia, semana] = await Promise.all([1, 7].map((dias) =>
    requestJSON(`/api/supervisor/pd?${query}dias=${dias}`, { token: token() })));
  drawPd(dia, "pd-dia", "pd-dia-total");
  drawPd(semana, "pd-semana", "pd-semana-total");
}

let day = null; // the day shown (dateStep), set to the shop's today by the first answer

export async function loadProduction() {
  const chosen = day && day.value;
  const url = "/api/supervisor/produccion" + (chosen ? `?fecha=${encodeURIComponent(chosen)}` : "");
  try {
    const p = await requestJSON(url, { token: token() });
    $("error-produccion").textContent = "";
    if (!chosen) day.set(p.fecha, p.fecha); // today, and never a day after it
    drawProduction(p);
    await loadPd(p.fecha);
  } catch (err) {
    if (!tokenRefused(err)) $("error-produccion").textContent = err.message;
  }
}

// A download with the token (a plain link cannot send the Authorization header).
export async function download(url, fileName, status) {
  status.textContent = "Descargando…";
  try {
    const blob = await (await request(url, { token: token() })).blob();
    const link = el("a", { href: URL.createObjectURL(blob), download: fileName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    status.textContent = `Descargado: ${fileName}`;
  } catch (err) {
    if (!tokenRefused(err)) status.textContent = err.message;
  }
}

export function startProduction() {
  day = dateStep({ output: $("fecha"), prev: $("fecha-antes"), next: $("fecha-despues"), onChange: loadProduction });
  $("descargar-csv").addEventListener("click", () => {
    const chosen = day.value;
    download(`/api/supervisor/eventos.csv?fecha=${encodeURIComponent(chosen)}`, `zeues-eventos-${chosen}.csv`, $("estado-csv"));
  });
}
