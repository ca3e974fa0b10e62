"""A hung Redis (SIGSTOP: connections stay open, nothing is answered), on a private server.

The health endpoints answer within about a second whatever ZEUES_REDIS_SOCKET_TIMEOUT says
(their probe has its own short limit), and the subscription notices the hang by the PING it
sends when the channel has been quiet for ZEUES_REDIS_HEALTH_CHECK_INTERVAL."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from tests.infra.live import HANG_SECONDS, serve
from tests.infra.servers import RedisServer
from tests.infra.waits import wait_for
from tests.infra.yardstick import Yardstick
from tests.integration.redis_helpers import (
    backend_of,
    clients_named,
    redis_container,
    redis_settings,
)
from zeues.adapters.redis.client import PROBE_SECONDS
from zeues.api.app import create_app

ANSWER_WITHIN = 1.2  # "about a second": PROBE_SECONDS twice at worst, plus the database ping


def test_health_endpoints_answer_within_a_second_while_redis_is_hung(
    tmp_path: Path, private_redis: RedisServer
) -> None:
    # The production default socket timeout: the probe must not inherit it.
    settings = redis_settings(
        tmp_path, private_redis.url, "zeues-hang", redis_socket_timeout=5.0,
        redis_socket_connect_timeout=5.0,
    )  # fmt: skip
    c = redis_container(settings)
    with TestClient(create_app(container=c)) as client:
        assert client.get("/api/health").json()["status"] == "healthy"
        assert len(clients_named(private_redis.url, "zeues-hang-health")) == 1
        # The yardstick, in the same run: both answers with Redis answering, at the load now.
        overhead = 0.0
        for path in ("/api/health", "/api/redis-health"):
            started = time.perf_counter()
            assert client.get(path).status_code == 200
            overhead = max(overhead, time.perf_counter() - started)
        private_redis.pause()
        try:
            timings: list[float] = []
            for _ in range(3):  # the first times out on the open socket, the next reconnect
                for path in ("/api/health", "/api/redis-health"):
                    started = time.perf_counter()
                    body = client.get(path).json()
                    timings.append(time.perf_counter() - started)
                    if path == "/api/health":
                        assert (body["status"], body["operational"]) == ("degraded", True)
                        assert body["redis_connection"] == "error"
                        assert "Timeout" in body["details"]["redis_error"]
                    else:
                        assert (body["status"], body["operational"]) == ("unhealthy", True)
            # The subscription has not noticed yet (idle PING every 30 s): the probe said it.
            assert backend_of(c).subscriber.connected
        finally:
            private_redis.resume()
        assert max(timings) < ANSWER_WITHIN + overhead, (timings, overhead)
        assert min(timings) >= PROBE_SECONDS * 0.8  # it really waited on Redis, then gave up
        wait_for(
            lambda: client.get("/api/health").json()["status"] == "healthy", HANG_SECONDS, "healthy"
        )


def test_concurrent_health_checks_all_answer_within_a_second_while_redis_is_hung(
    tmp_path: Path, private_redis: RedisServer
) -> None:
    settings = redis_settings(tmp_path, private_redis.url, "zeues-hang-many",
                              redis_socket_timeout=5.0)  # fmt: skip
    c = redis_container(settings)
    with serve(c) as base:

        def timed_health(_: int) -> tuple[float, str]:
            started = time.perf_counter()
            status = httpx.get(f"{base}/api/health", timeout=10).json()["status"]
            return time.perf_counter() - started, status

        with ThreadPoolExecutor(8) as pool:
            # The yardstick, in the same run: 8 at once with Redis answering cost what the
            # machine's load makes an HTTP round trip cost now; the hang may add only its bound.
            baseline = list(pool.map(timed_health, range(8)))
            private_redis.pause()
            try:
                results = list(pool.map(timed_health, range(8)))
            finally:
                private_redis.resume()
    assert {status for _, status in baseline} == {"healthy"}
    assert {status for _, status in results} == {"degraded"}
    overhead = max(took for took, _ in baseline)
    # 8 at once, not one after the other (that would be 8 x PROBE_SECONDS).
    assert max(took for took, _ in results) < ANSWER_WITHIN + 0.3 + overhead, (results, overhead)


def test_subscriber_detects_a_hung_redis_by_its_idle_ping_and_recovers(
    tmp_path: Path, private_redis: RedisServer
) -> None:
    settings = redis_settings(
        tmp_path, private_redis.url, "zeues-idle-ping", redis_health_check_interval=1,
        redis_socket_timeout=1.0,
    )  # fmt: skip
    c = redis_container(settings)
    sub = backend_of(c).subscriber
    with TestClient(create_app(container=c)) as client:
        assert sub.connected and sub.sessions == 1
        # A quiet channel: an idle PING is sent and answered, and the subscription stays.
        wait_for(lambda: sub.pings_answered >= 1, 10.0, "un PING de reposo respondido")
        assert sub.connected and sub.sessions == 1
        # The subscriber runs on the app's event loop: a request to it, over and over, measures
        # how late that loop runs while the hang is being detected.
        with Yardstick(lambda: client.get("/api/health/live")) as loop_lag:
            private_redis.pause()
            paused = time.monotonic()
            try:
                # interval (1 s) + PING answer limit (socket timeout, 1 s) + one poll (1 s);
                # the deadline only bounds a hang, the assertion below bounds the detection.
                wait_for(lambda: not sub.connected, 30.0, "la suscripción detecta el cuelgue")
                detected = time.monotonic() - paused
                assert sub.last_error is not None and "PING" in sub.last_error
            finally:
                private_redis.resume()
        wait_for(lambda: sub.connected, 30.0, "la suscripción vuelve")
    assert 1.0 <= detected < 4.0 + loop_lag.worst, (detected, loop_lag.worst)
    assert sub.sessions == 2
