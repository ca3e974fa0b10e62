// Eventos en vivo de /api/sse/stream leídos con fetch (no EventSource) para controlar la
// reconexión: espera creciente 1 s → 15 s, cabecera Last-Event-ID con el último id visto
// (el servidor repite lo perdido), y corte si pasan 45 s sin datos (el servidor hace ping cada 15).
// `FlujoSSE.abrir({alEvento(datos, id), alEstado(conectado: bool, esperaMs)})`.
"use strict";
const FlujoSSE = (() => {
  const SILENCIO_MAX_MS = 45000;
  function abrir({ alEvento, alEstado, url = "/api/sse/stream" }) {
    let ultimoId = null;
    let espera = 1000;
    let control = null;
    let vigia = null;
    let cerrado = false;

    function vigilar() {
      clearTimeout(vigia);
      vigia = setTimeout(() => control && control.abort(), SILENCIO_MAX_MS);
    }
    function procesar(bloque) {
      let tipo = "message", datos = [], id = null;
      for (const linea of bloque.split("\n")) {
        if (linea.startsWith(":")) continue;
        const i = linea.indexOf(":");
        const campo = i < 0 ? linea : linea.slice(0, i);
        const valor = i < 0 ? "" : linea.slice(i + 1).replace(/^ /, "");
        if (campo === "event") tipo = valor;
        else if (campo === "data") datos.push(valor);
        else if (campo === "id") id = valor;
      }
      if (id !== null) ultimoId = id;
      if (tipo !== "spool_update" || datos.length === 0) return;
      let carga = null;
      try { carga = JSON.parse(datos.join("\n")); } catch (e) { return; }
      alEvento(carga, id);
    }
    async function conectar() {
      control = new AbortController();
      let limpio = false;
      const inicio = Date.now();
      const headers = { Accept: "text/event-stream" };
      if (ultimoId !== null) headers["Last-Event-ID"] = ultimoId;
      try {
        const r = await fetch(url, { headers, signal: control.signal, cache: "no-store" });
        if (!r.ok || !r.body) throw new Error(`HTTP ${r.status}`);
        espera = 1000;
        alEstado(true, 0);
        vigilar();
        const lector = r.body.getReader();
        const texto = new TextDecoder();
        let resto = "";
        for (;;) {
          const { value, done } = await lector.read();
          if (done) { limpio = true; break; }
          vigilar();
          resto += texto.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
          let corte;
          while ((corte = resto.indexOf("\n\n")) >= 0) {
            procesar(resto.slice(0, corte));
            resto = resto.slice(corte + 2);
          }
        }
      } catch (e) {
        // Caída de red o servidor detenido: se informa y se reintenta abajo.
      }
      clearTimeout(vigia);
      if (cerrado) return;
      // El servidor cerró un flujo largo (duración máxima): se vuelve a conectar de inmediato.
      if (limpio && Date.now() - inicio > 5000) { conectar(); return; }
      alEstado(false, espera);
      const pausa = espera * (0.8 + Math.random() * 0.4);
      espera = Math.min(espera * 2, 15000);
      setTimeout(conectar, pausa);
    }
    conectar();
    return { cerrar() { cerrado = true; if (control) control.abort(); } };
  }
  return { abrir };
})();
