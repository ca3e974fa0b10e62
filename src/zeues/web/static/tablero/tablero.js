// Tablero en vivo: quién tiene qué, cifras por estado y actividad reciente. Cada evento del
// flujo SSE (sea cual sea su tipo) recarga los datos; al reconectar se resincroniza todo.
"use strict";
(() => {
  const POR_VENCER_S = 600; // toma que vence en menos de 10 min: se destaca
  const MAX_EVENTOS = 30;
  const PAUSA_RECARGA_MS = 200;
  const $ = (id) => document.getElementById(id);
  let vistos = new Set(); // spools ocupados en la última carga, para destacar los nuevos

  function celda(texto, clase) {
    const td = document.createElement("td");
    td.textContent = texto;
    if (clase) td.className = clase;
    return td;
  }

  function pintarOcupados(filas) {
    const cuerpo = $("ocupados");
    cuerpo.replaceChildren();
    $("total-ocupados").textContent = `(${filas.length})`;
    const nuevos = new Set();
    for (const f of filas.slice(0, 60)) {
      const tr = document.createElement("tr");
      tr.dataset.tag = f.tag_spool;
      if (!vistos.has(f.tag_spool) && vistos.size > 0) tr.className = "nuevo";
      nuevos.add(f.tag_spool);
      const desde = celda(`${Tiempo.hora(f.fecha_ocupacion)} · ${Tiempo.duracion(Tiempo.segundosDesde(f.fecha_ocupacion))}`);
      desde.dataset.desde = f.fecha_ocupacion;
      const vence = celda("", "vence");
      if (f.lease_expires_at) vence.dataset.vence = f.lease_expires_at;
      else vence.textContent = "sin vencimiento";
      tr.append(celda(f.tag_spool, "tag"), celda(f.worker_nombre), celda(f.operacion), desde, vence);
      cuerpo.appendChild(tr);
    }
    for (const f of filas.slice(60)) nuevos.add(f.tag_spool);
    vistos = nuevos;
    if (filas.length === 0) {
      const tr = document.createElement("tr");
      const td = celda("Ningún spool tomado en este momento.");
      td.colSpan = 5;
      tr.appendChild(td);
      cuerpo.appendChild(tr);
    }
    recortar(filas.length);
    actualizarRelojes();
  }

  // Muestra solo las filas que caben en la pantalla (un TV no se desplaza) y dice cuántas faltan.
  function recortar(total) {
    const seccion = document.querySelector(".ocupados");
    const nota = $("mas-ocupados");
    nota.textContent = "";
    const limite = seccion.getBoundingClientRect().bottom - 56;
    const filas = [...$("ocupados").children];
    // Todas las medidas primero y después los cambios: un solo cálculo de diseño.
    const sobran = filas.filter((tr) => tr.getBoundingClientRect().bottom > limite);
    for (const tr of sobran) tr.remove();
    const mostradas = filas.length - sobran.length;
    if (total > mostradas && mostradas >= 0) nota.textContent = `… y ${total - mostradas} más`;
  }

  function pintarCifras(r) {
    for (const caja of document.querySelectorAll("[data-cifra]")) {
      const valor = r[caja.dataset.cifra];
      caja.querySelector("b").textContent = valor ?? "–";
      caja.classList.toggle(caja.dataset.alerta || "-", Boolean(caja.dataset.alerta) && valor > 0);
    }
  }

  let recargarAlVencer = false;
  function actualizarRelojes() {
    $("reloj").textContent = Tiempo.horaSeg(new Date(Tiempo.ahora()).toISOString());
    for (const td of document.querySelectorAll("[data-vence]")) {
      const quedan = Tiempo.segundosHasta(td.dataset.vence);
      td.textContent = Tiempo.cuentaRegresiva(quedan);
      td.parentElement.classList.toggle("por-vencer", quedan < POR_VENCER_S);
      if (quedan <= 0) recargarAlVencer = true; // una toma vencida deja de estar ocupada
    }
    for (const td of document.querySelectorAll("[data-desde]")) {
      const iso = td.dataset.desde;
      td.textContent = `${Tiempo.hora(iso)} · ${Tiempo.duracion(Tiempo.segundosDesde(iso))}`;
    }
    if (recargarAlVencer) { recargarAlVencer = false; pedirRecarga(); }
  }

  async function cargar() {
    const [ocupados, resumen] = await Promise.all([
      Pedir.json("/api/dashboard/occupied"),
      Pedir.json("/api/dashboard/resumen"),
    ]);
    Tiempo.ajustar(resumen.timestamp);
    pintarCifras(resumen);
    pintarOcupados(ocupados);
    document.body.dataset.cargado = String(Date.now());
  }

  // Una recarga a la vez: los eventos que llegan durante una recarga piden otra al terminar
  // (así 100 eventos/s no son 100 recargas/s, y el último cambio siempre se ve).
  let cargando = false, otraVez = false;
  async function pedirRecarga() {
    if (cargando) { otraVez = true; return; }
    cargando = true;
    try {
      do {
        otraVez = false;
        await cargar();
        // Con cambios seguidos, a lo más unas 4 recargas por segundo (el retraso sigue < 1 s).
        if (otraVez) await new Promise((r) => setTimeout(r, PAUSA_RECARGA_MS));
      } while (otraVez);
    } catch (e) {
      otraVez = false; // sin conexión: se resincroniza al reconectar
    } finally {
      cargando = false;
    }
  }

  const porPintar = [];
  function anotarEvento(d) {
    porPintar.push(d);
    if (porPintar.length === 1) requestAnimationFrame(pintarEventos);
  }
  function pintarEventos() {
    const lista = $("eventos");
    for (const d of porPintar.splice(0).slice(-MAX_EVENTOS)) {
      const li = document.createElement("li");
      const estado = d.estado_detalle || "";
      if (/BLOQUEADO|RECHAZADO/.test(estado)) li.className = "atencion";
      const l1 = document.createElement("span");
      l1.className = "linea1";
      const hora = document.createElement("span");
      hora.className = "hora";
      hora.textContent = Tiempo.horaSeg(d.timestamp);
      const tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = d.tag_spool;
      const quien = document.createElement("span");
      quien.className = "quien";
      quien.textContent = [d.worker_nombre || d.worker, d.operacion].filter(Boolean).join(" · ");
      l1.append(hora, tag, quien);
      const det = document.createElement("span");
      det.className = "detalle";
      det.textContent = estado;
      li.append(l1, det);
      li.dataset.tag = d.tag_spool;
      lista.prepend(li);
    }
    while (lista.children.length > MAX_EVENTOS) lista.lastChild.remove();
    $("sin-eventos").hidden = lista.children.length > 0;
  }

  function estadoConexion(conectado, esperaMs) {
    const el = $("conexion");
    if (conectado) {
      el.textContent = "en vivo";
      el.className = "conexion vivo";
      pedirRecarga(); // resincroniza lo que pudo cambiar mientras no había conexión
    } else {
      el.textContent = `sin conexión · reintentando en ${Math.ceil(esperaMs / 1000)} s`;
      el.className = "conexion caida";
    }
  }

  setInterval(actualizarRelojes, 1000);
  setInterval(pedirRecarga, 60000); // red de seguridad: tomas que vencen sin evento
  window.addEventListener("resize", pedirRecarga);
  actualizarRelojes();
  pedirRecarga();
  FlujoSSE.abrir({
    alEvento: (d) => { anotarEvento(d); pedirRecarga(); },
    alEstado: estadoConexion,
  });
})();
