"""Engine creation: one bounded pool per process, named connections, SQLite tuned for writes."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, ExceptionContext
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection, QueuePool

from zeues.config import Settings
from zeues.services.ports import StoreUnavailable

WRITE_OPTION = "zeues_write"
# What opening the database at start raises when it cannot be reached or written; the CLI turns
# these into one line instead of a traceback.
OPEN_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, StoreUnavailable, OSError)
PG_CONNECT_TIMEOUT = 3  # seconds; libpq's minimum effective value is 2
BUSY_TIMEOUT_MS = 30_000  # SQLite: how long a writer waits for another's lock
LOOP_BUSY_TIMEOUT_MS = 100  # ... when it would wait on the event loop's thread


class _Pool(QueuePool):
    """Waiting too long for a free connection is the store being unavailable, like a refused
    connection: the caller may retry in a few seconds."""

    def connect(self) -> PoolProxiedConnection:
        try:
            return super().connect()
        except PoolTimeout as exc:
            raise StoreUnavailable(str(exc)) from exc


def _unavailable(context: ExceptionContext) -> StoreUnavailable | None:
    """handle_error hook: what says the database cannot answer now (refused or lost
    connection, server shutting down, lock wait exceeded, SQLite busy) leaves the adapter as
    StoreUnavailable, so no caller needs the driver's exception classes. Constraint violations
    stay as they are: the adapter handles some of them itself (a repeated Idempotency-Key).
    Pre-ping failures are left to the pool, which reconnects."""
    error = context.sqlalchemy_exception
    if context.is_pre_ping or error is None:
        return None
    if context.is_disconnect or isinstance(error, (OperationalError, InterfaceError)):
        return StoreUnavailable(str(error))
    return None


def on_event_loop() -> bool:
    """Whether this code runs on the thread of a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@contextmanager
def driver_errors() -> Iterator[None]:
    """For statements run on the sqlite3 connection itself, what `_unavailable` does for
    SQLAlchemy's: locked, busy or I/O failures are StoreUnavailable; constraint violations
    keep their type."""
    try:
        yield
    except (sqlite3.OperationalError, sqlite3.InterfaceError) as exc:
        raise StoreUnavailable(str(exc)) from exc


def _translated(engine: Engine) -> Engine:
    event.listen(engine, "handle_error", _unavailable)
    return engine


def make_engine(settings: Settings) -> Engine:
    engine = _sqlite_engine(settings) if settings.is_sqlite else _postgres_engine(settings)
    return _translated(engine)


def _postgres_engine(settings: Settings) -> Engine:
    # Fail fast while the database is down, so requests answer 503 instead of hanging:
    # - pool_pre_ping: a connection broken by a crash or restart is replaced at checkout,
    #   invisibly (after the server is back, the first request does not fail).
    # - connect_timeout: an unreachable host costs at most this long per attempt.
    # - pool_timeout (ZEUES_DB_POOL_TIMEOUT): waiting for a free connection is bounded.
    # - keepalives + tcp_user_timeout: a connection to a host that vanished from the network
    #   (no RST ever arrives) errors out in ~10 s instead of TCP's ~15 min of retransmissions.
    return create_engine(
        settings.database_url,
        poolclass=_Pool,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={
            "application_name": settings.process_name,  # who holds it, in pg_stat_activity
            "connect_timeout": PG_CONNECT_TIMEOUT,
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 10_000,  # ms
        },
    )


def _sqlite_engine(settings: Settings) -> Engine:
    url = settings.database_url
    in_memory = ":memory:" in url
    if not in_memory and ":///" in url:
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    # An in-memory database lives in one connection per thread (SQLAlchemy's default pool for
    # it); a file gets the bounded pool.
    pool: dict[str, Any] = {} if in_memory else {"poolclass": _Pool}
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
            "wal_autocheckpoint=0",  # checkpoints run on a thread of their own: checkpoints.py
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
        # A command on the event loop's thread (Container.run_command) holds ZEUES's writer
        # lock, so only a program that ignores it can make SQLite busy: answer 503 at once
        # rather than stall the whole process for busy_timeout.
        driver.execute(f"PRAGMA busy_timeout={LOOP_BUSY_TIMEOUT_MS}")
        try:
            with driver_errors():
                driver.execute("BEGIN IMMEDIATE")
        finally:
            driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    return engine


def writer(engine: Engine) -> Engine:
    """The same pool, with transactions that announce they will write."""
    options: dict[str, Any] = {WRITE_OPTION: True}
    return engine.execution_options(**options)
