"""Each event reaches this process's SSE clients at most once, whichever way it came.

An event can arrive twice: from this process's own publish and from Redis or the database
follower (follower.py), or through Redis and the database replay after a reconnection. The SSE
stream cannot skip every id below the last it sent (live events need not arrive in id order),
so duplicates are dropped here, by audit id, before the FanOut."""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from zeues.adapters.live.fanout import FanOut
from zeues.domain.model import AuditEvent

REMEMBERED_IDS = 20_000

EventsAfter = Callable[[int, str | None, int], list[AuditEvent]]  # EventLog.events_after


class Deliveries:
    def __init__(self, hub: FanOut, remembered: int = REMEMBERED_IDS) -> None:
        self._hub = hub
        self._remembered = remembered
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._lock = threading.Lock()  # the publisher thread and the event loop both deliver

    def on_loop(self, events: Sequence[AuditEvent]) -> None:
        if fresh := self._fresh(events):
            self._hub.dispatch(fresh)

    def from_thread(self, events: Sequence[AuditEvent]) -> None:
        if fresh := self._fresh(events):
            self._hub.dispatch_threadsafe(fresh)

    async def catch_up(
        self, events_after: EventsAfter, after: int, batch: int, max_batches: int | None = None
    ) -> int:
        """On the event loop: delivers what the audit table holds after `after`, reading
        `batch` events at a time (at most `max_batches` reads when given). Returns the last id
        read, or `after` when there was nothing."""
        reads = 0
        while max_batches is None or reads < max_batches:
            reads += 1
            events = await asyncio.to_thread(events_after, after, None, batch)
            if events:
                self.on_loop(events)
                after = events[-1].id
            if len(events) < batch:
                break
        return after

    def _fresh(self, events: Sequence[AuditEvent]) -> list[AuditEvent]:
        fresh: list[AuditEvent] = []
        with self._lock:
            for event in events:
                if event.id in self._seen:
                    continue
                self._seen[event.id] = None
                fresh.append(event)
            while len(self._seen) > self._remembered:
                self._seen.popitem(last=False)
        return fresh
