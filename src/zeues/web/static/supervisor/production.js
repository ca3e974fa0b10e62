// Producción del día (a business day in the shop's timezone, decided by the server) and the
// downloads that need the admin token: the day's audit events as CSV, and the exports.
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

export async function loadProduction() {
  const day = $("fecha").value;
  const url = "/api/supervisor/produccion" + (day ? `?fecha=${encodeURIComponent(day)}` : "");
  try {
    const p = await requestJSON(url, { token: token() });
    $("error-produccion").textContent = "";
    if (!day) { $("fecha").value = p.fecha; $("fecha").max = p.fecha; }
    drawProduction(p);
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
  $("fecha").addEventListener("change", loadProduction);
  $("descargar-csv").addEventListener("click", () => {
    const day = $("fecha").value;
    download(`/api/supervisor/eventos.csv?fecha=${encodeURIComponent(day)}`, `zeues-eventos-${day}.csv`, $("estado-csv"));
  });
}
