"""Hundreds of SSE clients on one real `zeues serve` process cost Redis nothing extra: CLIENT
LIST shows at most 3 connections of that process (pool, health probe, pub/sub) and its pool
never goes over its maximum, while writes keep publishing and every client gets every event.

CI runs 300 clients; ZEUES_TEST_SSE_CLIENTS=1000 runs the full figure by hand (add `-s` to
see the measurements)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from tests.infra.auth import ADMIN_HEADERS, ADMIN_TOKEN
from tests.infra.processes import zeues_env, zeues_serve
from tests.infra.sse_swarm import SseSwarm
from tests.infra.waits import wait_for

CLIENTS = int(os.environ.get("ZEUES_TEST_SSE_CLIENTS", "300"))
WRITERS, CYCLES = 10, 3  # each cycle is a TOMAR and a PAUSAR: 60 events in all
PROCESS = "zeues-scale"
WORKER = 301


@dataclass
class Samples:
    stats: list[dict[str, Any]] = field(default_factory=list)
    redis_clients: list[int] = field(default_factory=list)  # CLIENT LIST entries of PROCESS
    health: list[str] = field(default_factory=list)  # also exercises the health probe
    error: list[str] = field(default_factory=list)  # why the sampler stopped, if it did

    def clients_counted(self, expected: int) -> bool:
        assert not self.error, f"el muestreo se detuvo: {self.error}"
        # The first sample may still be on its way while the swarm connects.
        return bool(self.stats) and self.stats[-1]["sse_clients"] == expected


@pytest.fixture
def server(tmp_path: Path, redis_url: str) -> Iterator[str]:
    env = zeues_env(
        f"sqlite:///{tmp_path}/zeues.db",
        redis_url,
        ADMIN_TOKEN,
        ZEUES_DATA_DIR=str(tmp_path),
        ZEUES_PROCESS_NAME=PROCESS,
        ZEUES_SSE_PING_SECONDS="5",
    )
    with zeues_serve(env, tmp_path) as base:
        yield base


def _ours(r: redis.Redis) -> int:
    return sum(1 for c in r.client_list() if str(c.get("name", "")).startswith(f"{PROCESS}-"))


def _sample(base: str, redis_url: str, stop: threading.Event, out: Samples) -> None:
    try:
        with httpx.Client(base_url=base, timeout=10) as http, redis.Redis.from_url(redis_url) as r:
            while not stop.is_set():
                out.health.append(http.get("/api/health").json()["status"])
                out.stats.append(http.get("/api/redis-connection-stats").json())
                out.redis_clients.append(_ours(r))
                time.sleep(0.05)
    except Exception as exc:  # a dead sampler must fail the test loudly, not leave it waiting
        out.error.append(repr(exc))


def _writer(base: str, tag: str, failures: list[str]) -> None:
    with httpx.Client(base_url=base, timeout=10) as http:
        for _ in range(CYCLES):
            for action in ("tomar", "pausar"):
                body = {"tag_spool": tag, "worker_id": WORKER, "operacion": "ARM"}
                r = http.post(f"/api/occupation/{action}", json=body)
                if r.status_code != 200:
                    failures.append(f"{action} {tag}: {r.status_code} {r.text[:200]}")


def test_many_sse_clients_on_one_process_hold_at_most_three_redis_connections(
    server: str, redis_url: str
) -> None:
    base = server
    tags = [f"TEST-S{n:02d}" for n in range(1, WRITERS + 1)]
    with httpx.Client(base_url=base, headers=ADMIN_HEADERS, timeout=10) as http:
        body = {"id": WORKER, "nombre": "Escala", "apellido": "Uno", "roles": ["Armador"]}
        assert http.post("/api/admin/workers", json=body).status_code == 200
        for tag in tags:
            body = {"tag_spool": tag, "fecha_materiales": "2026-01-05"}
            assert http.post("/api/admin/spools", json=body).status_code == 200

    samples, stop, failures = Samples(), threading.Event(), list[str]()
    sampler = threading.Thread(target=_sample, args=(base, redis_url, stop, samples), daemon=True)
    sampler.start()
    started = time.monotonic()
    swarm = SseSwarm(base, CLIENTS).start()
    try:
        wait_for(lambda: swarm.connected == CLIENTS, 60, f"{CLIENTS} clientes SSE")
        connect_seconds = time.monotonic() - started
        wait_for(lambda: samples.clients_counted(CLIENTS), 20, "el servidor los cuenta")

        burst = time.monotonic()
        writers = [threading.Thread(target=_writer, args=(base, t, failures)) for t in tags]
        for w in writers:
            w.start()
        for w in writers:
            w.join(60)
        want = WRITERS * CYCLES * 2
        wait_for(lambda: all(len(c.ids) >= want for c in swarm.clients), 30, "todos los eventos")
        delivered_seconds = time.monotonic() - burst
        time.sleep(0.3)  # one more sample with everyone connected and the burst done
    finally:
        stop.set()
        sampler.join(10)
        swarm.stop()

    assert failures == []
    assert samples.error == []
    expected = sorted(
        e["id"]
        for t in tags
        for e in httpx.get(f"{base}/api/history/{t}/events", timeout=10).json()["events"]
    )
    assert len(expected) == want
    assert all(sorted(c.ids) == expected for c in swarm.clients)  # each once, none missing
    assert all(c.connections == 1 for c in swarm.clients)  # nobody was cut off

    maximum = samples.stats[0]["max_connections"]
    assert max(samples.redis_clients) <= 3, samples.redis_clients
    assert min(samples.redis_clients) >= 1  # the subscription itself is always there
    assert all(s["active_connections"] <= maximum for s in samples.stats)
    assert all(s["peak_active_connections"] <= maximum for s in samples.stats)
    assert all(s["pubsub_connections"] == 1 for s in samples.stats)
    assert not any(s["alert"] for s in samples.stats)
    assert set(samples.health) == {"healthy"}
    assert max(s["sse_clients"] for s in samples.stats) == CLIENTS

    print(  # figures for docs/BENCHMARKS.md (pytest -s shows them)
        f"\nsse-scale: clients={CLIENTS} connect={connect_seconds:.1f}s "
        f"burst_of_{want}_delivered_to_all={delivered_seconds:.2f}s "
        f"redis_client_list_max={max(samples.redis_clients)} "
        f"pool_active_max={max(s['active_connections'] for s in samples.stats)} "
        f"pool_peak={samples.stats[-1]['peak_active_connections']}/{maximum} "
        f"utilization_max={max(s['utilization_percent'] for s in samples.stats)}% "
        f"samples={len(samples.stats)}"
    )
