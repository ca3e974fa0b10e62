// Sesión de la consola: el token de administración se pide una vez y se guarda en esta pestaña
// (sessionStorage: se borra al cerrarla); el supervisor se elige entre los trabajadores con rol
// Supervisor (las acciones lo registran como supervisor_id).
"use strict";
const Sesion = (() => {
  const CLAVE_TOKEN = "zeues.consola.token";
  const CLAVE_SUP = "zeues.consola.supervisor";
  const $ = (id) => document.getElementById(id);
  const token = () => sessionStorage.getItem(CLAVE_TOKEN);
  function supervisor() {
    try { return JSON.parse(sessionStorage.getItem(CLAVE_SUP) || "null"); } catch (e) { return null; }
  }
  function mensajeToken(err) {
    if (err.status === 401 || err.status === 403) {
      return "El token de administración no es válido. Revíselo o pídalo al administrador (zeues admin-token).";
    }
    return err.message;
  }
  async function probar(candidato) {
    // Una ruta de administración de solo lectura: responde 401/403 si el token no sirve.
    await Pedir.json("/api/supervisor/produccion", { token: candidato });
  }
  async function elegirSupervisor(alListo) {
    $("form-token").hidden = true;
    const form = $("form-supervisor");
    form.hidden = false;
    const lista = $("supervisor");
    let supervisores = [];
    try {
      supervisores = (await Pedir.json("/api/workers")).workers.filter((w) => w.roles.includes("Supervisor"));
    } catch (e) {
      $("error-supervisor").textContent = e.message;
      return;
    }
    lista.replaceChildren();
    for (const w of supervisores) {
      const op = document.createElement("option");
      op.value = String(w.id);
      op.textContent = `${w.nombre} ${w.apellido} · ${w.nombre_completo}`;
      lista.appendChild(op);
    }
    if (supervisores.length === 0) {
      $("error-supervisor").textContent = "No hay trabajadores activos con el rol Supervisor. Un administrador debe asignarlo.";
      return;
    }
    form.onsubmit = (ev) => {
      ev.preventDefault();
      const w = supervisores.find((x) => String(x.id) === lista.value);
      sessionStorage.setItem(CLAVE_SUP, JSON.stringify({ id: w.id, nombre: w.nombre_completo }));
      form.hidden = true;
      alListo();
    };
    lista.focus();
  }
  function iniciar(alListo) {
    const listo = () => {
      $("entrada").hidden = true;
      $("salir").hidden = false;
      $("quien").textContent = `Supervisor: ${supervisor().nombre}`;
      alListo();
    };
    $("salir").onclick = salir;
    $("form-token").onsubmit = async (ev) => {
      ev.preventDefault();
      const candidato = $("token").value.trim();
      $("error-token").textContent = "";
      if (!candidato) { $("error-token").textContent = "Escriba el token."; return; }
      try {
        await probar(candidato);
      } catch (e) {
        $("error-token").textContent = mensajeToken(e);
        return;
      }
      sessionStorage.setItem(CLAVE_TOKEN, candidato);
      $("token").value = "";
      elegirSupervisor(listo);
    };
    if (token() && supervisor()) listo();
    else if (token()) elegirSupervisor(listo);
    else $("token").focus();
  }
  function salir(motivo) {
    sessionStorage.removeItem(CLAVE_TOKEN);
    sessionStorage.removeItem(CLAVE_SUP);
    if (typeof motivo === "string") sessionStorage.setItem("zeues.consola.aviso", motivo);
    location.reload();
  }
  // Un 401/403 en una ruta de administración: el token cambió; se vuelve a pedir.
  function revisar(err) {
    if (err && (err.status === 401 || err.status === 403) && /UNAUTHENTICATED|FORBIDDEN/.test(err.codigo || "")) {
      salir("El token de administración ya no es válido: ingréselo de nuevo.");
      return true;
    }
    return false;
  }
  window.addEventListener("DOMContentLoaded", () => {
    const aviso = sessionStorage.getItem("zeues.consola.aviso");
    if (aviso) { $("error-token").textContent = aviso; sessionStorage.removeItem("zeues.consola.aviso"); }
  });
  return { token, supervisor, iniciar, salir, revisar };
})();
