// Importar / Exportar (issue 11). Importar: first a review (dry_run=true) that shows the report
// per row and changes nothing; then "Importar" sends the same file with dry_run=false.
// Exportar: downloads with the token. The report is read with care: missing fields break nothing.
// `startTransfer({reload})`: reload is called after an import changed something.
import { $, el } from "../common/dom.js";
import { requestJSON } from "../common/request.js";
import { download } from "./production.js";
import { token, tokenRefused } from "./session.js";

const EXPORTS = [["spools", "Spools"], ["events", "Eventos de auditoría"], ["workers", "Trabajadores"]];
// [key, one, many]: "1 nueva", "2 nuevas".
const COUNTS = [
  ["new", "nueva", "nuevas"], ["updated", "actualizada", "actualizadas"], ["unchanged", "sin cambios", "sin cambios"],
  ["invalid", "no válida", "no válidas"], ["skipped", "omitida (totales o notas)", "omitidas (totales o notas)"],
];
const NEW_NAMES = { spools: "Spools nuevos", workers: "Trabajadores nuevos" };
const LISTED = 200;
let reloadAll = () => {};

function formData(dryRun) {
  const data = new FormData();
  data.append("kind", $("imp-tipo").value);
  data.append("file", $("imp-archivo").files[0]);
  data.append("dry_run", dryRun ? "true" : "false");
  data.append("skip_invalid", $("imp-omitir").checked ? "true" : "false");
  return data;
}

const text = (v) => (v === null || v === undefined ? "" : String(v));

function problemsTable(problems) {
  const head = el("tr", {}, ...["Fila", "Columna", "Valor", "Motivo"].map((t) => el("th", { scope: "col", text: t })));
  const rows = problems.slice(0, LISTED).map((r) => el("tr", {}, ...[r.row, r.column, r.value, r.reason].map((v) => el("td", { text: text(v) }))));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows));
}

function countsLine(counts) {
  return "Filas: " + COUNTS.map(([key, one, many]) => {
    const n = Number(counts[key]) || 0;
    return `${n} ${n === 1 ? one : many}`;
  }).join(" · ");
}

// Where the headers were found, when a title block sits above them.
function headerNote(report) {
  const above = Number(report && report.title_rows) || 0;
  if (above === 0) return null;
  const read = above === 1 ? "la fila de arriba se leyó" : `las ${above} filas de arriba se leyeron`;
  return el("p", { class: "ayuda", text: `Encabezados en la fila ${text(report.header_row)}; ${read} como título.` });
}

// What the import will create, by name: the first new rows and how many in all.
function newRows(report, total) {
  const keys = Array.isArray(report && report.new_keys) ? report.new_keys.map(text) : [];
  if (keys.length === 0) return null;
  const more = total > keys.length ? `, … y ${total - keys.length} más` : "";
  return el("p", { class: "nuevos", text: `${NEW_NAMES[report.kind] || "Nuevos"} (${total}): ${keys.join(", ")}${more}` });
}

export function drawReport(report, dryRun) {
  const box = $("imp-informe");
  box.hidden = false;
  const title = dryRun ? "Revisión (nada se ha importado todavía)" : (report && report.applied ? "Importación realizada" : "No se importó nada");
  const counts = (report && typeof report.counts === "object" && report.counts) || {};
  const rows = Array.isArray(report && report.rows) ? report.rows : [];
  // One table row per problem: a row may be invalid for several columns.
  const problems = rows.flatMap((r) => (r && Array.isArray(r.errors) ? r.errors : []));
  const truncated = Boolean(report && report.rows_truncated);
  box.replaceChildren(...[
    el("h4", { text: title }),
    el("p", { class: "cuentas", text: countsLine(counts) }),
    report && report.message ? el("p", { text: text(report.message) }) : null,
    headerNote(report),
    newRows(report, Number(counts.new) || 0),
    ...rows.filter((r) => r && r.outcome === "skipped")
      .map((r) => el("p", { class: "omitida", text: `Fila ${text(r.row)} «${text(r.key)}»: ${text(r.reason)}` })),
    problems.length ? problemsTable(problems) : null,
    // A big file's answer lists at most 1,000 rows (issue 19): then the problems it lists are
    // not all there are, and the counts above count them all.
    problems.length > LISTED
      ? el("p", { text: truncated ? `… y más problemas: se muestran los primeros ${LISTED}.` : `… y ${problems.length - LISTED} problemas más.` })
      : null,
    truncated
      ? el("p", { class: "ayuda", text: `La respuesta lista ${rows.length} de ${text(report.rows_total)} filas (primero las no válidas y las omitidas); los totales de arriba las cuentan todas. El informe completo: «zeues import» en el servidor.` })
      : null,
  ].filter(Boolean));
  $("imp-confirmar").hidden = !(dryRun && ((Number(counts.invalid) || 0) === 0 || $("imp-omitir").checked));
}

async function send(dryRun) {
  $("imp-error").textContent = "";
  if (!$("imp-archivo").files[0]) { $("imp-error").textContent = "Elija un archivo."; return; }
  const button = dryRun ? $("form-importar").querySelector("button[type=submit]") : $("imp-confirmar");
  button.disabled = true;
  try {
    const report = await requestJSON("/api/admin/import", { method: "POST", token: token(), form: formData(dryRun) });
    drawReport(report, dryRun);
    if (!dryRun) reloadAll();
  } catch (err) {
    if (!tokenRefused(err)) $("imp-error").textContent = err.message;
  } finally {
    button.disabled = false;
  }
}

export function startTransfer({ reload }) {
  reloadAll = reload;
  $("form-importar").addEventListener("submit", (event) => { event.preventDefault(); send(true); });
  $("imp-confirmar").addEventListener("click", () => send(false));
  // Another file or other options: the file must be reviewed again before importing.
  $("imp-archivo").addEventListener("change", () => {
    const file = $("imp-archivo").files[0];
    $("imp-archivo-nombre").textContent = file ? file.name : "Ningún archivo elegido";
  });
  for (const id of ["imp-archivo", "imp-tipo", "imp-omitir"]) {
    $(id).addEventListener("change", () => { $("imp-confirmar").hidden = true; $("imp-informe").hidden = true; });
  }
  $("exportar").replaceChildren(...EXPORTS.map(([kind, name]) => el("li", {},
    el("span", { text: name }),
    ...["csv", "xlsx"].map((format) => el("button", {
      type: "button", class: "secundario", text: format.toUpperCase(),
      "aria-label": `Exportar ${name} en ${format.toUpperCase()}`,
      onclick: () => download(`/api/admin/export/${kind}?format=${format}`, `zeues-${kind}.${format}`, $("exp-estado")),
    })))));
}
