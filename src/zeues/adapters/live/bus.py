"""The embedded event bus (no Redis)."""

from __future__ import annotations

from collections.abc import Sequence

from zeues.adapters.live.deliveries import Deliveries
from zeues.domain.model import AuditEvent


class MemoryBus:
    """Publishing is handing events to this process's fan-out, at once. Other processes on the
    same database get them from their DatabaseFollower (follower.py)."""

    def __init__(self, deliveries: Deliveries) -> None:
        self.deliveries = deliveries

    def publish(self, events: Sequence[AuditEvent]) -> None:
        self.deliveries.from_thread(events)
