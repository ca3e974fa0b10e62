"""GET /api/cola with `limite` (issue 17): the queue as pages kept by the floor in memory, with
ETag; and the rows a tablet's stream sends. Every page and every row must be exactly what the
full /api/cola (every spool decided for the worker) says."""

from __future__ import annotations

import bisect
import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.helpers import (
    ARM_COMPLETADO,
    ARM_PAUSADO,
    ARM_TOMADO,
    FRESCO,
    RECHAZADO,
    SOLDADO,
    assert_error,
    assert_validation_error,
    completar,
    inspeccionar,
    pausar,
    reparacion,
    tomar,
)
from tests.conftest import FakeClock
from zeues.api.models.responses import ColaResponse
from zeues.api.presenters.worker_app import cola_body, placed_item
from zeues.api.routes.stream import cola_frames
from zeues.container import Container
from zeues.domain.model import Operacion
from zeues.services.floor import GROUPS, FloorQueues

Json = dict[str, Any]
PAIRS = [(93, "ARM"), (94, "SOLD"), (95, "METROLOGIA"), (96, "REPARACION"), (100, "ARM")]


def full(client: TestClient, worker: int, op: str) -> Json:
    response = client.get("/api/cola", params={"worker_id": worker, "operacion": op})
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


def paged(client: TestClient, worker: int, op: str, **params: Any) -> Json:
    response = client.get(
        "/api/cola", params={"worker_id": worker, "operacion": op, "limite": 60, **params}
    )
    assert response.status_code == 200, response.text
    body: Json = response.json()
    ColaResponse.model_validate(body)
    return body


def every_page(client: TestClient, worker: int, op: str) -> Json:
    """The whole queue read page by page, as "Mostrar más" does."""
    first = paged(client, worker, op, limite=200)
    for group in GROUPS:
        while len(first[group]) < first["totales"][group]:
            more = paged(
                client, worker, op, limite=200, grupo=group, despues=first[group][-1]["tag_spool"]
            )
            assert more[group], "a page after the last row must not be empty while rows are left"
            first[group] += more[group]
    return first


def same_queue(pages: Json, whole: Json) -> None:
    for group in GROUPS:
        tags = [item["tag_spool"] for item in pages[group]]
        assert tags == sorted(tags), f"{group} in tag order"
        assert {i["tag_spool"]: i for i in pages[group]} == {
            i["tag_spool"]: i for i in whole[group]
        }, group
        assert pages["totales"][group] == len(whole[group])


@pytest.mark.parametrize(("worker", "op"), PAIRS)
def test_the_pages_add_up_to_the_full_queue(client: TestClient, worker: int, op: str) -> None:
    assert tomar(client, FRESCO, 94).status_code == 200
    assert tomar(client, "TEST-01", 93).status_code == 200
    same_queue(every_page(client, worker, op), full(client, worker, op))


def test_the_first_screen_is_small_and_counts_every_group(client: TestClient) -> None:
    whole = full(client, 93, "ARM")
    first = paged(client, 93, "ARM", limite=5)
    for group in GROUPS:
        assert first[group] == sorted(whole[group], key=lambda i: i["tag_spool"])[:5]
        assert first["totales"][group] == len(whole[group])
        assert first["encontrados"][group] == len(whole[group])


def test_a_search_finds_by_tag_or_nv_among_every_spool(client: TestClient) -> None:
    whole = full(client, 93, "ARM")
    for q in ("cw-2501", "NV-401", "test"):
        found = paged(client, 93, "ARM", q=q, limite=500)
        for group in GROUPS:
            expected = [
                i
                for i in whole[group]
                if q.upper() in i["tag_spool"].upper() or q.upper() in (i["nv"] or "").upper()
            ]
            assert found["encontrados"][group] == len(expected)
            assert [i["tag_spool"] for i in found[group]] == sorted(
                i["tag_spool"] for i in expected
            )[:500]


