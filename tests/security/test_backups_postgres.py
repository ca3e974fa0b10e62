"""Issue 19, item 8 on PostgreSQL: `zeues backup` is a pg_dump taken while commands write, and
`zeues restore` checks the copy in a scratch database (migration level, audit events) before
pg_restore replaces the real one."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg

from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_TOKEN
from tests.infra.plugin import pg_admin_url, pg_database_url
from tests.infra.processes import run_cli, zeues_env
from zeues.adapters.backup.postgres_copy import libpq_url
from zeues.bootstrap import backups, build
from zeues.config import Settings
from zeues.container import utcnow
from zeues.services.demo import seed

__all__ = ["pg_admin_url", "pg_database_url"]


def _event_ids(url: str) -> set[int]:
    with psycopg.connect(libpq_url(url)) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM audit_events")}


def _scratch_databases(url: str) -> list[str]:
    with psycopg.connect(libpq_url(url)) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'zeues_restore%'")
        return [row[0] for row in rows]


def test_a_pg_dump_under_load_restores_every_committed_event(
    pg_database_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=pg_database_url, data_dir=tmp_path, admin_token=ADMIN_TOKEN)
    clock = FakeClock()
    container = build(settings, clock=clock)
    seed(container.store, container.read, clock(), container.today(), 3600)
    stop = threading.Event()

    def load() -> None:
        from fastapi.testclient import TestClient

        from zeues.api.app import create_app

        body = {"tag_spool": "TEST-02", "worker_id": 93, "operacion": "ARM"}
        with TestClient(create_app(container)) as client:
            while not stop.is_set():
                for route in ("/api/occupation/tomar", "/api/occupation/pausar"):
                    assert client.post(route, json=body).status_code == 200

    writer = threading.Thread(target=load)
    writer.start()
    try:
        threading.Event().wait(0.5)
        before = _event_ids(pg_database_url)
        taken = backups(settings).take(utcnow())
        threading.Event().wait(0.3)
    finally:
        stop.set()
        writer.join(30)
    container.close()
    assert taken is not None and taken.path.suffix == ".dump"
    after_load = _event_ids(pg_database_url)

    env = zeues_env(pg_database_url, None, ADMIN_TOKEN, ZEUES_DATA_DIR=str(tmp_path))
    out = run_cli(env, "restore", str(taken.path), "--force")
    assert "íntegra, migración 0004_i20" in out

    restored = _event_ids(pg_database_url)
    assert before <= restored <= after_load
    assert sorted(restored) == sorted(i for i in after_load if i <= max(restored))
    assert _scratch_databases(pg_database_url) == []  # the check's database is gone
