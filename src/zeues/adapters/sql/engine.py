"""Engine creation: one bounded pool per process, named connections, the driver's errors that
mean "cannot answer now" translated once. SQLite's engine is in sqlite/engine.py."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from zeues.adapters.sql.connections import Pool
from zeues.adapters.sql.sqlite.engine import sqlite_engine
from zeues.config import Settings
from zeues.services.ports import StoreUnavailable

# What opening the database at start raises when it cannot be reached or written; the CLI turns
# these into one line instead of a traceback.
OPEN_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, StoreUnavailable, OSError)
PG_CONNECT_TIMEOUT = 3  # seconds; libpq's minimum effective value is 2


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


def _translated(engine: Engine) -> Engine:
    event.listen(engine, "handle_error", _unavailable)
    return engine


def make_engine(settings: Settings) -> Engine:
    engine = sqlite_engine(settings) if settings.is_sqlite else _postgres_engine(settings)
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
        poolclass=Pool,
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
