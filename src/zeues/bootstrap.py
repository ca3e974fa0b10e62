"""Composition root: the only place that picks concrete adapters."""

from __future__ import annotations

import os
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from zeues.adapters.memory.bus import MemoryBus
from zeues.adapters.memory.deliveries import Deliveries
from zeues.adapters.memory.fanout import FanOut
from zeues.adapters.memory.follower import DatabaseFollower
from zeues.adapters.redis.backend import RedisBackend
from zeues.adapters.sql.engine import OPEN_ERRORS, make_engine
from zeues.adapters.sql.migrate import upgrade
from zeues.adapters.sql.readmodel import SqlReadModel
from zeues.adapters.sql.store import SqlStore
from zeues.config import Settings
from zeues.services.ports import Clock, EventBus, RedisMonitor, RedisStatus
from zeues.services.runner import Runner

TOKEN_FILE = "admin-token"


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Counters:
    """Process-local counters read by /metrics."""

    occupation_conflicts: int = 0
    stale_writes: int = 0


@dataclass
class Container:
    settings: Settings
    store: SqlStore
    read: SqlReadModel
    hub: FanOut
    bus: EventBus
    runner: Runner
    admin_token: str
    clock: Clock = utcnow
    counters: Counters = field(default_factory=Counters)
    redis: RedisMonitor | None = None
    # JSON of recent events by audit id, so each is encoded once for all SSE clients.
    sse_encoded: OrderedDict[int, str] = field(default_factory=OrderedDict)
    redis_backend: RedisBackend | None = None
    follower: DatabaseFollower | None = None  # without Redis: other processes' changes

    def redis_status(self) -> RedisStatus:
        return self.redis.status() if self.redis else RedisStatus("disabled")

    def redis_health(self) -> dict[str, Any]:
        if self.redis:
            return self.redis.health()
        return {
            "status": "disabled",
            "operational": True,
            "message": "Redis no configurado (ZEUES_REDIS_URL): eventos en vivo en el proceso.",
        }

    def redis_pool_stats(self) -> dict[str, Any]:
        if self.redis:
            return {**self.redis.pool_stats(), "sse_clients": self.hub.client_count}
        return {
            "status": "disabled",
            "max_connections": 0,
            "active_connections": 0,
            "available_connections": 0,
            "utilization_percent": 0.0,
            "peak_active_connections": 0,
            "pubsub_connections": 0,
            "sse_clients": self.hub.client_count,
            "alert": None,
            "process": self.settings.process_name,
            "timestamp": self.clock().astimezone(self.settings.tz),
            "message": "Redis no configurado",
        }

    def today(self) -> date:
        return self.clock().astimezone(self.settings.tz).date()

    async def start(self) -> None:
        """Background work that needs the running event loop (the Redis subscription, or the
        database follower)."""
        if self.redis_backend:
            await self.redis_backend.start()
        if self.follower:
            self.follower.start()

    async def stop(self) -> None:
        if self.redis_backend:
            await self.redis_backend.stop()
        if self.follower:
            await self.follower.stop()

    def close(self) -> None:
        if self.redis_backend:
            self.redis_backend.close()
        self.store.dispose()


def admin_token(settings: Settings) -> tuple[str, bool]:
    """The configured token, or the one generated at first start. True when just created."""
    if settings.admin_token is not None:
        return settings.admin_token.get_secret_value(), False
    path = Path(settings.data_path) / TOKEN_FILE
    if path.exists():
        return path.read_text().strip(), False
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    return token, True


DATABASE_OPEN_ERRORS = OPEN_ERRORS  # for the CLI, which imports no adapter


def redis_unreachable_reason(settings: Settings) -> str | None:
    """Why the configured Redis does not answer a PING now (None: it does, or none is set)."""
    if settings.redis_url is None:
        return None
    from zeues.adapters.redis.client import unreachable_reason

    return unreachable_reason(settings)


def build(settings: Settings, *, migrate: bool = True, clock: Clock = utcnow) -> Container:
    engine = make_engine(settings)
    if migrate:
        upgrade(engine)
    store = SqlStore(engine)
    hub = FanOut()
    backend = RedisBackend(settings, hub, store.events_after, clock) if settings.redis_url else None
    bus: EventBus
    follower = None
    if backend:
        bus = backend.bus
    else:
        local = Deliveries(hub)
        bus = MemoryBus(local)
        if settings.events_poll_seconds > 0:
            follower = DatabaseFollower(
                store.events_after, store.last_event_id, local, settings.events_poll_seconds
            )
    counters = Counters()

    def conflict() -> None:
        counters.stale_writes += 1

    token, _ = admin_token(settings)
    return Container(
        settings=settings,
        store=store,
        read=SqlReadModel(engine),
        hub=hub,
        bus=bus,
        runner=Runner(store, bus, clock, on_conflict=conflict),
        admin_token=token,
        clock=clock,
        counters=counters,
        redis=backend.monitor if backend else None,
        redis_backend=backend,
        follower=follower,
    )
