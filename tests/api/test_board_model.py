"""The live board kept by the floor (issue 17): a board that starts from the floor's snapshot
and applies each change (`tablero` events) must equal, after any sequence of actions and time
passing, both a fresh snapshot and what /api/dashboard/occupied + resumen say (the SQL rules);
a board that missed changes and takes a snapshot again equals them too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.test_cola_pages import TAGS, WORKERS, Step, act
from tests.conftest import FakeClock
from zeues.api.presenters.board import board_payload
from zeues.container import Container
from zeues.domain.model import AuditEvent, EventoTipo
from zeues.services.board import BoardChange, BoardModel
from zeues.services.floor import FloorQueues

Json = dict[str, Any]


class Board:
    """board.js's model in Python: the rows held by tag and the counts."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self.held: dict[str, Json] = {}
        self.counts: Json = {}
        self.version = -1

    def apply(self, change: BoardChange | None) -> None:
        if change is None or change.version <= self.version:
            return
        shop = self.container.shop
        data = board_payload(change, shop.now(), shop.tz)
        if data["completo"]:
            self.held, self.counts = {}, {}
        for row in data["ocupados"]:
            self.held[row["tag_spool"]] = row
        for tag in data["libres"]:
            self.held.pop(tag, None)
        self.counts.update(data["resumen"])
        self.version = change.version

    def check(self, client: TestClient) -> None:
        occupied = client.get("/api/dashboard/occupied").json()
        assert self.held == {row["tag_spool"]: row for row in occupied}
        resumen = client.get("/api/dashboard/resumen").json()
        resumen.pop("timestamp")
        assert self.counts == resumen


def own_floor(container: Container) -> FloorQueues:
    """A floor of its own (no background keeper), told of renewals as the app's floor is."""
    shop = container.shop
    today = shop.today
    floor = FloorQueues(
        container.read,
        container.events,
        container.settings.lease_ttl_seconds,
        shop.now,
        today,
        pd_today=lambda: container.reads.pd_total(today(), today(), shop.tz),
    )
    container.commands.on_quiet_write.append(floor.touched)
    return floor


steps = st.lists(
    st.tuples(
        st.sampled_from(["tomar", "pausar", "completar", "inspeccionar", "reparar", "esperar"]),
        st.sampled_from(WORKERS),
        st.sampled_from(TAGS),
        st.sampled_from([0, 1, 2, 3]),
    ),
    min_size=1,
    max_size=14,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=steps, offline=st.sets(st.integers(0, 13)))
def test_a_board_applying_changes_equals_a_fresh_load_and_the_dashboard(
    client: TestClient,
    container: Container,
    clock: FakeClock,
    script: list[Step],
    offline: set[int],
) -> None:
    floor = own_floor(container)
    live, late = Board(container), Board(container)
    floor.catch_up()
    live.apply(floor.board_snapshot())
    late.apply(floor.board_snapshot())
    last = container.events.last_event_id()
    for n, step in enumerate(script):
        act(client, clock, step)
        rebuilt = floor.catch_up() is None  # a new day: every board starts again (its stream ends)
        events = container.events.events_after(last, None)
        last = events[-1].id if events else last
        change = floor.board_change(events)
        if rebuilt:
            live = Board(container)
            change = floor.board_snapshot()
        live.apply(change)
        if n in offline:
            late = Board(container)  # offline: it missed this change ...
        elif late.version < 0:
            late.apply(floor.board_snapshot())  # ... and starts again from a snapshot
        else:
            late.apply(change)
        live.check(client)
    late.apply(floor.board_snapshot())
    late.check(client)
    fresh = Board(container)
    fresh.apply(floor.board_snapshot())
    assert fresh.held == live.held and fresh.counts == live.counts


def test_a_renewal_moves_the_board_without_an_event(
    client: TestClient, container: Container, clock: FakeClock
) -> None:
    floor = own_floor(container)
    board = Board(container)
    assert client.post(
        "/api/occupation/tomar", json={"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    ).is_success
    floor.catch_up()
    board.apply(floor.board_snapshot())
    before = board.held["TEST-01"]["lease_expires_at"]
    clock.now += timedelta(minutes=5)
    renewed = client.post(
        "/api/occupation/tomar", json={"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    )
    assert renewed.json()["renovada"] is True
    assert floor.take_touched() == ["TEST-01"]
    board.apply(floor.board_change([]))
    assert board.held["TEST-01"]["lease_expires_at"] > before
    board.check(client)


def _event(kind: EventoTipo, **metadata: Any) -> AuditEvent:
    return AuditEvent(1, kind, "TEST-01", 93, "MR(93)", None, "", datetime.now(UTC), None, metadata)


def test_the_pd_of_the_day_is_read_again_only_after_events_that_may_change_it() -> None:
    board = BoardModel(lambda: 0.0)
    assert not board.reread_pd([_event(EventoTipo.TOMAR_SPOOL)])
    assert not board.reread_pd([_event(EventoTipo.PAUSAR_SPOOL, uniones=[], pd=0)])
    assert board.reread_pd([_event(EventoTipo.PAUSAR_SPOOL, uniones=[3], pd=2.5)])
    assert board.reread_pd([_event(EventoTipo.SPOOL_RESET)])
    assert board.reread_pd([_event(EventoTipo.IMPORTACION)])
