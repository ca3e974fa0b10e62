"""The bounded database ping (adapters/sql/probe.py) with a ping function standing in for the
database; the real frozen PostgreSQL is in tests/integration/test_postgres_frozen.py."""

from __future__ import annotations

import threading

import pytest

from zeues.adapters.sql.probe import BoundedPing, DatabaseNoResponde


class Hanging:
    def __init__(self) -> None:
        self.release = threading.Event()
        self.returned = threading.Event()
        self.calls = 0
        self.thread: threading.Thread | None = None  # the last ping's

    def __call__(self) -> None:
        self.calls += 1
        self.thread = threading.current_thread()
        self.release.wait(10)
        self.returned.set()

    def finished(self) -> None:
        """Released, and its thread gone: its answer is in, a new call starts a new ping."""
        self.release.set()
        assert self.thread is not None
        self.thread.join(10)
        assert not self.thread.is_alive()


def test_a_ping_that_never_returns_is_reported_within_the_bound() -> None:
    hanging = Hanging()
    ping = BoundedPing(hanging, timeout=0.2)
    with pytest.raises(DatabaseNoResponde, match=r"no respondió en 0\.2 s"):
        ping()
    # Reported while the ping itself still hangs: the caller did not wait for it (no
    # wall-clock bound, which a busy machine could break).
    assert not hanging.returned.is_set()
    hanging.finished()


def test_callers_during_a_hang_share_the_one_ping_in_flight() -> None:
    hanging = Hanging()
    ping = BoundedPing(hanging, timeout=0.05)
    for _ in range(5):
        with pytest.raises(DatabaseNoResponde):
            ping()
    assert hanging.calls == 1  # one stuck thread, not five
    hanging.finished()
    ping()  # the database answers again: a fresh ping succeeds
    assert hanging.calls == 2


def test_a_failing_ping_raises_its_own_error() -> None:
    def refused() -> None:
        raise ConnectionRefusedError("conexión rechazada")

    with pytest.raises(ConnectionRefusedError, match="rechazada"):
        BoundedPing(refused, timeout=1.0)()


def test_a_ping_ending_in_a_timeout_of_its_own_is_reported_as_no_answer() -> None:
    """The driver gave up first (its connect timeout): the same words as the bound's."""

    class DriverTimeout(Exception):
        pass

    def gave_up() -> None:
        raise DriverTimeout("connection timeout expired")

    ping = BoundedPing(gave_up, timeout=1.0, timed_out=lambda e: isinstance(e, DriverTimeout))
    with pytest.raises(DatabaseNoResponde, match=r"no respondió en 1 s") as raised:
        ping()
    assert isinstance(raised.value.__cause__, DriverTimeout)


def test_only_the_errors_named_a_timeout_are_reworded() -> None:
    def refused() -> None:
        raise ConnectionRefusedError("conexión rechazada")

    ping = BoundedPing(refused, timeout=1.0, timed_out=lambda e: isinstance(e, TimeoutError))
    with pytest.raises(ConnectionRefusedError, match="rechazada"):
        ping()
