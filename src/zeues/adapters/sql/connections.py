"""The connection pool both backends use, and what marks a transaction as a write."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import PoolProxiedConnection, QueuePool

from zeues.services.ports import StoreUnavailable

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
