"""In-process fan-out of committed events to every SSE client of this process.

Whatever feeds it (the in-process bus, or one Redis subscription per process), each client
only costs a bounded asyncio queue here, never a connection."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from zeues.domain.model import AuditEvent
from zeues.services import live_ports

CLIENT_QUEUE_SIZE = 1000


class Subscription:
    def __init__(self, tag: str | None) -> None:
        self.tag = tag
        self.queue: asyncio.Queue[AuditEvent | None] = asyncio.Queue(CLIENT_QUEUE_SIZE)
        self.lagged = False

    def offer(self, event: AuditEvent) -> None:
        if self.lagged or (self.tag is not None and event.tag_spool != self.tag):
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            # A client this far behind is cut off; it reconnects with Last-Event-ID and is
            # replayed from the audit table, so nothing is lost.
            self.lagged = True
            self.queue = asyncio.Queue(1)
            self.queue.put_nowait(None)

    def end(self) -> None:
        """Ends this client's stream (the server is stopping): what is queued is still sent,
        then the reader gets None and returns, so the response completes cleanly."""
        self.lagged = True
        try:
            self.queue.put_nowait(None)
        except asyncio.QueueFull:  # the reader is not waiting: a full queue wakes nobody
            self.queue = asyncio.Queue(1)
            self.queue.put_nowait(None)


class FanOut:
    def __init__(self) -> None:
        self._subs: set[Subscription] = set()
        self._internal: set[Subscription] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    @property
    def client_count(self) -> int:
        return len(self._subs) - len(self._internal)

    def subscribe(self, tag: str | None = None, internal: bool = False) -> Subscription:
        """`internal`: the process's own reader (the floor's keeper), not an SSE client."""
        sub = Subscription(tag)
        self._subs.add(sub)
        if internal:
            self._internal.add(sub)
        return sub

    def unsubscribe(self, sub: live_ports.Subscription) -> None:
        if isinstance(sub, Subscription):  # one this fan-out did not hand out is not in it
            self._subs.discard(sub)
            self._internal.discard(sub)

    def dispatch(self, events: Sequence[AuditEvent]) -> None:
        """On the event loop."""
        for event in events:
            for sub in tuple(self._subs):
                sub.offer(event)

    def dispatch_threadsafe(self, events: Sequence[AuditEvent]) -> None:
        loop = self._loop
        if loop is None or loop.is_closed() or not events:
            return
        loop.call_soon_threadsafe(self.dispatch, list(events))
