"""History of a spool: sessions derived from its audit trail."""

from __future__ import annotations

from datetime import datetime

from zeues.domain.model import AuditEvent
from zeues.domain.sessions import Session, derive_sessions
from zeues.services.not_found import spool_not_found
from zeues.services.ports import ReadModel


def events(read: ReadModel, tag: str) -> list[AuditEvent]:
    found = read.spool_events(tag)
    if not found and read.spool(tag) is None:
        raise spool_not_found(tag)
    return found


def sessions(read: ReadModel, tag: str, now: datetime) -> list[Session]:
    found = events(read, tag)
    spool = read.spool(tag)
    return derive_sessions(found, now, spool.holder if spool else None)
