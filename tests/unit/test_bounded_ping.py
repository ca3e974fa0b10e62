"""The bounded database ping (adapters/sql/probe.py) with a ping function standing in for the
database; the real frozen PostgreSQL is in tests/integration/test_postgres_frozen.py."""

from __future__ import annotations

import threading
import time

import pytest

from zeues.adapters.sql.probe import BoundedPing, DatabaseNoResponde


class Hanging:
    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1
        self.release.wait(10)


def test_a_ping_that_never_returns_is_reported_within_the_bound() -> None:
    hanging = Hanging()
    ping = BoundedPing(hanging, timeout=0.2)
    started = time.monotonic()
    with pytest.raises(DatabaseNoResponde, match=r"no respondió en 0\.2 s"):
        ping()
    assert time.monotonic() - started < 1.0
    hanging.release.set()


def test_callers_during_a_hang_share_the_one_ping_in_flight() -> None:
    hanging = Hanging()
    ping = BoundedPing(hanging, timeout=0.05)
    for _ in range(5):
        with pytest.raises(DatabaseNoResponde):
            ping()
    assert hanging.calls == 1  # one stuck thread, not five
    hanging.release.set()
    time.sleep(0.1)
    ping()  # the database answers again: a fresh ping succeeds
    assert hanging.calls == 2


def test_a_failing_ping_raises_its_own_error() -> None:
    def refused() -> None:
        raise ConnectionRefusedError("conexión rechazada")

    with pytest.raises(ConnectionRefusedError, match="rechazada"):
        BoundedPing(refused, timeout=1.0)()
