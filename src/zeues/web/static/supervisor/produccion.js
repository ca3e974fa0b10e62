// Producción del día (zona horaria del taller, decidida por el servidor) y descarga de los
// eventos de auditoría del día en CSV.
"use strict";
const Produccion = (() => {
  const $ = (id) => document.getElementById(id);
  const ETAPAS = { ARM: "Armado (ARM)", SOLD: "Soldadura (SOLD)", METROLOGIA: "Esperando metrología", REPARACION: "Reparación" };

  function fila(cuerpo, valores, clases = []) {
    const tr = document.createElement("tr");
    valores.forEach((v, i) => {
      const td = document.createElement("td");
      td.textContent = v;
      if (clases[i]) td.className = clases[i];
      tr.appendChild(td);
    });
    cuerpo.appendChild(tr);
    return tr;
  }
  function vacio(cuerpo, columnas, texto) {
    const tr = fila(cuerpo, [texto]);
    tr.firstChild.colSpan = columnas;
    tr.firstChild.className = "suave";
  }

  function pintar(p) {
    $("aprobados").textContent = String(p.metrologia.aprobados);
    $("rechazados").textContent = String(p.metrologia.rechazados);
    const comp = $("completados");
    comp.replaceChildren();
    for (const w of p.completados) {
      fila(comp, [w.worker_nombre || `#${w.worker_id}`, String(w.arm), String(w.sold)], ["", "num", "num"]).dataset.worker = String(w.worker_id);
    }
    if (p.completados.length === 0) vacio(comp, 3, "Nada completado este día.");
    const sold = $("por-soldador");
    sold.replaceChildren();
    for (const r of p.rechazo_por_soldador) {
      const tr = fila(sold, [r.soldador, String(r.inspecciones), String(r.rechazados), `${Math.round(r.tasa_rechazo * 100)} %`], ["", "num", "num", "num"]);
      tr.dataset.soldador = r.soldador;
      if (r.tasa_rechazo >= 0.5 && r.rechazados > 0) tr.className = "alto";
    }
    if (p.rechazo_por_soldador.length === 0) vacio(sold, 4, "Sin inspecciones este día.");
    const wip = $("en-proceso");
    wip.replaceChildren();
    for (const e of p.en_proceso) {
      const antiguo = e.edad_max_segundos === null ? "sin registro" : Tiempo.duracion(e.edad_max_segundos);
      const tr = fila(wip, [ETAPAS[e.etapa] || e.etapa, String(e.total), String(e.ocupados), antiguo], ["", "num", "num", ""]);
      tr.dataset.etapa = e.etapa;
      if (e.tag_mas_antiguo) {
        const tag = document.createElement("span");
        tag.className = "tag-chico";
        tag.textContent = e.tag_mas_antiguo;
        tr.lastChild.appendChild(tag);
      }
    }
  }

  async function cargar() {
    const fecha = $("fecha").value;
    const url = "/api/supervisor/produccion" + (fecha ? `?fecha=${encodeURIComponent(fecha)}` : "");
    try {
      const p = await Pedir.json(url, { token: Sesion.token() });
      $("error-produccion").textContent = "";
      if (!fecha) { $("fecha").value = p.fecha; $("fecha").max = p.fecha; }
      pintar(p);
    } catch (e) {
      if (!Sesion.revisar(e)) $("error-produccion").textContent = e.message;
    }
  }

  // Descarga con el token (un enlace simple no puede mandar la cabecera Authorization).
  async function descargar(url, nombre, estado) {
    estado.textContent = "Descargando…";
    try {
      const r = await Pedir.respuesta(url, { token: Sesion.token() });
      const blob = await r.blob();
      const enlace = document.createElement("a");
      enlace.href = URL.createObjectURL(blob);
      enlace.download = nombre;
      document.body.appendChild(enlace);
      enlace.click();
      enlace.remove();
      setTimeout(() => URL.revokeObjectURL(enlace.href), 10000);
      estado.textContent = `Descargado: ${nombre}`;
    } catch (e) {
      if (!Sesion.revisar(e)) estado.textContent = e.message;
    }
  }

  function iniciar() {
    $("fecha").addEventListener("change", cargar);
    $("descargar-csv").addEventListener("click", () => {
      const fecha = $("fecha").value;
      descargar(`/api/supervisor/eventos.csv?fecha=${encodeURIComponent(fecha)}`, `zeues-eventos-${fecha}.csv`, $("estado-csv"));
    });
  }
  return { cargar, iniciar, descargar };
})();
