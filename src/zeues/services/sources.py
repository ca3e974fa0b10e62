"""What the health routes and the live stream read from: each a narrow part of the process,
handed to its routes by api/deps.py."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from zeues.services.live_ports import LiveEvents
from zeues.services.ports import EventLog, RedisMonitor, RedisStatus, Store


@dataclass(frozen=True)
class Probes:
    """What the health routes report on: each dependency, asked now."""

    database: Store
    redis: RedisMonitor | None
    sse_clients: Callable[[], int]
    environment: str
    process_name: str
    floor_auth: str = "abierto"  # ZEUES_FLOOR_AUTH, reported by /api/health (issue 22)

    def ping_database(self) -> None:
        """Raises when the database does not answer."""
        self.database.ping()

    def redis_status(self) -> RedisStatus:
        return self.redis.status() if self.redis else RedisStatus("disabled")


@dataclass(frozen=True)
class LiveStream:
    """What the SSE route serves from."""

    hub: LiveEvents
    events: EventLog
    ping_seconds: float
    max_stream_seconds: float
    # SSE frames of recent events by audit id, so each is encoded once for all SSE clients.
    encoded: OrderedDict[int, bytes] = field(default_factory=OrderedDict)
