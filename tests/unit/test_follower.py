"""The database follower (adapters/live/follower.py) with an in-memory audit list standing in
for the table; the real two-process case is tests/integration/test_workers_without_redis.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from tests.unit.builders import T0
from zeues.adapters.live.deliveries import Deliveries
from zeues.adapters.live.fanout import FanOut
from zeues.adapters.live.follower import DatabaseFollower
from zeues.domain.model import AuditEvent, EventoTipo


def _event(event_id: int) -> AuditEvent:
    return AuditEvent(
        event_id, EventoTipo.TOMAR_SPOOL, "TEST-01", 93, "MR(93)", None, "TOMAR", T0, None, {}
    )


class Audit:
    """The audit table: ids in commit order; `down` makes reads fail like a lost database."""

    def __init__(self, ids: range) -> None:
        self.events = [_event(i) for i in ids]
        self.down = False
        self.failed_reads = 0  # what the test waits on instead of a sleep

    def after(self, last: int, tag: str | None, limit: int) -> list[AuditEvent]:
        if self.down:
            self.failed_reads += 1
            raise ConnectionError("base de datos caída")
        return [e for e in self.events if e.id > last][:limit]

    def last_id(self) -> int:
        return self.events[-1].id if self.events else 0

    def commit(self, event_id: int) -> AuditEvent:
        self.events.append(_event(event_id))
        return self.events[-1]


def _setup(audit: Audit) -> tuple[DatabaseFollower, Deliveries, asyncio.Queue[AuditEvent | None]]:
    hub = FanOut()
    hub.bind(asyncio.get_running_loop())
    deliveries = Deliveries(hub)
    follower = DatabaseFollower(audit.after, audit.last_id, deliveries, interval=0.01)
    return follower, deliveries, hub.subscribe().queue


async def _until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Waits for the follower's own progress, not for a time that a busy machine may not give
    it: the deadline only bounds a test that would otherwise hang."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"no ocurrió en {timeout} s: {what}"
        await asyncio.sleep(0.005)


def _drain(queue: asyncio.Queue[AuditEvent | None]) -> list[int]:
    got = []
    while not queue.empty():
        event = queue.get_nowait()
        assert event is not None
        got.append(event.id)
    return got


def test_the_follower_delivers_only_what_is_committed_after_it_starts_each_once() -> None:
    async def scenario() -> list[int]:
        audit = Audit(range(1, 6))  # history from before this process started
        follower, deliveries, queue = _setup(audit)
        await follower.poll()  # marks id 5 as the start: the old history is not re-sent
        deliveries.on_loop([audit.commit(6)])  # made by this process: published at once
        audit.commit(7)  # made by another process: only the follower sees it
        await follower.poll()
        await follower.poll()
        return _drain(queue)

    assert asyncio.run(scenario()) == [6, 7]


def test_the_follower_survives_a_database_outage_and_catches_up(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> list[int]:
        audit = Audit(range(1, 3))
        follower, _, queue = _setup(audit)
        await follower.start()
        await _until(lambda: follower.last_seen == 2, "primera lectura")
        audit.down = True
        # Several failing polls: logged once, the task lives on.
        await _until(lambda: audit.failed_reads >= 3, "tres lecturas fallidas")
        audit.commit(3)
        audit.commit(4)
        audit.down = False
        await _until(lambda: queue.qsize() == 2, "los eventos 3 y 4 entregados")
        await follower.stop()
        return _drain(queue)

    assert asyncio.run(scenario()) == [3, 4]
    warnings = [r for r in caplog.records if "no se pudo leer eventos" in r.getMessage()]
    assert len(warnings) == 1
