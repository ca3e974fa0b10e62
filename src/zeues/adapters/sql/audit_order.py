"""PostgreSQL's audit-order lock: audit ids become visible in the order they were drawn.

PostgreSQL allocates sequence ids at INSERT, but transactions commit in their own order, so
without this a reader could see id 12 committed, replay `id > 12`, and never see id 11
that commits a moment later (SSE Last-Event-ID and the Redis subscriber's replay both rely
on "id > last" missing nothing). Every audit-writing transaction takes this lock in the
statement that inserts its first audit row, before the id is drawn, and holds it until it
ends (commit or rollback): ids are then allocated in commit order. Taken after the spool
row lock and followed by no other lock, so it cannot deadlock; it serialises only
insert → commit, not the whole command, and taking it inside the INSERT (not in a SELECT
before it) keeps one client round trip out of that serialised stretch.
SQLite needs nothing: one writer at a time already."""

from __future__ import annotations

from sqlalchemy import bindparam, cast, func, insert, select
from sqlalchemy.engine import Connection

from zeues.adapters.sql.tables import audit_events

AUDIT_ORDER_LOCK = 7_350_013  # arbitrary; migrate.py uses 7_350_012
_EVENT_COLUMNS = [col for col in audit_events.c if col.name != "id"]
_ORDER_LOCK = select(func.pg_advisory_xact_lock(AUDIT_ORDER_LOCK).label("locked")).cte(
    "audit_order"
)
# The lock CTE is volatile, hence materialised and scanned before the row (and its
# nextval() default) is formed: lock first, id second. Casts: INSERT ... SELECT gives PG no
# column context for the parameters.
INSERT_EVENT_TAKING_ORDER_LOCK = (
    insert(audit_events)
    .from_select(
        [col.name for col in _EVENT_COLUMNS],
        select(
            *[cast(bindparam(col.name, type_=col.type), col.type) for col in _EVENT_COLUMNS]
        ).select_from(_ORDER_LOCK),
    )
    .returning(audit_events.c.id)
)


def needs_order_lock(conn: Connection) -> bool:
    """Whether a new transaction on `conn` must take the lock with its first audit row."""
    return conn.dialect.name == "postgresql"
