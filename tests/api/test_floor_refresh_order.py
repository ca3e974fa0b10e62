"""Two refreshes of one spool racing (the keeper's and a read's catch_up) file it in the order
they read it: an older read filed last would leave a stale row on every tablet until the
spool's next change (seen as a queue read right after PAUSAR still showing the hold)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import pausar, tomar
from tests.infra.waits import wait_for
from zeues.container import Container
from zeues.domain.model import Operacion, Spool
from zeues.services.floor import FloorQueues


class SlowFirstRead:
    """The app's read model, except that the first read of a spool runs `meanwhile` before
    returning what it read (a keeper thread descheduled between reading and filing)."""

    def __init__(self, read: Any, meanwhile: Callable[[], None]) -> None:
        self._read, self._meanwhile = read, meanwhile
        self.armed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._read, name)

    def spool(self, tag: str) -> Spool | None:
        found: Spool | None = self._read.spool(tag)
        if self.armed:
            self.armed = False
            self._meanwhile()
        return found


class WatchedTurn:
    """The floor's refresh turn, telling when a refresh finds it taken and waits."""

    def __init__(self, turn: threading.Lock) -> None:
        self._turn = turn
        self.waited = threading.Event()

    def __enter__(self) -> None:
        if not self._turn.acquire(blocking=False):
            self.waited.set()
            self._turn.acquire()

    def __exit__(self, *exc: object) -> None:
        self._turn.release()


def test_an_older_read_is_never_filed_after_a_newer_one(
    client: TestClient, container: Container
) -> None:
    shop = container.shop
    tag = "TEST-01"
    other: list[threading.Thread] = []

    def meanwhile() -> None:
        # The spool moves on and a second refresh starts while the first holds an old read.
        assert pausar(client, tag, 93).status_code == 200
        second = threading.Thread(target=floor.refresh, args=([tag],))
        second.start()
        other.append(second)
        # With ordering the second refresh waits for the first's turn; without it, it files
        # the new read now and the first files its old one after it. Either is seen, not
        # guessed from a fixed wait (a busy machine could make the second slower than any).
        wait_for(
            lambda: turn.waited.is_set() or not second.is_alive(),
            what="la segunda lectura espera su turno o termina",
        )

    read = SlowFirstRead(container.read, meanwhile)
    floor = FloorQueues(read, container.events, 3600, shop.now, shop.today)
    turn = WatchedTurn(floor._refreshing)
    floor._refreshing = turn  # type: ignore[assignment]
    floor.catch_up()
    assert tomar(client, tag, 93).status_code == 200
    read.armed = True
    floor.refresh([tag])  # reads the hold, then (meanwhile) the PAUSAR happens
    other[0].join(timeout=30)
    assert not other[0].is_alive()
    worker = floor.worker(94, Operacion.ARM)
    [(_, placed)] = floor.rows(worker, Operacion.ARM, [tag])[0]
    assert placed is not None and placed.group == "disponibles", (
        f"la fila quedó como la lectura vieja: {placed}"
    )
