"""The SQL store: write transactions for use cases and database health over one engine; the
event log and Idempotency-Key storage it builds on the same engine are handed out as they are
(`store.event_log`, `store.idempotency_keys`), not forwarded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from zeues.adapters.sql.checkpoints import Checkpointer
from zeues.adapters.sql.engine import writer
from zeues.adapters.sql.event_log import SqlEventLog
from zeues.adapters.sql.idempotency_keys import SqlIdempotencyKeys
from zeues.adapters.sql.probe import BoundedPing
from zeues.adapters.sql.sqlite_tx import SqliteTx
from zeues.adapters.sql.transaction import SqlTx
from zeues.adapters.sql.writelock import SqliteWriterLock

PING_TIMEOUT_SECONDS = 2.0


class SqlStore:
    def __init__(self, engine: Engine, ping_timeout: float = PING_TIMEOUT_SECONDS) -> None:
        self.engine = engine
        self._bounded_ping = BoundedPing(self._ping, ping_timeout)
        self._writer = writer(engine)
        # SQLite has one writer at a time: writers queue on a lock (see writelock.py).
        sqlite = engine.dialect.name == "sqlite"
        self._sqlite_lock = SqliteWriterLock(_database_file(engine)) if sqlite else None
        self._local_writer: AbstractContextManager[object] = self._sqlite_lock or nullcontext()
        self._tx: type[SqlTx] = SqliteTx if sqlite else SqlTx
        self.checkpoints = Checkpointer(engine) if sqlite else None
        self.event_log = SqlEventLog(engine)
        self.idempotency_keys = SqlIdempotencyKeys(engine, self._writer)

    @contextmanager
    def write(self) -> Iterator[SqlTx]:
        with self._local_writer, self._writer.begin() as conn:
            yield self._tx(conn)
        if self.checkpoints is not None:
            self.checkpoints.committed()

    @property
    def writer_turn(self) -> SqliteWriterLock | None:
        """SQLite's one writer's turn, for running a command where it is free at once."""
        return self._sqlite_lock

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
        if self.checkpoints is not None:
            self.checkpoints.close()
        self.engine.dispose()
        if self._sqlite_lock is not None:
            self._sqlite_lock.close()


def _database_file(engine: Engine) -> Path | None:
    name = engine.url.database
    return Path(name) if name and name != ":memory:" else None
