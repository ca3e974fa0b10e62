"""The write transaction's three per-command statements on SQLite, straight on the driver's cursor.

A TOMAR or PAUSAR runs three statements (read the spool and worker, conditional update, audit
insert). Through SQLAlchemy's execution machinery (cache key, bind and result processors,
result objects) they cost more CPU than SQLite spends executing them: about 18 % of a command's
CPU in `bench/profile_server.py tomar`. Here the same statements, compiled once from
statements.py, run on the sqlite3 cursor of the transaction's own connection, and the values
are converted exactly as SQLAlchemy stores them on SQLite
(tests/integration/sqlite/test_cursor_tx.py checks both ways round). Everything else in the
transaction stays on SQLAlchemy."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ClauseElement
from sqlalchemy.types import TypeEngine

from zeues.adapters.sql.floor_access import SELECT_SESSION, session_from_row
from zeues.adapters.sql.rows import spool_from_row, worker_from_row
from zeues.adapters.sql.sqlite.engine import driver_errors
from zeues.adapters.sql.statements import (
    INSERT_EVENT,
    SELECT_SPOOL_AND_WORKER,
    TAKE_SPOOL,
    UPDATE_SPOOL,
    WORKER_LABELS,
)
from zeues.adapters.sql.tables import UTCDateTime, audit_events, floor_sessions, spools, workers
from zeues.adapters.sql.transaction import SqlTx, event_values, update_params
from zeues.domain.floor_access import FloorSession
from zeues.domain.model import AuditEvent, EventDraft, Spool, Worker

_NAMED = sqlite.dialect(paramstyle="named")


def _sql(statement: ClauseElement, **kw: Any) -> str:
    return str(statement.compile(dialect=_NAMED, **kw))


_SELECT_SPOOL_AND_WORKER = _sql(SELECT_SPOOL_AND_WORKER)
_UPDATE_SPOOL = _sql(UPDATE_SPOOL)
_TAKE_SPOOL = _sql(TAKE_SPOOL)
_EVENT_KEYS = [col.name for col in audit_events.c if col.name != "id"]
_INSERT_EVENT = _sql(INSERT_EVENT, column_keys=_EVENT_KEYS)


def _columns(kind: type[TypeEngine[Any]]) -> frozenset[str]:
    """Names, as the statements above bind or return them, of the columns of one type."""
    named = [(col.name, col) for col in (*spools.c, *audit_events.c)]
    named += [(label, workers.c[name]) for label, name in WORKER_LABELS.items()]
    return frozenset(name for name, col in named if isinstance(col.type, kind))


def _bind_datetime(value: datetime) -> str:
    # isoformat, not strftime: the same text at a fifth of the cost.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _read_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


# How SQLAlchemy stores each type on SQLite (tables.py), both ways: text dates, naive-UTC text
# datetimes always with microseconds (comparing lease times as text relies on that one
# format), 0/1 booleans, JSON text. A spool's imported columns (`extra`) are not read here.
_BINDS: list[tuple[str, Callable[[Any], Any]]] = [
    *[(name, _bind_datetime) for name in _columns(UTCDateTime) | {"b_now"}],
    *[(name, date.isoformat) for name in _columns(Date)],
    *[(name, json.dumps) for name in _columns(JSON) - {"extra"}],
]
_READS: list[tuple[str, Callable[[Any], Any]]] = [
    *[(name, _read_datetime) for name in _columns(UTCDateTime)],
    *[(name, date.fromisoformat) for name in _columns(Date)],
    *[(name, bool) for name in _columns(Boolean)],
    *[(name, json.loads) for name in _columns(JSON) - {"extra"}],
]
_SPOOL_AND_WORKER_NAMES = list(SELECT_SPOOL_AND_WORKER.selected_columns.keys())
# The worker session every floor write reads first outside `abierto` (issue 22): on the cursor
# too, or the check would cost a third of a command's CPU (bench/floor_gate_cost.py).
_SELECT_SESSION = _sql(SELECT_SESSION)
_SESSION_NAMES = [col.name for col in floor_sessions.c]
_SESSION_TIMES = [col.name for col in floor_sessions.c if isinstance(col.type, UTCDateTime)]


def _convert(row: dict[str, Any], conversions: list[tuple[str, Callable[[Any], Any]]]) -> None:
    for key, convert in conversions:
        value = row.get(key)
        if value is not None:
            row[key] = convert(value)


class SqliteTx(SqlTx):
    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        driver = conn.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        self._cursor = driver.cursor()

    def get_spool_and_worker(
        self, tag: str, worker_id: int | None
    ) -> tuple[Spool | None, Worker | None]:
        if worker_id is None:
            return self.get_spool(tag), None
        with driver_errors():
            cur = self._cursor.execute(_SELECT_SPOOL_AND_WORKER, {"b_tag": tag, "b_id": worker_id})
            values = cur.fetchone()
        if values is None:
            return None, None  # no such spool: that answer comes first (CONTRACT §2.1 precedence)
        row = dict(zip(_SPOOL_AND_WORKER_NAMES, values, strict=True))
        _convert(row, _READS)
        worker = {name: row[label] for label, name in WORKER_LABELS.items()}
        return spool_from_row(row), worker_from_row(worker) if worker["id"] is not None else None

    def save_spool(self, before: Spool, after: Spool, now: datetime) -> bool:
        taking, params = update_params(before, after, now)
        _convert(params, _BINDS)
        with driver_errors():
            cur = self._cursor.execute(_TAKE_SPOOL if taking else _UPDATE_SPOOL, params)
        return cur.rowcount == 1

    def add_events(self, drafts: Sequence[EventDraft]) -> list[AuditEvent]:
        saved = []
        for draft in drafts:
            params = event_values(draft)
            _convert(params, _BINDS)
            with driver_errors():
                cur = self._cursor.execute(_INSERT_EVENT, params)
            assert cur.lastrowid is not None
            saved.append(AuditEvent.from_draft(cur.lastrowid, draft))
        return saved

    def floor_session(self, token_hash: str) -> FloorSession | None:
        with driver_errors():
            values = self._cursor.execute(_SELECT_SESSION, {"h": token_hash}).fetchone()
        if values is None:
            return None
        row = dict(zip(_SESSION_NAMES, values, strict=True))
        for name in _SESSION_TIMES:
            if row[name] is not None:
                row[name] = _read_datetime(row[name])
        return session_from_row(row)
