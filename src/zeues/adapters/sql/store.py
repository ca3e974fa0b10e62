"""The SQL store: write transactions for use cases and database health over one engine; the
event log it builds on the same engine is handed out as it is (`store.event_log`). SQLite's
store (sqlite/store.py) adds the writer's turn and its faster transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from zeues.adapters.sql.connections import refusals, writer
from zeues.adapters.sql.event_log import SqlEventLog
from zeues.adapters.sql.probe import BoundedPing
from zeues.adapters.sql.transaction import SqlTx

PING_TIMEOUT_SECONDS = 2.0


def _connect_timed_out(exc: BaseException) -> bool:
    """libpq's connect_timeout expired somewhere under `exc` (the store wraps the driver's
    error): a frozen server accepts the connection and never answers it."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, psycopg.errors.ConnectionTimeout):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class SqlStore:
    def __init__(self, engine: Engine, ping_timeout: float = PING_TIMEOUT_SECONDS) -> None:
        self.engine = engine
        self._bounded_ping = BoundedPing(self._ping, ping_timeout, _connect_timed_out)
        self._writer = writer(engine)
        self.event_log = SqlEventLog(engine)

    @contextmanager
    def write(self) -> Iterator[SqlTx]:
        with refusals(), self._writer.begin() as conn:
            yield SqlTx(conn)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def ping(self) -> None:
        """Raises when the database cannot answer, within `ping_timeout` seconds."""
        self._bounded_ping()

    def _ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
