// Desbloquear y Liberar: piden un motivo (obligatorio) en un diálogo y lo envían con el
// supervisor de la sesión. El resultado (o el error del servidor, en español) queda a la vista.
"use strict";
const Acciones = (() => {
  const $ = (id) => document.getElementById(id);
  let pendiente = null; // {ruta, tag, alTerminar}

  function avisar(texto, esError) {
    const el = $("aviso");
    el.textContent = texto;
    el.className = esError ? "aviso error-aviso" : "aviso";
    el.hidden = false;
    clearTimeout(avisar.t);
    avisar.t = setTimeout(() => { el.hidden = true; }, 15000);
  }

  function abrir({ titulo, texto, ruta, tag, alTerminar }) {
    pendiente = { ruta, tag, alTerminar };
    $("dlg-titulo").textContent = titulo;
    $("dlg-texto").textContent = texto;
    $("motivo").value = "";
    $("dlg-error").textContent = "";
    $("dlg-confirmar").disabled = false;
    $("dialogo").showModal();
    $("motivo").focus();
  }

  async function confirmar(ev) {
    ev.preventDefault();
    if (!pendiente) return;
    const motivo = $("motivo").value.trim();
    if (!motivo) { $("dlg-error").textContent = "Escriba el motivo: es obligatorio."; $("motivo").focus(); return; }
    if (motivo.length < 3) { $("dlg-error").textContent = "El motivo debe tener al menos 3 caracteres."; return; }
    const boton = $("dlg-confirmar");
    boton.disabled = true;
    boton.textContent = "Enviando…";
    const { ruta, tag, alTerminar } = pendiente;
    try {
      const r = await Pedir.json(ruta, {
        method: "POST",
        token: Sesion.token(),
        body: { tag_spool: tag, supervisor_id: Sesion.supervisor().id, motivo },
      });
      pendiente = null;
      $("dialogo").close();
      avisar(`${r.message}. Estado: ${r.estado_detalle}`);
      if (alTerminar) alTerminar();
    } catch (e) {
      if (Sesion.revisar(e)) return;
      $("dlg-error").textContent = e.message;
    } finally {
      boton.disabled = false;
      boton.textContent = "Confirmar";
    }
  }

  function iniciar() {
    $("form-motivo").addEventListener("submit", confirmar);
    $("dlg-cancelar").addEventListener("click", () => { pendiente = null; $("dialogo").close(); });
  }
  return { abrir, iniciar, avisar };
})();
