// Importar / Exportar (issue 11). Importar: first a review (dry_run=true) that shows the report
// per row and changes nothing; then "Importar" sends the same file with dry_run=false.
// Exportar: downloads with the token. The report is read with care: missing fields break nothing.
// `startTransfer({reload})`: reload is called after an import changed something.
import { $, el } from "../common/dom.js";
import { requestJSON } from "../common/request.js";
import { download } from "./production.js";
import { token, tokenRefused } from "./session.js";

const EXPORTS = [["spools", "Spools"], ["events", "Eventos de auditoría"], ["workers", "Trabajadores"]];
const COUNTS = [["new", "nuevas"], ["updated", "actualizadas"], ["unchanged", "sin cambios"], ["invalid", "inválidas"]];
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

export function drawReport(report, dryRun) {
  const box = $("imp-informe");
  box.hidden = false;
  const title = dryRun ? "Revisión (nada se ha importado todavía)" : (report && report.applied ? "Importación realizada" : "No se importó nada");
  const counts = (report && typeof report.counts === "object" && report.counts) || {};
  const rows = Array.isArray(report && report.rows) ? report.rows : [];
  // One table row per problem: a row may be invalid for several columns.
  const problems = rows.flatMap((r) => (r && Array.isArray(r.errors) ? r.errors : []));
  box.replaceChildren(...[
    el("h4", { text: title }),
    el("p", { class: "cuentas", text: COUNTS.map(([k, name]) => `${Number(counts[k]) || 0} ${name}`).join(" · ") }),
    report && report.message ? el("p", { text: text(report.message) }) : null,
    problems.length ? problemsTable(problems) : null,
    problems.length > LISTED ? el("p", { text: `… y ${problems.length - LISTED} filas inválidas más.` }) : null,
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
