"""Building ZEUES "processes" (containers) on a real Redis for the integration tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import redis

from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_TOKEN
from zeues.adapters.redis.backend import RedisBackend
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.container import Container
from zeues.services.demo import seed


def redis_settings(tmp_path: Path, redis_url: str, process: str, **extra: Any) -> Settings:
    """Two "processes" share one database file, as two API processes share one database."""
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{tmp_path}/zeues.db",
        "data_dir": tmp_path,
        "admin_token": ADMIN_TOKEN,
        "redis_url": redis_url,
        "process_name": process,
        "redis_socket_timeout": 1.0,
        "redis_socket_connect_timeout": 1.0,
        "sse_ping_seconds": 0.2,
        **extra,
    }
    return Settings(**values)


def redis_container(settings: Settings, clock: FakeClock | None = None) -> Container:
    clock = clock or FakeClock()
    c = build(settings, clock=clock)
    seed(c.store, c.read, clock(), c.today(), settings.lease_ttl_seconds)
    return c


def backend_of(c: Container) -> RedisBackend:
    found = [work for work in c.background if isinstance(work, RedisBackend)]
    assert found, "el contenedor no usa Redis"
    return found[0]


def clients_named(url: str, name: str) -> list[dict[str, Any]]:
    """CLIENT LIST entries whose name is exactly `name` (ours, not the test's own)."""
    with redis.Redis.from_url(url) as r:
        listed: list[dict[str, Any]] = r.client_list()
    return [c for c in listed if c.get("name") == name]
