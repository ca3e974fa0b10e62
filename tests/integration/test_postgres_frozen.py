"""A PostgreSQL that accepts connections but never answers (every process SIGSTOPped, as a hung
host or a stuck disk looks to clients). No libpq timeout covers that, so health bounds its
own ping: it must say `unhealthy` within seconds instead of hanging with the database, and
recover by itself once the database answers again."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.infra.auth import ADMIN_TOKEN
from tests.infra.live import HANG_SECONDS, serve
from tests.infra.plugin import private_postgres
from tests.infra.servers import PostgresServer, create_database
from tests.infra.yardstick import Yardstick
from zeues.adapters.sql.engine import make_engine
from zeues.adapters.sql.probe import DatabaseNoResponde
from zeues.adapters.sql.store import PING_TIMEOUT_SECONDS, SqlStore
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.domain.model import Rol, Spool, Worker

__all__ = ["private_postgres"]

ANSWER_BUDGET = PING_TIMEOUT_SECONDS + 1.5  # seconds a health check may take while frozen


@pytest.fixture
def base(private_postgres: PostgresServer, tmp_path: Path) -> Iterator[str]:
    url = create_database(private_postgres.url)
    settings = Settings(
        database_url=url, data_dir=tmp_path, admin_token=ADMIN_TOKEN, process_name="frozen"
    )
    c = build(settings)
    with c.store.write() as tx:
        tx.insert_spool(Spool("FRZ-01", fecha_materiales=c.today()))
        tx.upsert_worker(Worker(4000, "Armador", "Uno", (Rol.ARMADOR,)))
    try:
        with serve(c) as url_base:
            yield url_base
    finally:
        private_postgres.thaw()  # before the container closes its connections
        c.close()


def _timed_get(client: httpx.Client, path: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def test_health_reports_a_frozen_database_within_seconds_and_recovers(
    base: str, private_postgres: PostgresServer
) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/api/health").json()["status"] == "healthy"

        # Liveness touches no database: asked over and over on its own connection, it measures
        # what a round trip to this server costs the machine while the database is frozen.
        with Yardstick(lambda: httpx.get(f"{base}/api/health/live", timeout=30)) as lag:
            private_postgres.freeze()
            answers = [_timed_get(client, "/api/health") for _ in range(3)]
            ready, took = _timed_get(client, "/api/health/ready")
        took_all = [seconds for _, seconds in answers]
        # Repeated checks stay bounded while the first ping is stuck.
        assert max(took_all) < ANSWER_BUDGET + lag.worst, (took_all, lag.worst)
        for health, _ in answers:
            body = health.json()
            assert health.status_code == 200
            assert (body["status"], body["operational"], body["database"]) == (
                "unhealthy",
                False,
                "error",
            )
            assert "no respondió" in body["details"]["database_error"]
        assert took < ANSWER_BUDGET + lag.worst, (took, lag.worst)
        assert ready.status_code == 503 and "Retry-After" in ready.headers

        private_postgres.thaw()
        thawed = time.monotonic()
        deadline = thawed + 10
        while client.get("/api/health").json()["status"] != "healthy":
            assert time.monotonic() < deadline, "health no volvió a healthy en 10 s"
            time.sleep(0.1)
        body = {"tag_spool": "FRZ-01", "worker_id": 4000, "operacion": "ARM"}
        assert client.post("/api/occupation/tomar", json=body).status_code == 200
    print(  # figures for docs/BENCHMARKS.md (pytest -s shows them)
        f"\nfrozen-pg: health_seconds={[round(t, 2) for t in took_all]} "
        f"ready_seconds={took:.2f} healthy_and_tomar_after_thaw={time.monotonic() - thawed:.2f}s"
    )


def test_a_ping_ended_by_the_connect_timeout_says_the_database_did_not_answer(
    private_postgres: PostgresServer, tmp_path: Path
) -> None:
    """On a busy machine the stuck ping ends by itself, on libpq's connect_timeout, while health
    checks go on; the next check reads that ending. It is the same frozen database and must be
    said in the same words, not in the driver's English (a busy run once showed
    "ConnectionTimeout: connection timeout expired"). The bound here outlasts the connect
    timeout, so every ping ends that way."""
    settings = Settings(database_url=create_database(private_postgres.url), data_dir=tmp_path)
    store = SqlStore(make_engine(settings), ping_timeout=HANG_SECONDS)
    try:
        store.ping()  # answers while the database does
        # A new connection, as a ping opens when no idle one is pooled (a pooled one's
        # pre-ping would hang on the frozen server instead: the case the bound alone covers).
        store.engine.dispose()
        private_postgres.freeze()
        try:
            with pytest.raises(DatabaseNoResponde, match="no respondió") as raised:
                store.ping()
        finally:
            private_postgres.thaw()
        assert "connection timeout" in str(raised.value.__cause__)  # what ended it
        store.ping()
    finally:
        store.dispose()
