"""SQLite commands run on the event loop's thread when the writer's turn is free at once
(adapters/sql/sqlite/lane.py): the turn, the fallback to the command thread, a database locked by
another program, and WAL checkpoints kept off the committing thread."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import FRESCO, tomar
from tests.infra.live import HANG_SECONDS
from tests.infra.waits import wait_for
from tests.infra.yardstick import Yardstick
from zeues.adapters.sql.sqlite import checkpoints
from zeues.adapters.sql.sqlite.lane import SqliteLane
from zeues.adapters.sql.sqlite.writelock import SqliteWriterLock
from zeues.container import Container


def test_the_turn_is_reentrant_for_its_holder_and_refused_to_other_threads(
    tmp_path: Path,
) -> None:
    turn = SqliteWriterLock(tmp_path / "z.db")
    refused: list[bool] = []
    try:
        assert turn.try_acquire()
        with turn:  # a write transaction inside the command enters again
            pass
        other = threading.Thread(target=lambda: refused.append(turn.try_acquire()))
        other.start()
        other.join(5)
        assert refused == [False]
        turn.release()
        assert turn.try_acquire()  # free again once the holder let go
        turn.release()
    finally:
        turn.close()


def test_another_process_holding_the_turn_refuses_it_here(tmp_path: Path) -> None:
    # Two locks on one file are two open files: flock treats them as two processes.
    here, there = SqliteWriterLock(tmp_path / "z.db"), SqliteWriterLock(tmp_path / "z.db")
    try:
        with there:
            assert not here.try_acquire()
        assert here.try_acquire()
        here.release()
    finally:
        here.close()
        there.close()


def test_a_command_waits_for_a_busy_writer_on_the_command_thread(
    client: TestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    lane = container.lane
    assert isinstance(lane, SqliteLane)
    turn = lane.turn
    places: list[str] = []
    run_on_thread = lane.threads.submit

    def recording(fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        places.append(threading.current_thread().name)
        return run_on_thread(fn, *args, **kwargs)

    monkeypatch.setattr(lane.threads, "submit", recording)
    held, release = threading.Event(), threading.Event()

    def other_writer() -> None:
        assert turn.try_acquire()
        held.set()
        release.wait(HANG_SECONDS)
        turn.release()

    holder = threading.Thread(target=other_writer)
    holder.start()
    assert held.wait(HANG_SECONDS)
    threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    response = tomar(client, FRESCO, 93)
    waited = time.monotonic() - started
    holder.join(5)

    assert response.status_code == 200, response.text
    assert len(places) == 1  # handed to the command thread, not run on the loop
    assert waited >= 0.25  # and it waited for the other writer instead of writing beside it


def test_a_database_locked_by_another_program_answers_503_at_once(
    client: TestClient, container: Container
) -> None:
    name = container.store.engine.url.database
    assert name
    intruder = sqlite3.connect(name, isolation_level=None)
    try:
        intruder.execute("BEGIN IMMEDIATE")  # ignores ZEUES's writer lock
        # A 10 ms sleep, over and over: how late this machine wakes a thread right now.
        with Yardstick(lambda: time.sleep(0.01)) as wake:
            started = time.monotonic()
            response = tomar(client, FRESCO, 93)
            waited = time.monotonic() - started
    finally:
        intruder.execute("ROLLBACK")
        intruder.close()

    assert response.status_code == 503, response.text
    # Not the 30 s busy_timeout with the whole process stalled.
    assert waited < 2 + wake.worst, (waited, wake.worst)
    spool = container.read.spool(FRESCO)
    assert spool is not None and spool.holder is None  # unchanged
    assert tomar(client, FRESCO, 93).status_code == 200  # and the next one goes through


def test_checkpoints_run_on_their_own_thread_every_few_commits(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    with container.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one() == 0
    checkpointer = container.store.checkpoints
    assert checkpointer is not None
    monkeypatch.setattr(checkpoints, "CHECKPOINT_EVERY", 3)
    ran_on: list[str] = []
    original = checkpointer.checkpoint

    def recording() -> None:
        ran_on.append(threading.current_thread().name)
        original()

    monkeypatch.setattr(checkpointer, "checkpoint", recording)
    before = checkpointer.done
    for _ in range(3):
        with container.store.write():
            pass
    wait_for(lambda: checkpointer.done != before, what="un checkpoint")

    assert checkpointer.done == before + 1
    assert ran_on and ran_on[0].startswith("zeues-checkpoint")
