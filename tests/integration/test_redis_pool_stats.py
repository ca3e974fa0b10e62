"""Monitoring numbers read from the real pool and a real Redis (CONTRACT §2.6)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.infra.yardstick import Yardstick
from tests.integration.redis_helpers import (
    backend_of,
    clients_named,
    redis_container,
    redis_settings,
)
from zeues.adapters.redis.client import POOL_WAIT_SECONDS
from zeues.adapters.redis.monitor import pool_alert
from zeues.api.app import create_app


@pytest.mark.parametrize(
    ("in_use", "alert"),
    [(0, None), (16, None), (17, "HIGH_UTILIZATION"), (19, "HIGH_UTILIZATION"), (20, "EXHAUSTED")],
)
def test_pool_alert_is_high_above_the_threshold_and_exhausted_at_the_limit(
    in_use: int, alert: str | None
) -> None:
    assert pool_alert(in_use, 20, 80.0) == alert


def test_connection_stats_count_borrowed_connections_up_to_exhaustion(
    tmp_path: Path, redis_url: str
) -> None:
    settings = redis_settings(tmp_path, redis_url, "zeues-stats", redis_pool_max_connections=5)
    c = redis_container(settings)
    pool = backend_of(c).pool
    with TestClient(create_app(container=c)) as client:
        idle = client.get("/api/redis-connection-stats").json()
        assert idle["status"] == "ok"
        assert (idle["max_connections"], idle["active_connections"]) == (5, 0)
        assert idle["available_connections"] == 5 and idle["pubsub_connections"] == 1
        assert idle["alert"] is None and idle["process"] == "zeues-stats"

        held = [pool.get_connection() for _ in range(4)]
        high = client.get("/api/redis-connection-stats").json()
        assert (high["active_connections"], high["available_connections"]) == (4, 1)
        assert high["utilization_percent"] == 80.0 and high["alert"] is None  # not above 80

        held.append(pool.get_connection())
        full = client.get("/api/redis-connection-stats").json()
        assert (full["active_connections"], full["utilization_percent"]) == (5, 100.0)
        assert full["alert"] == "EXHAUSTED"

        # A 10 ms sleep, over and over: how late this machine wakes a thread right now.
        with Yardstick(lambda: time.sleep(0.01)) as wake:
            started = time.perf_counter()
            with pytest.raises(RedisConnectionError, match="No connection available"):
                pool.get_connection()  # waits briefly, then fails cleanly: never a 6th one
            waited = time.perf_counter() - started
        assert POOL_WAIT_SECONDS * 0.8 <= waited < POOL_WAIT_SECONDS + 0.5 + wake.worst

        for conn in held:
            pool.release(conn)
        after = client.get("/api/redis-connection-stats").json()
        assert (after["active_connections"], after["peak_active_connections"]) == (0, 5)
    assert len(clients_named(redis_url, "zeues-stats-pool")) == 0  # closed on shutdown


def test_redis_health_reports_latency_and_server_info(tmp_path: Path, redis_url: str) -> None:
    c = redis_container(redis_settings(tmp_path, redis_url, "zeues-rh"))
    with TestClient(create_app(container=c)) as client:
        started = time.perf_counter()
        body = client.get("/api/redis-health").json()
        took_ms = (time.perf_counter() - started) * 1000
        health = client.get("/api/health").json()
        named = clients_named(redis_url, "zeues-rh-health")
    assert body["status"] == "healthy" and body["operational"] is True
    assert body["version"].count(".") == 2
    assert body["connected_clients"] >= 2  # at least our health probe and our subscription
    assert body["used_memory_human"] and body["uptime_in_seconds"] >= 0
    # Measured, in milliseconds, within the request that reported it (a busy machine may make
    # either one long; the one cannot exceed the other).
    assert 0 < body["latency_ms"] <= took_ms, (body["latency_ms"], took_ms)
    assert (health["status"], health["redis_connection"]) == ("healthy", "ok")
    assert health["details"]["redis_pool_stats"]["max_connections"] == 20
    assert len(named) == 1  # PING/INFO use the probe's one connection, named after the process


def test_health_says_disabled_when_redis_is_not_configured(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert (health["status"], health["redis_connection"]) == ("healthy", "disabled")
    assert client.get("/api/redis-connection-stats").json()["status"] == "disabled"
