// Notas de un spool (issue 21): the supervisor looks a spool up by its TAG, reads its notes
// (newest first) and appends one, signed with their name. Notes are never edited or deleted;
// each is an audit event. A live event reloads the list of the spool in sight.
import { $, el } from "../common/dom.js";
import { formatDateTime } from "../common/format.js";
import { requestJSON } from "../common/request.js";
import { supervisor, token, tokenRefused } from "./session.js";

let shownTag = null;

function noteItem(n) {
  return el("li", {},
    el("span", { class: "nota-cuando", text: `${formatDateTime(n.timestamp)} · ${n.autor || "sin autor"}` }),
    el("span", { class: "nota-texto", text: n.texto }));
}

// The notes of `tag` drawn (or the server's reason in Spanish); true when the spool exists.
async function showSpoolNotes(tag) {
  $("error-notas").textContent = "";
  let data;
  try {
    // With the token: where the floor's reads are closed (ZEUES_FLOOR_READS=dispositivo) the
    // console's session opens them; elsewhere it changes nothing.
    data = await requestJSON(`/api/spools/${encodeURIComponent(tag)}/notas`, { token: token() });
  } catch (err) {
    $("error-notas").textContent = err.message;
    $("notas-spool").hidden = true;
    shownTag = null;
    return false;
  }
  shownTag = data.tag_spool;
  $("notas-tag").value = data.tag_spool; // as stored, however it was typed
  $("notas-titulo").textContent = `${data.tag_spool} · ${data.total === 1 ? "1 nota" : `${data.total} notas`}`;
  const items = data.notas.slice().reverse().map(noteItem);
  $("notas-lista").replaceChildren(...(items.length ? items : [el("li", { class: "suave", text: "Este spool no tiene notas." })]));
  const who = supervisor();
  $("nota-firma").textContent = who ? `Quedará firmada por ${who.nombre}.` : "Quedará sin autor.";
  $("notas-spool").hidden = false;
  return true;
}

// Reloads the spool in sight (after a live event): nothing to do when none is.
export async function loadSpoolNotes() {
  if (shownTag) await showSpoolNotes(shownTag);
}

async function appendNote(event) {
  event.preventDefault();
  // One line: the API keeps notes on one line (the spool sheet's Notas cell has one a line).
  const texto = $("nota-texto").value.replace(/\s+/g, " ").trim();
  $("error-nota").textContent = "";
  if (!texto) { $("error-nota").textContent = "Escriba la nota."; $("nota-texto").focus(); return; }
  const button = $("nota-agregar");
  button.disabled = true;
  const body = { tag_spool: shownTag, texto };
  const who = supervisor();
  if (who) body.supervisor_id = who.id;
  try {
    await requestJSON("/api/supervisor/notas", { method: "POST", token: token(), body });
    $("nota-texto").value = "";
    await showSpoolNotes(shownTag);
  } catch (err) {
    if (!tokenRefused(err)) $("error-nota").textContent = err.message;
  } finally {
    button.disabled = false;
  }
}

export function startSpoolNotes() {
  $("form-notas-buscar").addEventListener("submit", async (event) => {
    event.preventDefault();
    const tag = $("notas-tag").value.trim();
    if (!tag) { $("error-notas").textContent = "Escriba el TAG del spool."; $("notas-tag").focus(); return; }
    if (await showSpoolNotes(tag)) $("nota-texto").focus();
  });
  $("form-nota").addEventListener("submit", appendNote);
}
