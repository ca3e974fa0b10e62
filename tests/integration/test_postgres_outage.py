"""PostgreSQL goes down under load and comes back (CONTRACT §2.1, §2.6): writes answer 503 with
Retry-After (never 500), nothing is half-written, health says so, and traffic recovers without
restarting the API. A real PostgreSQL of the test's own is stopped (immediate shutdown, as a
crash looks to clients) and started again on the same port."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from tests.infra.auth import ADMIN_TOKEN
from tests.infra.live import serve
from tests.infra.plugin import private_postgres
from tests.infra.servers import PostgresServer, create_database
from tests.infra.yardstick import Yardstick
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.container import Container
from zeues.domain.model import Rol, Spool, Worker

__all__ = ["private_postgres"]

WORKERS = 8
OUTAGE_SECONDS = 2.5
RECOVERY_BUDGET = 5.0  # seconds from the database accepting connections again
# No request may hang on a dead database longer than this, beyond what a round trip costs the
# machine in the same run (with the database up, and during the outage).
WORST_LATENCY = 3.0
POLL = 0.05


@dataclass
class Floor:
    """What the simulated tablets saw; each worker thread appends to its own lists."""

    statuses: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    missing_retry_after: int = 0
    changes: dict[str, int] = field(default_factory=dict)  # 200s that changed the spool
    committed_503: dict[str, int] = field(default_factory=dict)  # 503 whose commit landed
    last_ok: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, response: httpx.Response, seconds: float) -> None:
        with self.lock:
            self.statuses.append(response.status_code)
            self.latencies.append(seconds)
            if response.status_code == 503 and "Retry-After" not in response.headers:
                self.missing_retry_after += 1
            if response.status_code not in (200, 503):
                self.unexpected.append(f"{response.status_code} {response.text[:200]}")


@pytest.fixture
def app_on_private_pg(private_postgres: PostgresServer, tmp_path: Path) -> Iterator[Container]:
    url = create_database(private_postgres.url)
    settings = Settings(
        database_url=url, data_dir=tmp_path, admin_token=ADMIN_TOKEN, process_name="outage"
    )  # the production defaults for pool timeout, pre-ping and connect timeout
    c = build(settings)
    with c.store.write() as tx:
        for n in range(WORKERS):
            tx.insert_spool(Spool(f"OUT-{n:02d}", fecha_materiales=c.today()))
            tx.upsert_worker(Worker(3000 + n, "Armador", f"N{n}", (Rol.ARMADOR,)))
    yield c
    c.close()


def _request(
    client: httpx.Client, floor: Floor, method: str, path: str, body: object = None
) -> httpx.Response:
    start = time.monotonic()
    response = client.request(method, path, json=body)
    floor.record(response, time.monotonic() - start)
    return response


def _holds(client: httpx.Client, floor: Floor, tag: str, stop: threading.Event) -> bool | None:
    """The server's truth about the spool, asked until the database answers."""
    while not stop.is_set():
        response = _request(client, floor, "GET", f"/api/spools/{tag}")
        if response.status_code == 200:
            return bool(response.json()["ocupado_por_id"] is not None)
        time.sleep(POLL)
    return None


def _tablet(base: str, n: int, floor: Floor, stop: threading.Event) -> None:
    """TOMAR→PAUSAR cycles. After a 503 the outcome is unknown (the commit may have landed
    just before the crash), so the tablet asks the server and counts such commits."""
    tag, holding = f"OUT-{n:02d}", False
    floor.changes[tag] = floor.committed_503[tag] = 0
    body = {"tag_spool": tag, "worker_id": 3000 + n, "operacion": "ARM"}
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set():
            action = "pausar" if holding else "tomar"
            response = _request(client, floor, "POST", f"/api/occupation/{action}", body)
            if response.status_code == 200:
                holding = not holding
                floor.changes[tag] += 1
                floor.last_ok[tag] = time.monotonic()
            elif response.status_code == 503:
                truth = _holds(client, floor, tag, stop)
                if truth is not None and truth != holding:
                    floor.committed_503[tag] += 1
                    holding = truth
                time.sleep(POLL)
            else:
                return  # recorded as unexpected; the test fails on it


