"""A tablet's stream with unions (issue 21), on a real server: a union PAUSAR reaches every
tablet showing the spool as that spool's row with its new progress; a tablet reconnecting with
Last-Event-ID gets the row as it stands, progress included; a spool without unions keeps
`progreso` null."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.api.helpers import FRESCO
from tests.infra.live import close_all, row_of, serve
from tests.integration.test_cola_stream import act, audit_id, tablet
from zeues.container import Container
from zeues.domain.unions import Union

KINDS = [("BW", 20), ("SO", 30), ("BR", 15), ("FILL", 5), ("LET", 40), ("MIT", 60), ("MIT", 10)]


@pytest.fixture
def base(container: Container) -> Iterator[str]:
    rows = [Union(FRESCO, n, dn, t) for n, (t, dn) in enumerate(KINDS, 1)]
    with container.store.write() as tx:
        tx.put_unions(FRESCO, rows)
    with serve(container) as url:
        yield url


def pausar_with(base: str, tag: str, worker: int, numbers: list[int]) -> None:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": "ARM", "uniones": numbers}
    answer = httpx.post(f"{base}/api/occupation/pausar", json=body, timeout=10)
    assert answer.status_code == 200, answer.text


def test_a_union_pausar_reaches_every_tablet_with_the_new_progress(base: str) -> None:
    arm, sold, own = tablet(base, 93, "ARM"), tablet(base, 94, "SOLD"), tablet(base, 94, "ARM")
    try:
        act(base, "tomar", FRESCO, 94)
        assert row_of(arm, FRESCO)["data"]["item"]["progreso"] == "ARM 0/7 · SOLD 0/5 · 0 PD"
        pausar_with(base, FRESCO, 94, [1, 2, 3])
        paused = audit_id(base, FRESCO)
        for client in (arm, sold, own):
            got = row_of(client, FRESCO)
            while got["id"] != paused:  # the TOMAR's row first
                got = row_of(client, FRESCO)
            item = got["data"]["item"]
            assert (item["progreso"], item["uniones_total"]) == ("ARM 3/7 · SOLD 0/5 · 6.5 PD", 7)
        first = httpx.get(
            f"{base}/api/cola", params={"worker_id": 93, "operacion": "ARM", "q": FRESCO}
        ).json()
        assert first["disponibles"][0]["progreso"] == "ARM 3/7 · SOLD 0/5 · 6.5 PD"
    finally:
        close_all([arm, sold, own])


def test_reconnecting_sends_the_rows_with_their_progress(base: str) -> None:
    act(base, "tomar", "TEST-02", 93)
    before = audit_id(base, "TEST-02")
    act(base, "tomar", "TEST-01", 93)
    act(base, "tomar", FRESCO, 94)
    pausar_with(base, FRESCO, 94, [7])
    late = tablet(base, 93, "ARM", last_id=before)
    try:
        replayed = {}
        for _ in range(2):
            event = late.next()["data"]
            replayed[event["tag_spool"]] = event["item"]
        assert replayed[FRESCO]["progreso"] == "ARM 1/7 · SOLD 0/5 · 1 PD"
        assert (replayed["TEST-01"]["progreso"], replayed["TEST-01"]["uniones_total"]) == (None, 0)
        assert replayed["TEST-01"]["rechazo"] is None
    finally:
        close_all([late])
