"""The SQL store: write transactions for use cases, the event log, Idempotency-Key storage and
database health, composed over one engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from zeues.adapters.sql.engine import writer
from zeues.adapters.sql.event_log import SqlEventLog
from zeues.adapters.sql.idempotency_keys import SqlIdempotencyKeys
from zeues.adapters.sql.probe import BoundedPing
from zeues.adapters.sql.transaction import SqlTx
from zeues.adapters.sql.writelock import SqliteWriterLock
from zeues.domain.model import AuditEvent

PING_TIMEOUT_SECONDS = 2.0


class SqlStore:
    def __init__(self, engine: Engine, ping_timeout: float = PING_TIMEOUT_SECONDS) -> None:
        self.engine = engine
        self._bounded_ping = BoundedPing(self._ping, ping_timeout)
        self._writer = writer(engine)
        # SQLite has one writer at a time: writers queue on a lock (see writelock.py).
        self._sqlite_lock = (
            SqliteWriterLock(_database_file(engine)) if engine.dialect.name == "sqlite" else None
        )
        self._local_writer: AbstractContextManager[object] = self._sqlite_lock or nullcontext()
        self.event_log = SqlEventLog(engine)
        self.idempotency_keys = SqlIdempotencyKeys(engine, self._writer)

    @contextmanager
    def write(self) -> Iterator[SqlTx]:
        with self._local_writer, self._writer.begin() as conn:
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

    def last_event_id(self) -> int:
        return self.event_log.last_event_id()

    def events_after(self, last_id: int, tag: str | None, limit: int = 1000) -> list[AuditEvent]:
        return self.event_log.events_after(last_id, tag, limit)

    def idempotent_response(self, key: str) -> tuple[str, int, str, datetime] | None:
        return self.idempotency_keys.idempotent_response(key)

    def remember_response(
        self, key: str, request_hash: str, status: int, body: str, now: datetime, stale: bool
    ) -> None:
        self.idempotency_keys.remember_response(key, request_hash, status, body, now, stale)

    def dispose(self) -> None:
        self.engine.dispose()
        if self._sqlite_lock is not None:
            self._sqlite_lock.close()


def _database_file(engine: Engine) -> Path | None:
    name = engine.url.database
    return Path(name) if name and name != ":memory:" else None
