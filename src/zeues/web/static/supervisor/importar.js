// Importar / Exportar (issue 11). Importar: primero una revisión (dry_run=true) que muestra el
// informe por fila sin cambiar nada; luego "Importar" envía el mismo archivo con dry_run=false.
// Exportar: descargas con el token. El informe se lee con cuidado: campos ausentes no rompen.
"use strict";
const Importar = (() => {
  const $ = (id) => document.getElementById(id);
  const EXPORTES = [
    ["spools", "Spools"], ["events", "Eventos de auditoría"], ["workers", "Trabajadores"],
  ];
  // [clave, singular, plural]: "1 nueva", "2 nuevas".
  const CUENTAS = [
    ["new", "nueva", "nuevas"], ["updated", "actualizada", "actualizadas"],
    ["unchanged", "sin cambios", "sin cambios"], ["invalid", "no válida", "no válidas"],
    ["skipped", "omitida (totales o notas)", "omitidas (totales o notas)"],
  ];
  const NOMBRES = { spools: "Spools nuevos", workers: "Trabajadores nuevos" };

  function formulario(dryRun) {
    const datos = new FormData();
    datos.append("kind", $("imp-tipo").value);
    datos.append("file", $("imp-archivo").files[0]);
    datos.append("dry_run", dryRun ? "true" : "false");
    datos.append("skip_invalid", $("imp-omitir").checked ? "true" : "false");
    return datos;
  }

  const texto = (v) => (v === null || v === undefined ? "" : String(v));

  function pintarInforme(informe, dryRun) {
    const caja = $("imp-informe");
    caja.replaceChildren();
    caja.hidden = false;
    const titulo = document.createElement("h4");
    titulo.textContent = dryRun
      ? "Revisión (nada se ha importado todavía)"
      : (informe && informe.applied ? "Importación realizada" : "No se importó nada");
    caja.appendChild(titulo);
    const cuentas = (informe && typeof informe.counts === "object" && informe.counts) || {};
    const resumen = document.createElement("p");
    resumen.className = "cuentas";
    resumen.textContent = "Filas: " + CUENTAS.map(([k, una, varias]) => {
      const n = Number(cuentas[k]) || 0;
      return `${n} ${n === 1 ? una : varias}`;
    }).join(" · ");
    caja.appendChild(resumen);
    if (informe && informe.message) {
      const mensaje = document.createElement("p");
      mensaje.textContent = texto(informe.message);
      caja.appendChild(mensaje);
    }
    const parrafo = (clase, contenido) => {
      const p = document.createElement("p");
      p.className = clase;
      p.textContent = contenido;
      caja.appendChild(p);
    };
    const filasTitulo = Number(informe && informe.title_rows) || 0;
    if (filasTitulo > 0) {
      const arriba = filasTitulo === 1 ? "la fila de arriba se leyó" : `las ${filasTitulo} filas de arriba se leyeron`;
      parrafo("ayuda", `Encabezados en la fila ${texto(informe.header_row)}; ${arriba} como título.`);
    }
    // Lo que se creará, con nombre: las primeras filas nuevas y cuántas son en total.
    const nuevas = Array.isArray(informe && informe.new_keys) ? informe.new_keys.map(texto) : [];
    const totalNuevas = Number(cuentas.new) || 0;
    if (nuevas.length > 0) {
      const mas = totalNuevas > nuevas.length ? `, … y ${totalNuevas - nuevas.length} más` : "";
      const nombre = NOMBRES[informe.kind] || "Nuevos";
      parrafo("nuevos", `${nombre} (${totalNuevas}): ${nuevas.join(", ")}${mas}`);
    }
    const filas = Array.isArray(informe && informe.rows) ? informe.rows : [];
    for (const r of filas.filter((f) => f && f.outcome === "skipped")) {
      parrafo("omitida", `Fila ${texto(r.row)} «${texto(r.key)}»: ${texto(r.reason)}`);
    }
    // One table row per problem: a row may be invalid for several columns.
    const invalidas = filas.flatMap((r) => (r && Array.isArray(r.errors) ? r.errors : []));
    if (invalidas.length > 0) {
      const tabla = document.createElement("table");
      const cab = document.createElement("thead");
      const trh = document.createElement("tr");
      for (const t of ["Fila", "Columna", "Valor", "Motivo"]) {
        const th = document.createElement("th");
        th.scope = "col";
        th.textContent = t;
        trh.appendChild(th);
      }
      cab.appendChild(trh);
      const cuerpo = document.createElement("tbody");
      for (const r of invalidas.slice(0, 200)) {
        const tr = document.createElement("tr");
        for (const v of [r.row, r.column, r.value, r.reason]) {
          const td = document.createElement("td");
          td.textContent = texto(v);
          tr.appendChild(td);
        }
        cuerpo.appendChild(tr);
      }
      tabla.append(cab, cuerpo);
      caja.appendChild(tabla);
      if (invalidas.length > 200) {
        const mas = document.createElement("p");
        mas.textContent = `… y ${invalidas.length - 200} problemas más.`;
        caja.appendChild(mas);
      }
    }
    const puede = dryRun && ((Number(cuentas.invalid) || 0) === 0 || $("imp-omitir").checked);
    $("imp-confirmar").hidden = !puede;
  }

  async function enviar(dryRun) {
    $("imp-error").textContent = "";
    if (!$("imp-archivo").files[0]) { $("imp-error").textContent = "Elija un archivo."; return; }
    const boton = dryRun ? $("form-importar").querySelector("button[type=submit]") : $("imp-confirmar");
    boton.disabled = true;
    try {
      const informe = await Pedir.json("/api/admin/import", { method: "POST", token: Sesion.token(), form: formulario(dryRun) });
      pintarInforme(informe, dryRun);
      if (!dryRun) Consola.recargar();
    } catch (e) {
      if (!Sesion.revisar(e)) $("imp-error").textContent = e.message;
    } finally {
      boton.disabled = false;
    }
  }

  function iniciar() {
    $("form-importar").addEventListener("submit", (ev) => { ev.preventDefault(); enviar(true); });
    $("imp-confirmar").addEventListener("click", () => enviar(false));
    // Otro archivo u otras opciones: hay que revisar de nuevo antes de importar.
    for (const id of ["imp-archivo", "imp-tipo", "imp-omitir"]) {
      $(id).addEventListener("change", () => { $("imp-confirmar").hidden = true; $("imp-informe").hidden = true; });
    }
    const lista = $("exportar");
    for (const [tipo, nombre] of EXPORTES) {
      const li = document.createElement("li");
      const etiqueta = document.createElement("span");
      etiqueta.textContent = nombre;
      li.appendChild(etiqueta);
      for (const formato of ["csv", "xlsx"]) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "secundario";
        b.textContent = formato.toUpperCase();
        b.setAttribute("aria-label", `Exportar ${nombre} en ${formato.toUpperCase()}`);
        b.addEventListener("click", () => Produccion.descargar(
          `/api/admin/export/${tipo}?format=${formato}`, `zeues-${tipo}.${formato}`, $("exp-estado")));
        li.appendChild(b);
      }
      lista.appendChild(li);
    }
  }
  return { iniciar, pintarInforme };
})();
