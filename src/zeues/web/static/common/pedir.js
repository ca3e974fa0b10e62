// fetch de la API con el mensaje de error en español del servidor (forma única de CONTRACT §2.1).
// `Pedir.json(url, {token, method, body})`; un error lleva `status`, `codigo` y `message`.
"use strict";
const Pedir = (() => {
  class ErrorApi extends Error {
    constructor(message, status, codigo) {
      super(message);
      this.status = status;
      this.codigo = codigo;
    }
  }
  function cabeceras(token, extra) {
    const h = { Accept: "application/json", ...(extra || {}) };
    if (token) h.Authorization = `Bearer ${token}`;
    return h;
  }
  async function respuesta(url, opciones = {}) {
    const init = { method: opciones.method || "GET", headers: cabeceras(opciones.token) };
    if (opciones.form) init.body = opciones.form; // multipart: el navegador pone el límite
    else if (opciones.body !== undefined) {
      init.body = JSON.stringify(opciones.body);
      init.headers["Content-Type"] = "application/json";
    }
    let r;
    try {
      r = await fetch(url, init);
    } catch (e) {
      throw new ErrorApi("Sin conexión con el servidor. Reintente en un momento.", 0, "SIN_CONEXION");
    }
    if (!r.ok) {
      let cuerpo = null;
      try { cuerpo = await r.json(); } catch (e) { /* respuesta sin JSON */ }
      const msg = (cuerpo && (cuerpo.message || (typeof cuerpo.detail === "string" && cuerpo.detail)))
        || `El servidor respondió ${r.status}.`;
      throw new ErrorApi(msg, r.status, cuerpo && cuerpo.error);
    }
    return r;
  }
  async function json(url, opciones) {
    return (await respuesta(url, opciones)).json();
  }
  return { ErrorApi, respuesta, json };
})();
