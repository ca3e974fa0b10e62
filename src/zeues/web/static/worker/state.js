// What the worker app knows right now, shared by its modules: who is working, in which
// operation, the queue the server decided for them and what is selected.
import { emptyQueue } from "./rows.js";

export const PAGE = 60; // rows drawn per group before "Mostrar más"
export const WORKER_KEY = "zeues.worker";

export const state = {
  worker: null, // {id, nombre_completo, nombre, apellido, operaciones}
  op: null,
  cola: emptyQueue(), // the rows held (rows.js)
  found: null, // the server's answer to the search typed in the scan field, same shape
  today: null, // the shop's date (YYYY-MM-DD), from the server's clock
  selected: new Set(),
  shown: { mios: PAGE, disponibles: PAGE, no_disponibles: PAGE },
  filter: "",
};
