"""Issue 19, item 8: `zeues backup` takes a consistent copy while the server writes, `zeues
restore` checks a copy (integrity, migration level, audit events) before it replaces anything,
the schedule keeps the newest N, and /api/health reports the last good copy truthfully."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.cli.run import zeues
from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_TOKEN
from tests.infra.processes import zeues_env, zeues_serve
from zeues.bootstrap import backups
from zeues.config import Settings
from zeues.container import Container, utcnow
from zeues.services.backups import BackupSchedule

TOMAR = "/api/occupation/tomar"
PAUSAR = "/api/occupation/pausar"


def _events(path: Path) -> dict[int, tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return {row[0]: row for row in conn.execute("SELECT * FROM audit_events")}


def _write_load(client: TestClient, stop: threading.Event, done: list[int]) -> None:
    body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    while not stop.is_set():
        for route in (TOMAR, PAUSAR):
            answer = client.post(route, json=body)
            assert answer.status_code == 200, answer.text
            done.append(1)


def test_a_backup_under_write_load_restores_every_event_committed_before_it(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    database = settings.sqlite_file
    assert database is not None
    stop, done = threading.Event(), list[int]()
    writer = threading.Thread(target=_write_load, args=(client, stop, done))
    writer.start()
    try:
        while len(done) < 20:  # the load is under way
            threading.Event().wait(0.01)
        committed_before = set(_events(database))
        taken = backups(settings).take(utcnow())
        count_during = len(done)
        while len(done) < count_during + 20:  # and goes on after the copy
            threading.Event().wait(0.01)
    finally:
        stop.set()
        writer.join(30)
    assert taken is not None

    # Restored into a database of its own by the real command.
    target = tmp_path / "restored"
    target.mkdir()
    run = zeues(tmp_path, tmp_path / "home", "restore", str(taken.path), ZEUES_DATA_DIR=str(target))
    assert run.returncode == 0, run.stderr
    assert "íntegra, migración 0004_i20" in run.stdout

    restored = _events(target / "zeues.db")
    live = _events(database)
    assert committed_before <= set(restored)  # every event committed before the copy
    assert all(live[i] == row for i, row in restored.items())  # exactly as written
    assert len(live) > len(restored)  # the load went on after the copy
    # A snapshot: the copy holds the events up to one point, none missing in between.
    assert sorted(restored) == sorted(i for i in live if i <= max(restored))


def test_restore_refuses_a_damaged_copy_and_changes_nothing(
    container: Container, settings: Settings, tmp_path: Path
) -> None:
    database = settings.sqlite_file
    assert database is not None
    taken = backups(settings).take(utcnow())
    assert taken is not None
    damaged = tmp_path / "damaged.db"
    raw = bytearray(taken.path.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 8192] = b"\xa5" * 8192  # pages in the middle
    damaged.write_bytes(bytes(raw))
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("esto no es una base de datos")
    before = database.read_bytes()

    env = {"ZEUES_DATA_DIR": str(settings.data_path)}
    reasons = {damaged: "no es válida", not_sqlite: "no es válida", tmp_path / "x.db": "No existe"}
    for bad, reason in reasons.items():
        run = zeues(tmp_path, tmp_path / "home", "restore", str(bad), **env)
        assert run.returncode == 2, run.stdout
        assert run.stderr.count("No se restaura") == 1, run.stderr
        assert reason in run.stderr, run.stderr
    assert database.read_bytes() == before
    assert [b.path for b in backups_in(settings)] == [taken.path]  # no safety copy either


def backups_in(settings: Settings) -> list[object]:
    from zeues.adapters.backup.folder import backups as listed

    return list(listed(settings.backup_path))


def test_restore_refuses_a_migration_level_it_does_not_know(
    container: Container, settings: Settings, tmp_path: Path
) -> None:
    taken = backups(settings).take(utcnow())
    assert taken is not None
    future = tmp_path / "future.db"
    shutil.copy(taken.path, future)
    with sqlite3.connect(future) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")

    run = zeues(
        tmp_path, tmp_path / "home", "restore", str(future), ZEUES_DATA_DIR=str(settings.data_path)
    )
    assert run.returncode == 2
    assert "0099_future" in run.stderr and "no conoce" in run.stderr


def test_restoring_an_older_copy_needs_force_and_keeps_the_current_one(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    database = settings.sqlite_file
    assert database is not None
    old = backups(settings).take(utcnow() - timedelta(hours=1))
    assert old is not None
    body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    assert client.post(TOMAR, json=body).status_code == 200
    newest = set(_events(database))
    client.close()  # the server is stopped before a restore
    env = {"ZEUES_DATA_DIR": str(settings.data_path)}

    refused = zeues(tmp_path, tmp_path / "home", "restore", str(old.path), **env)
    assert refused.returncode == 2
    assert "1 eventos más que la copia" in refused.stderr and "--force" in refused.stderr
    assert set(_events(database)) == newest

    forced = zeues(tmp_path, tmp_path / "home", "restore", str(old.path), "--force", **env)
    assert forced.returncode == 0, forced.stderr
    assert set(_events(database)) == newest - {max(newest)}
    safety = [b for b in backups_in(settings) if b.path != old.path]  # type: ignore[attr-defined]
    assert len(safety) == 1
    assert set(_events(safety[0].path)) == newest  # nothing lost for good


def test_the_schedule_takes_a_copy_when_due_and_keeps_the_newest(
    container: Container, settings: Settings
) -> None:
    clock = FakeClock(utcnow())
    schedule = BackupSchedule(backups(settings), clock, timedelta(hours=24), keep=2)

    assert schedule.status(clock()).state == "none"
    first = schedule.run_once()
    assert first is not None
    assert schedule.run_once() is None  # not due yet
    for _ in range(3):
        clock.advance(24 * 3600)
        assert schedule.run_once() is not None
    kept = backups_in(settings)
    assert len(kept) == 2
    assert first.path not in [b.path for b in kept]  # type: ignore[attr-defined]
    assert all(oct(b.path.stat().st_mode & 0o777) == "0o600" for b in kept)  # type: ignore[attr-defined]
    assert oct(settings.backup_path.stat().st_mode & 0o777) == "0o700"

    status = schedule.status(clock() + timedelta(hours=3))
    assert (status.state, status.age_hours) == ("ok", 3.0)
    assert schedule.status(clock() + timedelta(hours=49)).state == "stale"


def test_a_failed_scheduled_copy_is_reported_not_raised(
    container: Container, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = backups(settings)
    schedule = BackupSchedule(store, utcnow, timedelta(hours=24), keep=2)

    def broken(now: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "take", broken)
    assert schedule.run_once() is None
    status = schedule.status(utcnow())
    assert status.state == "error"
    assert status.error is not None and "No space left" in status.error


def test_health_reports_the_last_good_backup(
    client: TestClient, settings: Settings, clock: FakeClock
) -> None:
    before = client.get("/api/health").json()
    assert before["backup"]["status"] == "none"
    assert before["backup"]["folder"] == str(settings.backup_path)

    taken = backups(settings).take(clock())
    assert taken is not None
    clock.advance(5 * 3600)
    after = client.get("/api/health").json()

    assert after["status"] == "healthy"
    assert after["backup"]["status"] == "ok"
    assert after["backup"]["file"] == taken.path.name
    assert after["backup"]["age_hours"] == 5.0
    clock.advance(44 * 3600)
    assert client.get("/api/health").json()["backup"]["status"] == "stale"


def test_the_database_and_its_folder_are_private(container: Container, settings: Settings) -> None:
    database = settings.sqlite_file
    assert database is not None
    assert database.stat().st_mode & 0o777 == 0o600
    for sibling in database.parent.glob("zeues.db-*"):
        assert sibling.stat().st_mode & 0o777 == 0o600, sibling


def test_zeues_serve_takes_a_backup_at_start_into_the_backup_dir(tmp_path: Path) -> None:
    folder = tmp_path / "share"  # e.g. a network share
    env = zeues_env(
        f"sqlite:///{tmp_path}/zeues.db",
        None,
        ADMIN_TOKEN,
        ZEUES_DATA_DIR=str(tmp_path),
        ZEUES_BACKUP_DIR=str(folder),
        ZEUES_BACKUP_KEEP="3",
    )
    with zeues_serve(env, tmp_path, args=["--demo"]) as base:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = httpx.get(f"{base}/api/health").json()["backup"]
            if found["status"] == "ok":
                break
            time.sleep(0.2)
    assert found["status"] == "ok", found
    assert found["folder"] == str(folder)
    assert [p.name for p in folder.glob("zeues-*.db")] == [found["file"]]


def test_restore_refuses_while_zeues_serve_serves_the_database(tmp_path: Path) -> None:
    env = zeues_env(
        f"sqlite:///{tmp_path}/zeues.db",
        None,
        ADMIN_TOKEN,
        ZEUES_DATA_DIR=str(tmp_path),
        ZEUES_BACKUP_INTERVAL_HOURS="0",
    )
    home = tmp_path / "home"
    with zeues_serve(env, tmp_path, args=["--demo"]):
        taken = zeues(tmp_path, home, "backup", ZEUES_DATA_DIR=str(tmp_path))
        assert taken.returncode == 0, taken.stderr  # a copy while serving is fine
        copy = next((tmp_path / "backups").glob("zeues-*.db"))
        refused = zeues(tmp_path, home, "restore", str(copy), ZEUES_DATA_DIR=str(tmp_path))
        assert refused.returncode == 2
        assert "está sirviendo" in refused.stderr and "deténgalo" in refused.stderr
    restored = zeues(tmp_path, home, "restore", str(copy), ZEUES_DATA_DIR=str(tmp_path))
    assert restored.returncode == 0, restored.stderr
