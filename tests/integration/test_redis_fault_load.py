"""Redis killed and restarted under load (a real `zeues serve` process on SQLite and on
PostgreSQL, a private Redis):
50 simulated workers keep cycling TOMAR/PAUSAR/COMPLETAR over HTTP while 100 SSE clients
listen. Writes never fail, health tells the truth within seconds, and every SSE client ends
with exactly the events that were committed: no gaps, no duplicates."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.infra.auth import ADMIN_TOKEN
from tests.infra.live import open_streams
from tests.infra.processes import zeues_env, zeues_serve
from tests.infra.servers import RedisServer
from tests.infra.sse_swarm import SseSwarm
from tests.infra.waits import wait_for

WORKERS, SSE_CLIENTS, SPOOLS = 50, 100, 100
WARMUP_SECONDS, OUTAGE_SECONDS, AFTER_SECONDS = 3.0, 5.0, 3.0
THINK_SECONDS = 0.05  # between a worker's requests: a tablet, not a benchmark
PHASE_CHANGES = 70  # accepted changes each phase must see at least (> 200 in all)
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
TAGS = [f"TEST-L{n:03d}" for n in range(1, SPOOLS + 1)]
WORKER_IDS = list(range(201, 201 + WORKERS))
OWNER = {tag: WORKER_IDS[i % WORKERS] for i, tag in enumerate(TAGS)}


@dataclass
class Tally:
    changes: int = 0  # 200 answers that changed state (each writes one audit row)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # 5xx, transport errors, surprises


@dataclass
class HealthLog:
    samples: list[tuple[float, str, float]] = field(default_factory=list)  # at, status, took

    def first(self, status: str, after: float) -> float | None:
        return next((at for at, s, _ in self.samples if s == status and at >= after), None)


@pytest.fixture(params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path: Path, private_redis: RedisServer
) -> Iterator[str]:
    database_url = (
        request.getfixturevalue("pg_database_url")
        if request.param == "postgresql"
        else f"sqlite:///{tmp_path}/zeues.db"
    )
    env = zeues_env(
        database_url,
        private_redis.url,
        ADMIN_TOKEN,
        ZEUES_DATA_DIR=str(tmp_path),
        ZEUES_PROCESS_NAME="zeues-fault",
        ZEUES_REDIS_SOCKET_TIMEOUT="1",
        ZEUES_REDIS_SOCKET_CONNECT_TIMEOUT="1",
        ZEUES_SSE_PING_SECONDS="2",
    )
    with zeues_serve(env, tmp_path) as base:
        yield base


def _setup(base: str) -> None:
    with httpx.Client(base_url=base, headers=ADMIN, timeout=10) as http:
        for wid in WORKER_IDS:
            body = {"id": wid, "nombre": "Carga", "apellido": f"W{wid}",
                    "roles": ["Armador", "Soldador"]}  # fmt: skip
            assert http.post("/api/admin/workers", json=body).status_code == 200
        for tag in TAGS:
            body = {"tag_spool": tag, "fecha_materiales": "2026-01-05"}
            assert http.post("/api/admin/spools", json=body).status_code == 200


def _worker(base: str, wid: int, stop: threading.Event, tally: Tally) -> None:
    rng = random.Random(wid)
    today = datetime.now(ZoneInfo("America/Santiago")).date().isoformat()
    with httpx.Client(base_url=base, timeout=15) as http:

        def post(path: str, body: dict[str, object], **kw: object) -> httpx.Response | None:
            try:
                r = http.post(path, json=body, **kw)  # type: ignore[arg-type]
            except httpx.HTTPError as exc:
                tally.failures.append(f"{path}: {type(exc).__name__}: {exc}")
                return None
            tally.statuses[r.status_code] += 1
            if r.status_code >= 500:
                tally.failures.append(f"{path}: {r.status_code} {r.text[:200]}")
            elif r.status_code == 200:
                tally.changes += 1  # a worker TOMARs only while holding nothing: never idempotent
            return r

        while not stop.is_set():
            tag = rng.choice(TAGS)
            held = None
            for op in ("ARM", "SOLD"):
                r = post(
                    "/api/occupation/tomar", {"tag_spool": tag, "worker_id": wid, "operacion": op}
                )
                if r is not None and r.status_code == 200:
                    held = op
                elif (
                    r is not None
                    and r.status_code == 400
                    and r.json()["error"] == "OPERACION_YA_COMPLETADA"
                ):
                    continue  # ARM done: try SOLD; both done: the spool is recycled below
                break
            else:
                # Only the spool's owner recycles it: once ARM and SOLD are done nobody else can
                # change it, so the reset never wipes out a hold taken in between.
                if OWNER[tag] == wid:
                    post(f"/api/admin/spools/{tag}/reset", {}, headers=ADMIN)
            time.sleep(THINK_SECONDS)
            if held is None:
                continue
            body = {"tag_spool": tag, "worker_id": wid, "operacion": held}
            if rng.random() < 0.3:
                r = post("/api/occupation/completar", {**body, "fecha_operacion": today})
            else:
                r = post("/api/occupation/pausar", body)
            if r is not None and r.status_code != 200:  # the holder's own release must work
                tally.failures.append(f"liberar {tag}: {r.status_code} {r.text[:200]}")
            time.sleep(THINK_SECONDS)


def _watch_health(base: str, stop: threading.Event, log: HealthLog) -> None:
    # A slow answer is measured (`took`), not turned into a wrong one: the client's limit only
    # bounds a hang, so a loaded machine cannot make the watcher report an error.
    with httpx.Client(base_url=base, timeout=30) as http:
        while not stop.is_set():
            started = time.monotonic()
            try:
                body = http.get("/api/health").json()
                status = body["status"]
                if status not in ("healthy", "degraded"):
                    status = f"{status}: {body['details']}"
            except httpx.HTTPError as exc:
                status = f"error: {type(exc).__name__}: {exc}"
            log.samples.append((started, status, time.monotonic() - started))
            time.sleep(0.1)


def _at_least(changes: int, tallies: list[Tally], phase: str) -> None:
    """Waits until `changes` more accepted changes than when called (all workers together)."""
    start = sum(t.changes for t in tallies)
    wait_for(
        lambda: sum(t.changes for t in tallies) >= start + changes, 60, f"{changes} cambios {phase}"
    )


def _committed_ids(base: str) -> list[int]:
    ids: list[int] = []
    with httpx.Client(base_url=base, timeout=10) as http:
        for tag in TAGS:
            ids += [e["id"] for e in http.get(f"/api/history/{tag}/events").json()["events"]]
    return sorted(ids)


def _sse_clients(base: str) -> int:
    # A slow answer on a loaded machine is "not yet", not a failure: the caller's deadline rules.
    try:
        return open_streams(base)
    except httpx.HTTPError:
        return -1


def test_killing_redis_under_load_loses_no_write_and_no_live_event(
    server: str, private_redis: RedisServer
) -> None:
    base = server
    _setup(base)
    before = set(_committed_ids(base))
    swarm = SseSwarm(base, SSE_CLIENTS).start()
    stop, stop_health = threading.Event(), threading.Event()
    tallies = [Tally() for _ in WORKER_IDS]
    health = HealthLog()
    threads = [
        threading.Thread(target=_worker, args=(base, wid, stop, t), daemon=True)
        for wid, t in zip(WORKER_IDS, tallies, strict=True)
    ]
    watcher = threading.Thread(target=_watch_health, args=(base, stop_health, health), daemon=True)
    try:
        wait_for(lambda: _sse_clients(base) == SSE_CLIENTS, 60, "100 clientes SSE conectados")
        watcher.start()
        for t in threads:
            t.start()
        # Each phase lasts at least its time and until the load has really run in it: on a
        # busy machine the workers get fewer requests through per second. Deadlines only
        # bound a hang.
        time.sleep(WARMUP_SECONDS)
        _at_least(PHASE_CHANGES, tallies, "antes del corte")

        killed = time.monotonic()
        private_redis.stop()
        time.sleep(OUTAGE_SECONDS)
        wait_for(lambda: health.first("degraded", killed) is not None, 60, "degraded")
        _at_least(PHASE_CHANGES, tallies, "con Redis caído")
        restarting = time.monotonic()
        private_redis.start()
        # Health can only be "healthy" once Redis accepts connections: the limit counts from
        # then, not from the fork, which a loaded machine makes take seconds on its own.
        restarted = time.monotonic()
        wait_for(lambda: health.first("healthy", restarted) is not None, 60, "healthy de nuevo")
        time.sleep(AFTER_SECONDS)
        _at_least(PHASE_CHANGES, tallies, "después del corte")
    finally:
        stop.set()
        for t in threads:
            t.join(20)
        stop_health.set()
        watcher.join(10)

    committed = sorted(set(_committed_ids(base)) - before)
    try:
        wait_for(
            lambda: all(len(set(c.ids)) >= len(committed) for c in swarm.clients),
            60,
            "cada cliente SSE recibe todos los eventos",
        )
    finally:
        swarm.stop()

    failures = [f for t in tallies for f in t.failures]
    statuses = sum((t.statuses for t in tallies), Counter[int]())
    changes = sum(t.changes for t in tallies)
    assert failures == [], failures[:10]
    assert not any(code >= 500 for code in statuses), statuses

    degraded_at = health.first("degraded", killed)
    healthy_at = health.first("healthy", restarted)
    # "Within seconds" on an idle machine; a loaded one adds what a health answer costs it
    # in this run (the yardstick: the slowest health answer, measured alongside).
    slack = 2 * max(took for _, _, took in health.samples)
    assert degraded_at is not None and degraded_at - killed < 5.0 + slack, health.samples
    assert healthy_at is not None and healthy_at - restarted < 10.0 + slack, health.samples
    wrong = [sample for sample in health.samples if sample[1] not in ("healthy", "degraded")]
    assert wrong == [], (wrong[:5], len(health.samples))

    # Every accepted change wrote one audit row, and nothing else did.
    assert len(committed) == changes, (len(committed), changes, statuses)
    assert changes > 200  # the load really ran, across the outage
    for client in swarm.clients:
        assert sorted(client.ids) == committed  # all of them, each exactly once
        assert set(client.tags) <= set(TAGS)

    print(  # figures for docs/BENCHMARKS.md (pytest -s shows them)
        f"\nfault-load: changes={changes} statuses={dict(statuses)} "
        f"degraded_after={degraded_at - killed:.2f}s healthy_after={healthy_at - restarted:.2f}s "
        f"redis_start={restarted - restarting:.2f}s "
        f"slowest_health={max(took for _, _, took in health.samples):.3f}s "
        f"reconnections={sum(c.connections - 1 for c in swarm.clients)}"
    )
