"""Redis down, restarted or hung (a private server per test): writes never wait for Redis,
health tells the truth, and live updates resume by themselves with nothing missed."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import redis.asyncio as aioredis
from fastapi.testclient import TestClient
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.infra.live import HANG_SECONDS, SseClient, close_all, serve
from tests.infra.servers import RedisServer
from tests.infra.waits import wait_for
from tests.integration.redis_helpers import backend_of, redis_container, redis_settings
from zeues.api.app import create_app


def tomar(base: str, tag: str, worker: int = 93) -> httpx.Response:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": "ARM"}
    return httpx.post(f"{base}/api/occupation/tomar", json=body, timeout=10)


def test_subscriber_reconnects_after_a_redis_restart_and_replays_what_it_missed(
    tmp_path: Path, private_redis: RedisServer
) -> None:
    a = redis_container(redis_settings(tmp_path, private_redis.url, "zeues-rs-a"))
    b = redis_container(redis_settings(tmp_path, private_redis.url, "zeues-rs-b"))
    sub_b = backend_of(b).subscriber
    with serve(a) as url_a, serve(b) as url_b:
        on_b = SseClient(f"{url_b}/api/sse/stream")
        try:
            assert on_b.connected.wait(HANG_SECONDS)
            assert tomar(url_a, "TEST-01").status_code == 200
            before = on_b.next()["data"]["tag_spool"]

            private_redis.stop()
            wait_for(lambda: not sub_b.connected, what="B ve caer Redis")
            during = tomar(url_a, "TEST-02")  # committed while B cannot hear about it
            assert during.status_code == 200

            private_redis.start()  # same port, empty server
            wait_for(lambda: sub_b.connected, what="B se reconecta")
            replayed = on_b.next()["data"]["tag_spool"]
            assert tomar(url_a, "TEST-03").status_code == 200
            live = on_b.next()["data"]["tag_spool"]
            stayed_open = not on_b.ended.is_set()
            # A sentinel instead of a wait: a duplicate (A's pending re-publish, B's replay)
            # would reach B before it, in A's publishing order on B's one subscription.
            assert tomar(url_a, "TEST-04").status_code == 200
            after_live = on_b.next()["data"]["tag_spool"]
            duplicates = on_b.events.qsize()
        finally:
            close_all([on_b])
    assert (before, replayed, live, after_live) == ("TEST-01", "TEST-02", "TEST-03", "TEST-04")
    assert sub_b.sessions == 2
    assert duplicates == 0
    assert stayed_open  # the browser never had to reconnect: the process caught up for it


def test_with_redis_down_tomar_succeeds_and_health_is_degraded_then_healthy_again(
    tmp_path: Path, private_redis: RedisServer
) -> None:
    c = redis_container(redis_settings(tmp_path, private_redis.url, "zeues-down"))
    redis = backend_of(c)
    with TestClient(create_app(container=c)) as client:
        assert client.get("/api/health").json()["status"] == "healthy"
        # The yardstick, in the same run: what a write costs now with Redis answering.
        started = time.perf_counter()
        body = {"tag_spool": "TEST-02", "worker_id": 93, "operacion": "ARM"}
        assert client.post("/api/occupation/tomar", json=body).status_code == 200
        yardstick = time.perf_counter() - started
        private_redis.stop()
        wait_for(lambda: not redis.subscriber.connected, what="Redis caído")

        started = time.perf_counter()
        body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
        response = client.post("/api/occupation/tomar", json=body)
        took = time.perf_counter() - started
        assert response.status_code == 200, response.text
        # Retrying a refused connection (redis-py's default: backoffs of a second and more)
        # would add seconds; the machine's load adds about the yardstick.
        assert took < 1.0 + 2 * yardstick, (took, yardstick)

        health = client.get("/api/health").json()
        assert health["status"] == "degraded"
        assert health["operational"] is True
        assert health["database"] == "ok"
        assert health["redis_connection"] == "error"
        assert "desconectada" in health["details"]["redis_error"]
        redis_health = client.get("/api/redis-health").json()
        assert redis_health["status"] == "unhealthy" and redis_health["operational"] is True

        private_redis.start()
        wait_for(lambda: redis.subscriber.connected, what="Redis de vuelta")
        health = client.get("/api/health").json()
        assert (health["status"], health["redis_connection"]) == ("healthy", "ok")
    # The event of the outage went to this process's clients directly.
    assert redis.bus.delivered_locally >= 1


HUNG_SOCKET_TIMEOUT = 30.0


def test_a_hung_redis_never_makes_a_write_wait(tmp_path: Path, private_redis: RedisServer) -> None:
    # A long socket timeout: a write that waited on the hung Redis would wait this long, and
    # the publisher, which does wait on it, is still waiting when the writes have answered.
    settings = redis_settings(tmp_path, private_redis.url, "zeues-hung",
                              redis_socket_timeout=HUNG_SOCKET_TIMEOUT)  # fmt: skip
    c = redis_container(settings)
    bus = backend_of(c).bus
    with TestClient(create_app(container=c)) as client:
        private_redis.pause()  # SIGSTOP: connections stay open, nothing is answered
        try:
            slowest = 0.0
            for tag in ("TEST-01", "TEST-02", "TEST-03", "TEST-04"):
                started = time.perf_counter()
                body = {"tag_spool": tag, "worker_id": 93, "operacion": "ARM"}
                response = client.post("/api/occupation/tomar", json=body)
                slowest = max(slowest, time.perf_counter() - started)
                assert response.status_code == 200, response.text
            # All four answered while their events' trip to Redis had neither gone through
            # nor failed: no write waited on it.
            assert (bus.published, bus.failures) == (0, 0), (bus.published, bus.failures)
            assert slowest < HUNG_SOCKET_TIMEOUT / 3, slowest
            health = client.get("/api/health").json()
            assert health["status"] == "degraded" and health["operational"] is True
        finally:
            private_redis.resume()  # before shutdown, so closing does not wait on it


def test_a_plain_redis_py_listener_task_dies_at_a_redis_restart(
    private_redis: RedisServer,
) -> None:
    """Why subscriber.py owns its reconnect loop: redis-py's `listen()` raises at the first
    lost connection, and an un-awaited task holding it just ends, leaving nobody subscribed."""

    async def scenario() -> BaseException | None:
        client = aioredis.Redis.from_url(private_redis.url)
        pubsub = client.pubsub()
        await pubsub.subscribe("zeues:events")

        async def listen() -> None:
            async for _ in pubsub.listen():
                pass

        task = asyncio.create_task(listen())
        await asyncio.sleep(0.1)
        private_redis.stop()
        private_redis.start()
        await asyncio.wait({task}, timeout=10)
        await client.aclose()
        return task.exception() if task.done() else None

    error = asyncio.run(scenario())
    assert isinstance(error, RedisConnectionError)
