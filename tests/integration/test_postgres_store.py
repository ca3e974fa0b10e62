"""The SQL store on a real PostgreSQL: a fresh database per test (tests/infra)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.infra.containers import (
    AUDIT_REWRITES,
    NOTE_REWRITES,
    audit_rows_after_a_rewrite_attempt,
    build_test_container,
    head_revision,
    notes_after_a_rewrite_attempt,
)
from tests.infra.live import serve
from zeues.adapters.sql.migrate import upgrade
from zeues.api.app import create_app
from zeues.container import Container
from zeues.domain.model import Rol, Spool, Worker
from zeues.services.ports import StoreUnavailable

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
CONTENDERS = 50


@pytest.fixture
def pg(pg_database_url: str, tmp_path: Path) -> Iterator[Container]:
    c = build_test_container(
        pg_database_url, tmp_path, process_name="zeues-pg-test", db_pool_size=10, db_max_overflow=10
    )
    with c.store.write() as tx:
        tx.insert_spool(Spool("TEST-01", fecha_materiales=c.today()))
        for n in range(CONTENDERS):
            tx.upsert_worker(Worker(1000 + n, "Armador", f"N{n}", (Rol.ARMADOR,)))
    yield c
    c.close()  # before the database is dropped


def test_migrations_run_on_postgres_and_can_run_again(pg: Container) -> None:
    assert pg.store.engine.dialect.name == "postgresql"
    upgrade(pg.store.engine)
    with pg.store.engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        app = conn.execute(text("SELECT current_setting('application_name')")).scalar_one()
    assert version == head_revision()
    assert app == "zeues-pg-test"  # connections say which process holds them


@pytest.mark.parametrize("statement", AUDIT_REWRITES, ids=["update", "delete"])
def test_postgres_refuses_to_rewrite_the_audit_trail(pg: Container, statement: str) -> None:
    assert audit_rows_after_a_rewrite_attempt(pg, "TEST-01", 1000, NOW, statement) == 1


@pytest.mark.parametrize("statement", [*NOTE_REWRITES, "TRUNCATE notes"])
def test_postgres_refuses_to_edit_or_delete_a_note(pg: Container, statement: str) -> None:
    assert notes_after_a_rewrite_attempt(pg, "TEST-01", NOW, statement) == 1


def test_tomar_through_the_app_on_postgres(pg: Container) -> None:
    body = {"tag_spool": "TEST-01", "worker_id": 1000, "operacion": "ARM"}
    with TestClient(create_app(container=pg)) as client:
        response = client.post("/api/occupation/tomar", json=body)
        assert response.status_code == 200, response.text
        spool = client.get("/api/spools/TEST-01").json()
        events = client.get("/api/history/TEST-01/events").json()["events"]
        health = client.get("/api/health").json()
    assert spool["ocupado_por"] and spool["operacion_actual"] == "ARM"
    assert [e["evento_tipo"] for e in events] == ["TOMAR_SPOOL"]
    assert (health["status"], health["database"]) == ("healthy", "ok")


def test_fifty_workers_taking_one_spool_at_once_on_postgres_get_exactly_one_success(
    pg: Container,
) -> None:
    start = threading.Barrier(CONTENDERS)

    def tomar(base: str, worker_id: int) -> int:
        body = {"tag_spool": "TEST-01", "worker_id": worker_id, "operacion": "ARM"}
        start.wait(10)
        return httpx.post(f"{base}/api/occupation/tomar", json=body, timeout=30).status_code

    with serve(pg) as base, ThreadPoolExecutor(CONTENDERS) as pool:
        codes = list(pool.map(lambda n: tomar(base, 1000 + n), range(CONTENDERS)))
        events = httpx.get(f"{base}/api/history/TEST-01/events").json()["events"]
    assert sorted(codes) == [200] + [409] * (CONTENDERS - 1)
    assert len(events) == 1  # the losers wrote nothing


def test_reading_spool_and_worker_together_locks_the_spool_row(pg: Container) -> None:
    """The runner reads both in one query; the spool row must still be locked by it (a
    second transaction cannot lock it) while the worker row stays free."""
    with pg.store.write() as tx:
        spool, worker = tx.get_spool_and_worker("TEST-01", 1000)
        assert spool is not None and spool.tag_spool == "TEST-01"
        assert worker is not None and worker.id == 1000 and worker.roles == (Rol.ARMADOR,)
        with pg.store.engine.connect() as other:
            other.execute(text("SET lock_timeout = '200ms'"))
            # A lock wait that runs out is the store being unavailable (503, retry).
            with pytest.raises(StoreUnavailable, match="lock timeout"):
                other.execute(text("SELECT 1 FROM spools WHERE tag_spool = 'TEST-01' FOR UPDATE"))
            other.rollback()
            other.execute(text("SELECT 1 FROM workers WHERE id = 1000 FOR UPDATE"))
            other.rollback()
    with pg.store.write() as tx:
        assert tx.get_spool_and_worker("TEST-01", 99_999) == (spool, None)
        assert tx.get_spool_and_worker("NO-EXISTE", 1000) == (None, None)
        assert tx.get_spool_and_worker("TEST-01", None) == (spool, None)
