"""Each event reaches this process's SSE clients at most once, whichever way it came.

An event can arrive twice: from this process's own publish and from Redis or the database
follower (follower.py), or through Redis and the database replay after a reconnection. The SSE
stream no longer skips ids it has passed (live events need not arrive in id order), so
duplicates are dropped here, by audit id, before the FanOut."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from zeues.adapters.memory.fanout import FanOut
from zeues.domain.model import AuditEvent

REMEMBERED_IDS = 20_000


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
