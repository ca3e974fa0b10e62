// The queue as this tablet holds it (issue 17): for each group, its first rows in tag order up
// to `hasta` (null: the whole group) and the group's totals, all as the server decided them.
// A first screen (/api/cola?limite=) starts it; each `cola` event of the tablet's stream then
// moves the one spool it names: out of every group, and into its new group when that spool
// falls within the rows held. Nothing here decides a rule: the row comes decided.
export const GROUPS = ["mios", "disponibles", "no_disponibles"];

export function emptyQueue() {
  return { mios: [], disponibles: [], no_disponibles: [], totales: { mios: 0, disponibles: 0, no_disponibles: 0 },
    encontrados: { mios: 0, disponibles: 0, no_disponibles: 0 }, hasta: { mios: null, disponibles: null, no_disponibles: null } };
}

// A page of /api/cola (limite=) as held rows: a group with more rows than sent is held up to
// its last row sent.
export function fromPage(page) {
  const queue = emptyQueue();
  for (const g of GROUPS) {
    queue[g] = page[g];
    const matched = page.encontrados ? page.encontrados[g] : page[g].length;
    queue.hasta[g] = page[g].length < matched ? page[g][page[g].length - 1].tag_spool : null;
  }
  queue.totales = { ...page.totales };
  queue.encontrados = { ...page.encontrados };
  return queue;
}

// The next page of one group (grupo=&despues=): appended; held to its end when it came short.
export function addPage(queue, group, rows, asked) {
  const known = new Set(queue[group].map((item) => item.tag_spool));
  queue[group] = queue[group].concat(rows.filter((item) => !known.has(item.tag_spool)));
  queue.hasta[group] = rows.length < asked ? null : rows[rows.length - 1].tag_spool;
}

function insertSorted(list, item) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].tag_spool < item.tag_spool) lo = mid + 1; else hi = mid;
  }
  list.splice(lo, 0, item);
}

// One `cola` event: {tag_spool, grupo, item, totales}.
export function applyRow(queue, row) {
  for (const g of GROUPS) {
    const at = queue[g].findIndex((item) => item.tag_spool === row.tag_spool);
    if (at >= 0) queue[g].splice(at, 1);
  }
  if (row.grupo) {
    const end = queue.hasta[row.grupo];
    if (end === null || row.tag_spool <= end) insertSorted(queue[row.grupo], row.item);
  }
  queue.totales = { ...row.totales };
}

// Whether the server has rows of `group` past those held.
export function hasMore(queue, group) {
  return queue.hasta[group] !== null;
}
