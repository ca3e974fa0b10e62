"""Engine creation: one bounded pool per process, named connections, SQLite tuned for writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import ConnectionPoolEntry

from zeues.config import Settings

WRITE_OPTION = "zeues_write"
# What opening the database at start raises when it cannot be reached or written; the CLI turns
# these into one line instead of a traceback.
OPEN_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, OSError)
PG_CONNECT_TIMEOUT = 3  # seconds; libpq's minimum effective value is 2


def make_engine(settings: Settings) -> Engine:
    if settings.is_sqlite:
        return _sqlite_engine(settings)
    # Fail fast while the database is down, so requests answer 503 instead of hanging:
    # - pool_pre_ping: a connection broken by a crash or restart is replaced at checkout,
    #   invisibly (after the server is back, the first request does not fail).
    # - connect_timeout: an unreachable host costs at most this long per attempt.
    # - pool_timeout (ZEUES_DB_POOL_TIMEOUT): waiting for a free connection is bounded.
    # - keepalives + tcp_user_timeout: a connection to a host that vanished from the network
    #   (no RST ever arrives) errors out in ~10 s instead of TCP's ~15 min of retransmissions.
    return create_engine(
        settings.database_url,
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
    if ":memory:" not in url and ":///" in url:
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
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
            "busy_timeout=30000",
            "foreign_keys=ON",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred transaction that reads then writes can fail with SQLITE_BUSY without
        # waiting; IMMEDIATE makes writers queue on busy_timeout instead.
        writes = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """The same pool, with transactions that announce they will write."""
    options: dict[str, Any] = {WRITE_OPTION: True}
    return engine.execution_options(**options)
