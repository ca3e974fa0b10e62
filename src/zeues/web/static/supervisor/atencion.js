// Lo que pide la mano del supervisor: spools bloqueados, spools tomados (con Liberar), tomas
// por vencer y tomas más largas que N horas (campo de la página, recordado en el navegador).
"use strict";
const Atencion = (() => {
  const POR_VENCER_S = 600;
  const CLAVE_HORAS = "zeues.consola.horas";
  const $ = (id) => document.getElementById(id);
  let tomados = [];

  function celda(texto, clase) {
    const td = document.createElement("td");
    td.textContent = texto;
    if (clase) td.className = clase;
    return td;
  }
  function boton(texto, alPulsar) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = texto;
    b.addEventListener("click", alPulsar);
    return b;
  }
  function vacio(cuerpo, columnas, texto) {
    const tr = document.createElement("tr");
    const td = celda(texto, "suave");
    td.colSpan = columnas;
    tr.appendChild(td);
    cuerpo.appendChild(tr);
  }

  function pintarBloqueados(lista) {
    const cuerpo = $("bloqueados");
    cuerpo.replaceChildren();
    $("n-bloqueados").textContent = String(lista.length);
    $("n-bloqueados").classList.toggle("grave", lista.length > 0);
    for (const s of lista) {
      const tr = document.createElement("tr");
      tr.dataset.tag = s.tag_spool;
      const acc = document.createElement("td");
      acc.appendChild(boton("Desbloquear", () => Acciones.abrir({
        titulo: `Desbloquear ${s.tag_spool}`,
        texto: "Vuelve a RECHAZADO con el contador de ciclos en 0 para una nueva reparación. Queda auditado con su nombre y el motivo.",
        ruta: "/api/supervisor/desbloquear",
        tag: s.tag_spool,
        alTerminar: Consola.recargar,
      })));
      tr.append(celda(s.tag_spool, "tag"), celda(s.fecha_rechazo || "–", "fecha"), acc);
      cuerpo.appendChild(tr);
    }
    if (lista.length === 0) vacio(cuerpo, 3, "Ningún spool bloqueado.");
  }

  const tomadoHace = (f) => Tiempo.segundosDesde(f.fecha_ocupacion);
  const venceEn = (f) => (f.lease_expires_at ? Tiempo.segundosHasta(f.lease_expires_at) : Infinity);

  function liberar(f) {
    Acciones.abrir({
      titulo: `Liberar ${f.tag_spool}`,
      texto: `Lo tiene ${f.worker_nombre} (${f.operacion}) hace ${Tiempo.duracion(tomadoHace(f))}. La operación queda en pausa y cualquier trabajador puede continuarla.`,
      ruta: "/api/supervisor/liberar",
      tag: f.tag_spool,
      alTerminar: Consola.recargar,
    });
  }

  function pintarTomados() {
    const cuerpo = $("tomados");
    cuerpo.replaceChildren();
    $("n-tomados").textContent = String(tomados.length);
    for (const f of tomados) {
      const tr = document.createElement("tr");
      tr.dataset.tag = f.tag_spool;
      const quedan = venceEn(f);
      if (quedan < POR_VENCER_S) tr.className = "por-vencer";
      const acc = document.createElement("td");
      acc.appendChild(boton("Liberar", () => liberar(f)));
      tr.append(
        celda(f.tag_spool, "tag"), celda(f.worker_nombre), celda(f.operacion),
        celda(Tiempo.duracion(tomadoHace(f))),
        celda(quedan === Infinity ? "sin vencimiento" : Tiempo.cuentaRegresiva(quedan), "num"),
        acc,
      );
      cuerpo.appendChild(tr);
    }
    if (tomados.length === 0) vacio(cuerpo, 6, "Ningún spool tomado.");
    pintarAlertas();
  }

  function item(lista, texto, tag) {
    const li = document.createElement("li");
    li.textContent = texto;
    li.dataset.tag = tag;
    lista.appendChild(li);
  }
  function pintarAlertas() {
    const porVencer = tomados.filter((f) => venceEn(f) < POR_VENCER_S).sort((a, b) => venceEn(a) - venceEn(b));
    const lista = $("por-vencer");
    lista.replaceChildren();
    $("n-por-vencer").textContent = String(porVencer.length);
    $("n-por-vencer").classList.toggle("aviso", porVencer.length > 0);
    for (const f of porVencer.slice(0, 8)) {
      item(lista, `${f.tag_spool} · ${f.worker_nombre} ${f.operacion} · vence en ${Tiempo.cuentaRegresiva(venceEn(f))}`, f.tag_spool);
    }
    if (porVencer.length > 8) item(lista, `… y ${porVencer.length - 8} más`, "");
    if (porVencer.length === 0) item(lista, "Ninguna.", "");

    const horas = Number($("horas").value) || 4;
    const largos = tomados.filter((f) => tomadoHace(f) > horas * 3600).sort((a, b) => tomadoHace(b) - tomadoHace(a));
    const l2 = $("largos");
    l2.replaceChildren();
    $("n-largos").textContent = String(largos.length);
    $("n-largos").classList.toggle("aviso", largos.length > 0);
    for (const f of largos.slice(0, 8)) {
      item(l2, `${f.tag_spool} · ${f.worker_nombre} ${f.operacion} · hace ${Tiempo.duracion(tomadoHace(f))}`, f.tag_spool);
    }
    if (largos.length > 8) item(l2, `… y ${largos.length - 8} más`, "");
    if (largos.length === 0) item(l2, "Ninguno.", "");
  }

  async function cargar() {
    const [reparacion, ocupados, resumen] = await Promise.all([
      Pedir.json("/api/spools/reparacion?limit=1000"),
      Pedir.json("/api/dashboard/occupied"),
      Pedir.json("/api/dashboard/resumen"),
    ]);
    Tiempo.ajustar(resumen.timestamp);
    pintarBloqueados(reparacion.spools.filter((s) => s.bloqueado));
    tomados = ocupados;
    pintarTomados();
  }

  function iniciar() {
    const guardadas = localStorage.getItem(CLAVE_HORAS);
    if (guardadas) $("horas").value = guardadas;
    $("horas").addEventListener("input", () => {
      localStorage.setItem(CLAVE_HORAS, $("horas").value);
      pintarAlertas();
    });
    setInterval(pintarTomados, 5000); // tiempos y cuentas regresivas, sin pedir nada
  }
  return { cargar, iniciar };
})();
