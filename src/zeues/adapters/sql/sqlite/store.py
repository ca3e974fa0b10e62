"""The SQL store on SQLite: every write transaction takes the writer's turn first (queued in
the kernel, writelock.py), runs its per-command statements on the driver's cursor
(cursor_tx.py), and paces WAL checkpoints on their own thread (checkpoints.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from zeues.adapters.sql.connections import refusals
from zeues.adapters.sql.sqlite.checkpoints import Checkpointer
from zeues.adapters.sql.sqlite.cursor_tx import SqliteTx
from zeues.adapters.sql.sqlite.writelock import SqliteWriterLock
from zeues.adapters.sql.store import SqlStore


class SqliteStore(SqlStore):
    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.turn = SqliteWriterLock(_database_file(engine))
        self.checkpoints = Checkpointer(engine)

    @contextmanager
    def write(self) -> Iterator[SqliteTx]:
        with self.turn, refusals(), self._writer.begin() as conn:
            yield SqliteTx(conn)
        self.checkpoints.committed()

    def dispose(self) -> None:
        self.checkpoints.close()
        super().dispose()
        self.turn.close()


def _database_file(engine: Engine) -> Path | None:
    name = engine.url.database
    return Path(name) if name and name != ":memory:" else None
