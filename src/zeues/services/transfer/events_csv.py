"""A day's audit events as CSV for the supervisor's download: the same columns and cell text as
`zeues export events` (the v3.0 "Metadata" sheet), so one report reads both."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

from zeues.domain.model import AuditEvent
from zeues.domain.transfer.cells import escape
from zeues.domain.transfer.dates import export_text
from zeues.services.transfer.exporting import EVENT_HEADER, event_row


def _cell(value: object) -> str:
    """As `zeues export` writes it: a text never read as a formula (domain/transfer/cells.py)."""
    if isinstance(value, str):
        return escape(value)
    if value is None:
        return ""
    if isinstance(value, date):
        return export_text(value)
    return str(value)


def events_csv(events: Iterable[AuditEvent], tz: ZoneInfo) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # as `zeues export`: what Spanish Excel opens
    writer.writerow([_cell(h) for h in EVENT_HEADER])
    writer.writerows([_cell(v) for v in event_row(e, tz)] for e in events)
    return out.getvalue()