def test_an_unchanged_queue_answers_304_and_a_change_a_new_etag(client: TestClient) -> None:
    params = {"worker_id": 93, "operacion": "ARM", "limite": 60}
    first = client.get("/api/cola", params=params)
    etag = first.headers["etag"]
    again = client.get("/api/cola", params=params, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(
        "/api/cola", params={**params, "limite": 61}, headers={"If-None-Match": etag}
    )
    assert other.status_code == 200, "another page has another ETag"
    assert tomar(client, "TEST-02", 94).status_code == 200
    changed = client.get("/api/cola", params=params, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    taken = paged(client, 93, "ARM", q="TEST-02")
    assert [i["tag_spool"] for i in taken["no_disponibles"]] == ["TEST-02"]


def test_a_lapsed_hold_moves_on_time_without_any_event(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-03", 94).status_code == 200
    mine = paged(client, 94, "ARM", q="TEST-03")
    assert [i["tag_spool"] for i in mine["mios"]] == ["TEST-03"]
    clock.now += timedelta(hours=2)  # past the 1 h lease
    after = paged(client, 94, "ARM", q="TEST-03")
    assert after["mios"][0]["toma_vencida"] is True
    others = paged(client, 93, "ARM", q="TEST-03")
    assert [i["tag_spool"] for i in others["disponibles"]] == ["TEST-03"]
    same_queue(every_page(client, 93, "ARM"), full(client, 93, "ARM"))


def test_bad_page_parameters_are_refused_in_spanish(client: TestClient) -> None:
    base = {"worker_id": 93, "operacion": "ARM"}
    for bad in (
        {"limite": 0},
        {"limite": 501},
        {"grupo": "todos"},
        {"despues": "<x>"},
        {"q": "a" * 101},
        {"q": "<script>"},
    ):
        assert_validation_error(client.get("/api/cola", params={**base, **bad}))
    response = client.get("/api/cola", params={"worker_id": 9999, "operacion": "ARM", "limite": 5})
    assert response.status_code == 404


# ---- a tablet that applies the stream's rows ends where a fresh load starts -------------------


class Tablet:
    """The worker app's queue state (static/worker/rows.js), in Python: the first rows of each
    group up to `hasta` (None: the whole group), and the totals."""

    def __init__(self, floor: FloorQueues, container: Container, worker: int, op: str) -> None:
        self.floor, self.container = floor, container
        self.worker = container.read.worker(worker)
        assert self.worker is not None
        self.op = Operacion(op)

    def item(self, placed: Any) -> Json:
        """A row as the tablet gets it: with what the floor keeps beside it (progress, the
        pending rejection), as /api/cola and the stream send it."""
        shop = self.container.shop
        tag = placed.spool.tag_spool
        info = self.floor.info([tag]).get(tag)
        return placed_item(placed, shop.now(), shop.tz, self.worker.id, info)  # type: ignore[union-attr]

    def load(self, limit: int) -> None:
        assert self.worker is not None
        pages, totals = self.floor.first_screen(self.worker, self.op, None, limit)
        self.rows = {g: [self.item(p) for p in pages[g].rows] for g in GROUPS}
        self.hasta = {
            g: (self.rows[g][-1]["tag_spool"] if pages[g].matched > len(self.rows[g]) else None)
            for g in GROUPS
        }
        self.totals = totals

    def apply(self, tags: list[str]) -> None:
        """The `cola` events the tablet's stream writes for these spools, as the app reads them
        (the rows every worker not on a spool shares are written once, see stream.py)."""
        assert self.worker is not None
        shop = self.container.shop
        frames = cola_frames(self.floor, shop.tz, shop.now(), self.worker, self.op, tags, 7)
        for block in frames.decode().split("\r\n\r\n")[:-1]:
            head, kind, line = block.split("\r\n")
            assert (head, kind) == ("id: 7", "event: cola")
            data = json.loads(line.removeprefix("data: "))
            tag, group = data["tag_spool"], data["grupo"]
            for g in GROUPS:
                self.rows[g] = [i for i in self.rows[g] if i["tag_spool"] != tag]
            self.totals = data["totales"]
            if group is None:
                continue
            end = self.hasta[group]
            if end is None or tag <= end:
                keys = [i["tag_spool"] for i in self.rows[group]]
                self.rows[group].insert(bisect.bisect(keys, tag), data["item"])

    def check(self) -> None:
        """Equal to the full /api/cola decided now, over the rows this tablet holds."""
        assert self.worker is not None
        shop = self.container.shop
        queue = self.container.reads.cola(self.worker.id, self.op, shop.now(), shop.today())
        whole = cola_body(self.worker.id, self.op, queue, shop.now(), shop.tz)
        for g in GROUPS:
            end = self.hasta[g]
            expected = sorted(
                (i for i in whole[g] if end is None or i["tag_spool"] <= end),
                key=lambda i: i["tag_spool"],
            )
            assert self.rows[g] == expected, g
            assert self.totals[g] == len(whole[g]), g


TAGS = [
    "TEST-01",
    "TEST-02",
    "TEST-03",
    FRESCO,
    ARM_TOMADO,
    ARM_PAUSADO,
    ARM_COMPLETADO,
    SOLDADO,
    RECHAZADO,
]
WORKERS = [93, 94, 95, 96, 100, 101]
Step = tuple[str, int, str, int]
steps = st.lists(
    st.tuples(
        st.sampled_from(
            ["tomar", "pausar", "uniones", "completar", "inspeccionar", "reparar", "esperar"]
        ),
        st.sampled_from(WORKERS),
        st.sampled_from(TAGS),
        st.sampled_from([0, 1, 2, 3]),
    ),
    min_size=1,
    max_size=12,
)
OPS = ["ARM", "SOLD", "METROLOGIA", "REPARACION"]


def act(client: TestClient, clock: FakeClock, step: Step) -> None:
    """Runs one step (a holder's TOMAR is a renewal: it writes no event)."""
    kind, worker, tag, n = step
    op = OPS[n % 2]
    if kind == "tomar":
        tomar(client, tag, worker, op)
    elif kind == "pausar":
        pausar(client, tag, worker, op)
    elif kind == "uniones":  # a holder's TOMAR then PAUSAR with one union finished
        tomar(client, tag, worker, op)
        body = {"tag_spool": tag, "worker_id": worker, "operacion": op, "uniones": [n + 1]}
        client.post("/api/occupation/pausar", json=body)
    elif kind == "completar":
        completar(client, tag, worker, op)
    elif kind == "inspeccionar":
        inspeccionar(client, tag, ("APROBADO", "RECHAZADO")[n % 2], worker)
    elif kind == "reparar":
        reparacion(client, ("TOMAR", "PAUSAR", "COMPLETAR")[n % 3], tag, worker)
    else:
        clock.now += timedelta(minutes=(5, 40, 70, 130)[n])


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=steps, limit=st.sampled_from([1, 3, 40]))
def test_tablets_applying_rows_after_random_actions_equal_a_fresh_load(
    client: TestClient, container: Container, clock: FakeClock, script: list[Step], limit: int
) -> None:
    # A floor of its own (no background keeper): catch_up() says exactly what changed. The
    # command path tells it of renewals (they make no event), as it tells the app's floor.
    shop = container.shop
    floor = FloorQueues(container.read, container.events, 3600, shop.now, shop.today)
    container.commands.on_quiet_write.append(floor.touched)
    tablets = [Tablet(floor, container, w, op) for w, op in [*PAIRS, (101, "SOLD")]]
    floor.catch_up()
    for tablet in tablets:
        tablet.load(limit)
    for step in script:
        act(client, clock, step)
        changed = floor.catch_up()
        for tablet in tablets:
            if changed is None:  # a new day: every tablet reads again
                tablet.load(limit)
            else:
                tablet.apply(changed)
    for tablet in tablets:
        tablet.check()


def test_a_page_of_an_operation_the_worker_may_not_do_is_refused_with_the_reason(
    client: TestClient,
) -> None:
    response = client.get("/api/cola", params={"worker_id": 95, "operacion": "ARM", "limite": 5})
    body = assert_error(response, 403, "ROL_NO_AUTORIZADO")
    assert "(95)" in body["message"]
    full_queue = client.get("/api/cola", params={"worker_id": 95, "operacion": "ARM"})
    assert full_queue.status_code == 200  # the full queue still answers, every spool refused


def test_a_row_shared_by_the_tablets_reads_as_its_own_once_the_hold_lapses(
    client: TestClient, container: Container, clock: FakeClock
) -> None:
    """The JSON of a row every worker not on the spool shares is kept between tablets
    (stream.py); the same row written after the lease lapsed must read as decided now."""
    shop = container.shop
    floor = FloorQueues(container.read, container.events, 3600, shop.now, shop.today)
    floor.catch_up()
    assert tomar(client, FRESCO, 94, "ARM").status_code == 200
    floor.catch_up()
    viewers = [container.read.worker(w) for w in (93, 100)]

    def written(worker: Any) -> Json:
        frames = cola_frames(floor, shop.tz, shop.now(), worker, Operacion.ARM, [FRESCO], None)
        data: Json = json.loads(frames.decode().split("data: ", 1)[1].split("\r\n", 1)[0])
        rows, totals = floor.rows(worker, Operacion.ARM, [FRESCO])
        (_, placed), now = rows[0], shop.now()
        assert data["item"] == placed_item(placed, now, shop.tz, worker.id)
        assert data["totales"] == totals
        return data

    held = [written(w) for w in viewers]
    assert {d["item"]["motivo"][:19] for d in held} == {"ocupado por JP(94) "}
    clock.now += timedelta(hours=2)  # no catch_up: the floor still keeps the same row
    lapsed = [written(w) for w in viewers]
    assert lapsed[0]["item"] == lapsed[1]["item"] != held[0]["item"]


def test_a_change_reaching_the_floor_twice_is_told_to_the_tablets_once_with_its_id(
    client: TestClient, container: Container
) -> None:
    """With several processes a change can reach a floor by its catch-up (the audit log) and
    again through Redis: the tablets hear of it once, and with the event's id."""
    shop = container.shop
    floor = FloorQueues(container.read, container.events, 3600, shop.now, shop.today)
    floor.catch_up()
    assert tomar(client, FRESCO, 94, "ARM").status_code == 200
    taken = container.events.events_after(0, FRESCO)[-1]
    assert floor.catch_up() == [FRESCO]  # the log first (a read, or the keeper's tick)
    assert floor.take_unsent() == (taken.id, [FRESCO])
    assert floor.applied([taken]) == []  # then Redis: already told
    assert pausar(client, FRESCO, 94, "ARM").status_code == 200
    paused = container.events.events_after(taken.id, FRESCO)[-1]
    assert floor.catch_up() == [FRESCO]  # a read found it; Redis delivers before the tick
    assert floor.applied([paused]) == [FRESCO]
    assert floor.take_unsent() == (None, [])
