// Arranque de la consola: sesión, secciones, y recarga ante cualquier evento en vivo.
"use strict";
const Consola = (() => {
  const $ = (id) => document.getElementById(id);
  // Una recarga a la vez; los eventos que llegan mientras tanto piden una más al final.
  function unaALaVez(fn, pausaMs) {
    let corriendo = false, otraVez = false;
    return async function correr() {
      if (corriendo) { otraVez = true; return; }
      corriendo = true;
      try {
        do {
          otraVez = false;
          try { await fn(); } catch (e) { if (!Sesion.revisar(e)) Acciones.avisar(e.message, true); }
          if (pausaMs) await new Promise((r) => setTimeout(r, pausaMs));
        } while (otraVez);
      } finally {
        corriendo = false;
      }
    };
  }
  const recargarAtencion = unaALaVez(() => Atencion.cargar(), 0);
  const recargarProduccion = unaALaVez(() => Produccion.cargar(), 1000);
  function recargar() { recargarAtencion(); recargarProduccion(); }

  function conexion(conectado, esperaMs) {
    const el = $("conexion");
    el.textContent = conectado ? "en vivo" : `sin conexión · reintentando en ${Math.ceil(esperaMs / 1000)} s`;
    el.className = conectado ? "conexion vivo" : "conexion caida";
    if (conectado) recargar();
  }

  function arrancar() {
    $("consola").hidden = false;
    Acciones.iniciar();
    Atencion.iniciar();
    Produccion.iniciar();
    Importar.iniciar();
    recargar();
    FlujoSSE.abrir({ alEvento: recargar, alEstado: conexion });
  }
  window.addEventListener("DOMContentLoaded", () => Sesion.iniciar(arrancar));
  return { recargar };
})();
