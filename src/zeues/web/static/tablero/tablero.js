const hora = (iso) => iso ? new Date(iso).toLocaleTimeString("es-CL") : "";
function celda(texto, clase) {
  const td = document.createElement("td");
  td.textContent = texto;
  if (clase) td.className = clase;
  return td;
}
async function cargarOcupados() {
  const filas = await (await fetch("/api/dashboard/occupied")).json();
  const cuerpo = document.getElementById("ocupados");
  cuerpo.replaceChildren();
  if (filas.length === 0) {
    const tr = document.createElement("tr");
    tr.appendChild(celda("Ningún spool ocupado."));
    cuerpo.appendChild(tr);
  }
  for (const f of filas.slice(0, 200)) {
    const tr = document.createElement("tr");
    tr.append(celda(f.tag_spool, "tag"), celda(f.worker_nombre), celda(f.operacion),
              celda(hora(f.fecha_ocupacion)), celda(f.estado_detalle));
    cuerpo.appendChild(tr);
  }
}
async function cargarResumen() {
  const r = await (await fetch("/api/dashboard/resumen")).json();
  const cifras = [["Spools", r.total], ["Ocupados", r.ocupados], ["Bloqueados", r.bloqueados],
    ["ARM en progreso", r.arm.EN_PROGRESO || 0], ["SOLD en progreso", r.sold.EN_PROGRESO || 0],
    ["Rechazados", r.metrologia.RECHAZADO || 0]];
  const caja = document.getElementById("cifras");
  caja.replaceChildren();
  for (const [nombre, valor] of cifras) {
    const div = document.createElement("div");
    div.className = "cifra";
    const b = document.createElement("b");
    b.textContent = valor;
    div.append(b, document.createTextNode(nombre));
    caja.appendChild(div);
  }
}
let pendiente = null;
function refrescar() {  // agrupa ráfagas de eventos en una sola recarga
  clearTimeout(pendiente);
  pendiente = setTimeout(() => { cargarOcupados(); cargarResumen(); }, 300);
}
function conectar() {
  const fuente = new EventSource("/api/sse/stream");
  const estado = document.getElementById("estado");
  fuente.onopen = () => { estado.textContent = "● en vivo"; estado.className = "ok"; refrescar(); };
  fuente.onerror = () => { estado.textContent = "● reconectando…"; estado.className = "mal"; };
  fuente.addEventListener("spool_update", (e) => {
    const d = JSON.parse(e.data);
    const li = document.createElement("li");
    li.textContent = `${hora(d.timestamp)} · ${d.tag_spool} · ${d.evento_tipo || d.type} · ${d.worker_nombre || ""} · ${d.estado_detalle || ""}`;
    const lista = document.getElementById("eventos");
    lista.prepend(li);
    while (lista.children.length > 100) lista.lastChild.remove();
    refrescar();
  });
}
cargarOcupados(); cargarResumen(); conectar();