def test_database_outage_answers_503_and_recovers_without_restart(
    app_on_private_pg: Container, private_postgres: PostgresServer
) -> None:
    c, floor, stop = app_on_private_pg, Floor(), threading.Event()
    versions_before = _versions(c)
    with serve(c) as base, httpx.Client(base_url=base, timeout=30) as probe:
        tablets = [
            threading.Thread(target=_tablet, args=(base, n, floor, stop)) for n in range(WORKERS)
        ]
        for thread in tablets:
            thread.start()
        # The floor is running before the outage: every tablet has had a 200 (on a loaded
        # machine that takes longer than on an idle one; the deadline only bounds a hang).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(floor.last_ok) < WORKERS:
            time.sleep(POLL)
        time.sleep(0.5)
        ok_before_outage = len([s for s in floor.statuses if s == 200])
        # The yardstick, in the same run: what a request costs this machine with the database up.
        slowest_up = max(floor.latencies)

        # And what a round trip to this server costs the machine during the outage itself:
        # liveness touches no database, asked over and over on its own connection.
        with Yardstick(lambda: httpx.get(f"{base}/api/health/live", timeout=30)) as lag:
            private_postgres.stop()
            time.sleep(OUTAGE_SECONDS / 2)
            health_down = probe.get("/api/health")
            ready_down = probe.get("/api/health/ready")
            live_down = probe.get("/api/health/live")
            time.sleep(OUTAGE_SECONDS / 2)
            n_during_outage = len(floor.statuses)

            private_postgres.start()
            back_at = time.monotonic()
            deadline = back_at + RECOVERY_BUDGET + 5
            while time.monotonic() < deadline and not all(
                floor.last_ok.get(f"OUT-{n:02d}", 0) > back_at for n in range(WORKERS)
            ):
                time.sleep(POLL)
        recovery = max(floor.last_ok.values()) - back_at
        time.sleep(0.5)  # some traffic after recovery too
        stop.set()
        for thread in tablets:
            thread.join(30)
        health_up = probe.get("/api/health").json()
        ready_up = probe.get("/api/health/ready")

    statuses = floor.statuses
    print(
        f"\n{len(statuses)} requests: {statuses.count(200)} x 200, {statuses.count(503)} x 503; "
        f"worst latency {max(floor.latencies) * 1000:.0f} ms (machine lag up "
        f"{slowest_up * 1000:.0f} ms, in the outage {lag.worst * 1000:.0f} ms); "
        f"recovery {recovery:.2f} s; "
        f"503s whose commit landed: {sum(floor.committed_503.values())}"
    )
    assert ok_before_outage > 0 and n_during_outage > ok_before_outage
    # During the outage: 503 with Retry-After, never another 5xx; liveness unaffected.
    assert floor.unexpected == []
    assert statuses.count(503) > 0
    assert floor.missing_retry_after == 0
    charged = max(slowest_up, lag.worst)  # the machine's own delay, up and during the outage
    assert max(floor.latencies) < WORST_LATENCY + charged, (
        max(floor.latencies),
        slowest_up,
        lag.worst,
    )
    assert health_down.status_code == 200
    down = health_down.json()
    assert (down["status"], down["operational"], down["database"]) == ("unhealthy", False, "error")
    assert ready_down.status_code == 503 and "Retry-After" in ready_down.headers
    assert live_down.status_code == 200
    # Back without restarting the API: every tablet got a 200 within the budget.
    assert recovery < RECOVERY_BUDGET, f"recuperación en {recovery:.1f} s"
    assert (health_up["status"], health_up["operational"]) == ("healthy", True)
    assert ready_up.status_code == 200
    # No partial write: each committed change is one version bump and one audit row, and
    # the audit rows are exactly what the tablets saw succeed (plus commits the crash hid).
    audit, versions_after = _audit_counts(c), _versions(c)
    for tag, seen in floor.changes.items():
        assert audit.get(tag, 0) == seen + floor.committed_503[tag], tag
        assert versions_after[tag] - versions_before[tag] == audit.get(tag, 0), tag


def _versions(c: Container) -> dict[str, int]:
    with c.store.engine.connect() as conn:
        rows = conn.execute(text("SELECT tag_spool, version FROM spools")).all()
    return {str(tag): int(version) for tag, version in rows}


def _audit_counts(c: Container) -> dict[str, int]:
    with c.store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT tag_spool, count(*) FROM audit_events GROUP BY tag_spool")
        ).all()
    return {str(tag): int(n) for tag, n in rows}
