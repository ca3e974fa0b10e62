"""SQLite's engine: WAL, writers that take the lock up front (BEGIN IMMEDIATE), automatic
checkpoints off (checkpoints.py runs them), and no waiting on the event loop's thread."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from zeues.adapters.sql.connections import WRITE_OPTION, Pool, on_event_loop
from zeues.config import Settings
from zeues.services.ports import StoreUnavailable

BUSY_TIMEOUT_MS = 30_000  # how long a writer waits for another's lock
LOOP_BUSY_TIMEOUT_MS = 100  # ... when it would wait on the event loop's thread


@contextmanager
def driver_errors() -> Iterator[None]:
    """For statements run on the sqlite3 connection itself, what engine.py's `_unavailable`
    does for SQLAlchemy's: locked, busy or I/O failures are StoreUnavailable; constraint
    violations keep their type."""
    try:
        yield
    except (sqlite3.OperationalError, sqlite3.InterfaceError) as exc:
        raise StoreUnavailable(str(exc)) from exc


def private_database(path: Path) -> None:
    """The database and its WAL files readable by this user only (0600), its folder 0700 when
    ZEUES creates it: the file holds every worker's name and the whole audit trail (issue
    19). SQLite gives the WAL and shared-memory files the database file's permissions, so the
    file is created here, private, before SQLite opens it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for found in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):  # not ours, or gone: left as it is
            if found.exists() and found.stat().st_uid == os.getuid():
                found.chmod(0o600)


def sqlite_engine(settings: Settings) -> Engine:
    url = settings.database_url
    in_memory = ":memory:" in url
    if not in_memory and ":///" in url:
        private_database(Path(url.split(":///", 1)[1]))
    # An in-memory database lives in one connection per thread (SQLAlchemy's default pool for
    # it); a file gets the bounded pool.
    pool: dict[str, Any] = {} if in_memory else {"poolclass": Pool}
    engine = create_engine(
        url,
        **pool,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
        connect_args={"timeout": 30, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # We emit BEGIN ourselves (below) so that writers take the lock up front.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            f"busy_timeout={BUSY_TIMEOUT_MS}",
            "foreign_keys=ON",
            "wal_autocheckpoint=0",  # checkpoints.py runs them on a thread of its own
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred transaction that reads then writes can fail with SQLITE_BUSY without
        # waiting; IMMEDIATE makes writers queue on busy_timeout instead.
        writes = conn.get_execution_options().get(WRITE_OPTION, False)
        # On the driver: SQLAlchemy's execution machinery cost more than the statement.
        driver = conn.connection.driver_connection
        assert driver is not None  # a checked-out connection
        if not (writes and on_event_loop()):
            with driver_errors():
                driver.execute("BEGIN IMMEDIATE" if writes else "BEGIN")
            return
        # A command on the event loop's thread (lane.py) holds ZEUES's writer
        # lock, so only a program that ignores it can make SQLite busy: answer 503 at once
        # rather than stall the whole process for busy_timeout.
        driver.execute(f"PRAGMA busy_timeout={LOOP_BUSY_TIMEOUT_MS}")
        try:
            with driver_errors():
                driver.execute("BEGIN IMMEDIATE")
        finally:
            driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    return engine
