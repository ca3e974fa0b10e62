// How the worker app writes what the server sends, in one voice: a sales note once ("NV-4000",
// never "NV NV-4000") and the state in plain words (`estado_texto`; older servers' codes else).
export function nvText(nv) {
  if (!nv) return "NV —";
  return /^nv/i.test(nv) ? nv : `NV ${nv}`;
}

export const stateText = (item) => item.estado_texto || item.estado_detalle;
