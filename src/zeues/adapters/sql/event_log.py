"""The audit trail read as an event log: what came after an id (SSE and Redis replay, the
database poller) and the newest id."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from zeues.adapters.sql.rows import event_from_row
from zeues.adapters.sql.tables import audit_events
from zeues.domain.model import AuditEvent


class SqlEventLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def last_event_id(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(audit_events.c.id))).scalar() or 0)

    def events_after(self, last_id: int, tag: str | None, limit: int = 1000) -> list[AuditEvent]:
        stmt = select(audit_events).where(audit_events.c.id > last_id)
        if tag:
            stmt = stmt.where(audit_events.c.tag_spool == tag)
        stmt = stmt.order_by(audit_events.c.id).limit(limit)
        with self.engine.connect() as conn:
            return [event_from_row(r) for r in conn.execute(stmt).mappings()]
