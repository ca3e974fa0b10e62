"""The `data:` of a board's `tablero` event (issue 17): what changed on the live board, decided
once for every board; the rows as /api/dashboard/occupied writes them, the counts as
/api/dashboard/resumen does."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from zeues.api.presenters.history import occupied_out
from zeues.services.board import BoardChange


def board_payload(change: BoardChange, now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    """`completo`: the whole board (replace everything); else `ocupados` are rows to add or
    replace, `libres` the spools no longer held, `resumen` the counts that changed."""
    return {
        "completo": change.full,
        "version": change.version,
        "ocupados": [occupied_out(s, tz).model_dump(mode="json") for s in change.held],
        "libres": list(change.freed),
        "resumen": change.counts,
        "timestamp": now.astimezone(tz).isoformat(),
    }
