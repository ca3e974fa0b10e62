"""Rows of a shop sheet that are not records: totals, subtotals, notes (issue 20, item 6).
They are reported as skipped with the reason, never imported as a spool or a worker. Standard
library only."""

from __future__ import annotations

from collections.abc import Iterable

from zeues.domain.transfer.headers import normalize

# The first word of such a row (accents, case and a trailing colon do not matter) → what it is.
_KINDS = {
    "total": "fila de totales",
    "totales": "fila de totales",
    "subtotal": "fila de subtotales",
    "subtotales": "fila de subtotales",
    "suma": "fila de totales",
    "resumen": "fila de resumen",
    "nota": "nota",
    "notas": "nota",
    "obs": "nota",
    "observacion": "nota",
    "observaciones": "nota",
    "comentario": "nota",
    "comentarios": "nota",
}


def not_a_record(key: str, others: Iterable[str]) -> str | None:
    """What a row is when it is not a record (`fila de totales`, `nota`...), or None. `key`
    is its TAG (or Id) cell; when blank, the row's first other non-blank cell is read instead
    (a total under the NV column). Only a whole first word counts: `TOTAL-01` is a tag;
    `TOTAL`, `Total:` and `Subtotal NV-4000` are not."""
    text = key.strip() or next((t.strip() for t in others if t.strip()), "")
    if not text:
        return None
    first = text.split()[0].rstrip(":;.")
    kind = _KINDS.get(normalize(first))
    return kind
