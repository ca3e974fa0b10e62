"""Two refreshes of one spool racing (the keeper's and a read's catch_up) file it in the order
they read it: an older read filed last would leave a stale row on every tablet until the
spool's next change (seen as a queue read right after PAUSAR still showing the hold)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import pausar, tomar
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
        # Without ordering the second refresh finishes here and the first files after it; with
        # it the second waits for the first (this join then simply times out).
        second.join(timeout=2.0)

    read = SlowFirstRead(container.read, meanwhile)
    floor = FloorQueues(read, container.events, 3600, shop.now, shop.today)
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
