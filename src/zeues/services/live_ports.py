"""What the live event stream needs from the process: the fan-out of committed events to this
process's SSE clients, and the background work that feeds it from other processes
(implemented by adapters/live and adapters/redis)."""

from __future__ import annotations

import asyncio
from typing import Protocol

from zeues.domain.model import AuditEvent


class Subscription(Protocol):
    """One SSE client's bounded queue of events; None in the queue ends its stream."""

    @property
    def queue(self) -> asyncio.Queue[AuditEvent | None]: ...

    def end(self) -> None:
        """Ends the stream once what is queued has been read (the server is stopping)."""
        ...


class LiveEvents(Protocol):
    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The event loop that serves the clients (events published from threads go there)."""
        ...

    @property
    def client_count(self) -> int: ...

    def subscribe(self, tag: str | None = None, internal: bool = False) -> Subscription:
        """`internal`: a reader of the process itself, not counted among the clients."""
        ...

    def unsubscribe(self, sub: Subscription) -> None: ...


class Background(Protocol):
    """Work that runs beside the server on its event loop (the Redis subscription, the
    database follower): started by the app's lifespan, stopped before the process closes."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
