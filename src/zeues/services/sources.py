"""What the health routes and the live stream read from: each a narrow part of the process,
handed to its routes by api/deps.py."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from zeues.services.backups import BackupStatus
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
    # The last good backup and its age, asked now (services/backups.py).
    backup: Callable[[datetime], BackupStatus] | None = None
    floor_auth: str = "abierto"  # ZEUES_FLOOR_AUTH, reported by /api/health (issue 22)

    def ping_database(self) -> None:
        """Raises when the database does not answer."""
        self.database.ping()

    def backup_status(self, now: datetime) -> BackupStatus | None:
        return self.backup(now) if self.backup is not None else None

    def redis_status(self) -> RedisStatus:
        return self.redis.status() if self.redis else RedisStatus("disabled")


@dataclass(frozen=True)
class LiveStream:
    """What the SSE route serves from."""

    hub: LiveEvents
    events: EventLog
    ping_seconds: float
    max_stream_seconds: float
    # Streams this process keeps open at once (ZEUES_SSE_MAX_CLIENTS); beyond it, 503.
    max_clients: int = 1000
    # SSE frames of recent events by audit id, so each is encoded once for all SSE clients.
    encoded: OrderedDict[int, bytes] = field(default_factory=OrderedDict)
    # The boards' `tablero` frames by the board's version: each encoded once for all boards.
    board_encoded: OrderedDict[int, bytes] = field(default_factory=OrderedDict)
