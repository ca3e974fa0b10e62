"""Audit events as CSV, in the column order of the v3.0 "Metadata" sheet that shops already
open in a spreadsheet. The one place that renders it (the integrator may point the general
export here)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from zeues.domain.model import AuditEvent

COLUMNS = (
    "ID",
    "Timestamp",
    "Evento_Tipo",
    "TAG_SPOOL",
    "Worker_ID",
    "Worker_Nombre",
    "Operacion",
    "Accion",
    "Fecha_Operacion",
    "Metadata_JSON",
)


def _row(event: AuditEvent, tz: ZoneInfo) -> list[str]:
    return [
        str(event.id),
        event.timestamp.astimezone(tz).isoformat(),
        event.evento_tipo.value,
        event.tag_spool,
        "" if event.worker_id is None else str(event.worker_id),
        event.worker_nombre or "",
        event.operacion.value if event.operacion else "",
        event.accion,
        event.fecha_operacion.isoformat() if event.fecha_operacion else "",
        json.dumps(event.metadata, ensure_ascii=False, sort_keys=True),
    ]


def events_csv(events: Iterable[AuditEvent], tz: ZoneInfo) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(e, tz) for e in events)
    return out.getvalue()
