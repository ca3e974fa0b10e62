"""The connection pool both backends use, and what marks a transaction as a write."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import PoolProxiedConnection, QueuePool

from zeues.services.ports import StoreRefused, StoreUnavailable

WRITE_OPTION = "zeues_write"


class Pool(QueuePool):
    """Waiting too long for a free connection is the store being unavailable, like a refused
    connection: the caller may retry in a few seconds."""

    def connect(self) -> PoolProxiedConnection:
        try:
            return super().connect()
        except PoolTimeout as exc:
            raise StoreUnavailable(str(exc)) from exc


def writer(engine: Engine) -> Engine:
    """The same pool, with transactions that announce they will write."""
    options: dict[str, Any] = {WRITE_OPTION: True}
    return engine.execution_options(**options)


def on_event_loop() -> bool:
    """Whether this code runs on the thread of a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


# SQLSTATE classes of a database refusing what it was asked: integrity constraint violation,
# and PL/pgSQL's RAISE (a trigger that says no).
_REFUSALS = ("23", "P0")


@contextmanager
def refusals() -> Iterator[None]:
    """Around a write transaction, its commit included: the database refusing it (a constraint,
    a trigger that raises, a deferred check at commit) is StoreRefused, so the command path
    answers it like any store failure instead of as a bug. SQLite's fast path (sqlite/
    cursor_tx.py) raises the driver's own IntegrityError."""
    try:
        yield
    except (DBAPIError, sqlite3.IntegrityError) as exc:
        if not _refused(exc):
            raise
        raise StoreRefused(str(getattr(exc, "orig", None) or exc)) from exc


def _refused(exc: Exception) -> bool:
    if isinstance(exc, (IntegrityError, sqlite3.IntegrityError)):
        return True
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(_REFUSALS)
