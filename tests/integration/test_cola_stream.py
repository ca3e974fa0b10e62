"""A tablet's own stream, /api/sse/stream?worker_id=&operacion= (issue 17), on a real server:
a committed change reaches each tablet as that one spool's row for its worker, decided on the
server, with the audit id; never compressed; Last-Event-ID sends the rows changed since."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from tests.api.helpers import FRESCO
from tests.conftest import FakeClock
from tests.infra.live import (
    HANG_SECONDS,
    SseClient,
    act,
    audit_id,
    close_all,
    open_streams,
    row_of,
    serve,
)
from tests.infra.live import tablet as live_tablet
from zeues.container import Container


@pytest.fixture
def base(container: Container) -> Iterator[str]:
    with serve(container) as url:
        yield url


def tablet(base: str, worker: int, op: str, last_id: int | None = None) -> SseClient:
    # Asks for gzip like a browser: the stream must come back uncompressed anyway.
    return live_tablet(base, worker, op, last_id, headers={"Accept-Encoding": "gzip"})


def test_each_tablet_gets_the_one_row_as_its_worker_sees_it(base: str) -> None:
    mine, other, sold = tablet(base, 94, "ARM"), tablet(base, 93, "ARM"), tablet(base, 94, "SOLD")
    try:
        act(base, "tomar", FRESCO, 94)
        taken = audit_id(base, FRESCO)
        got = row_of(mine, FRESCO)
        assert got["id"] == taken
        assert got["data"]["grupo"] == "mios"
        assert got["data"]["item"]["estado_texto"].startswith("Usted trabajando en ARM")
        seen = row_of(other, FRESCO)["data"]
        assert seen["grupo"] == "no_disponibles"
        assert seen["item"]["motivo"].startswith("ocupado por JP(94) desde ")
        first = httpx.get(
            f"{base}/api/cola", params={"worker_id": 93, "operacion": "ARM", "limite": 1}
        ).json()
        assert seen["totales"] == first["totales"]  # the counts move with the row
        on_sold = row_of(sold, FRESCO)["data"]
        assert on_sold["item"]["motivo"] == "usted lo tiene tomado en ARM"
    finally:
        close_all([mine, other, sold])


def test_the_stream_is_never_compressed(base: str) -> None:
    with (
        httpx.Client(timeout=httpx.Timeout(5.0, read=10.0)) as client,
        client.stream(
            "GET",
            f"{base}/api/sse/stream",
            params={"worker_id": 93, "operacion": "ARM"},
            headers={"Accept-Encoding": "gzip"},
        ) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert "content-encoding" not in response.headers
    page = httpx.get(
        f"{base}/api/cola",
        params={"worker_id": 93, "operacion": "ARM", "limite": 60},
        headers={"Accept-Encoding": "gzip"},
    )
    assert page.headers["content-encoding"] == "gzip"
    assert page.num_bytes_downloaded * 5 < len(page.content)


def test_reconnecting_with_last_event_id_sends_the_rows_changed_since(base: str) -> None:
    act(base, "tomar", "TEST-01", 93)
    before = audit_id(base, "TEST-01")
    act(base, "tomar", "TEST-02", 94)
    act(base, "pausar", "TEST-01", 93)
    late = tablet(base, 93, "ARM", last_id=before)
    try:
        replayed = {late.next()["data"]["tag_spool"] for _ in range(2)}
        assert replayed == {"TEST-01", "TEST-02"}
    finally:
        close_all([late])


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?worker_id=93", 422),
        ("?operacion=ARM", 422),
        ("?worker_id=9999&operacion=ARM", 404),
        ("?worker_id=93&operacion=PINTURA", 422),
    ],
)
def test_a_bad_tablet_stream_is_refused_in_spanish(base: str, query: str, status: int) -> None:
    answer = httpx.get(f"{base}/api/sse/stream{query}", timeout=10)
    assert answer.status_code == status
    assert answer.json()["message"]


def test_tablet_streams_count_as_sse_clients_and_the_floor_keeper_does_not(base: str) -> None:
    assert open_streams(base) == 0
    streams = [
        tablet(base, 93, "ARM"),
        tablet(base, 94, "SOLD"),
        SseClient(f"{base}/api/sse/stream"),
    ]
    try:
        assert streams[2].connected.wait(HANG_SECONDS)
        assert open_streams(base) == 3
    finally:
        close_all(streams)


def test_a_hold_that_lapses_reaches_the_tablets_even_when_a_read_noticed_it_first(
    base: str, clock: FakeClock
) -> None:
    act(base, "tomar", FRESCO, 94)
    other = tablet(base, 93, "ARM")
    try:
        clock.now += timedelta(hours=2)  # past the 1 h lease: no event is written
        page = httpx.get(
            f"{base}/api/cola", params={"worker_id": 93, "operacion": "ARM", "q": FRESCO}
        ).json()
        assert [i["tag_spool"] for i in page["disponibles"]] == [FRESCO]
        assert row_of(other, FRESCO)["data"]["grupo"] == "disponibles"
    finally:
        close_all([other])


def test_a_stream_of_an_operation_the_worker_may_not_do_is_refused(base: str) -> None:
    answer = httpx.get(f"{base}/api/sse/stream?worker_id=95&operacion=ARM", timeout=10)
    assert answer.status_code == 403
    assert answer.json()["error"] == "ROL_NO_AUTORIZADO"
