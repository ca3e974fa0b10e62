"""Queue rows with a spool's unions (issue 21, CONTRACT §2.4 and §2.9): every row of /api/cola,
first page, later pages and the full queue alike, carries the spool's progress
(`progreso` "ARM 3/7 · SOLD 0/5 · 6.5 PD", `uniones_total`); a spool without unions keeps
null and 0 as before. A row of a spool waiting for its repair carries what metrología rejected
(`rechazo`: the defect and the unions), what the repair crew reads on its queue."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import FRESCO, SOLDADO, reparacion, tomar
from tests.infra.auth import ADMIN_HEADERS
from zeues.api.models.responses import ColaResponse
from zeues.container import Container
from zeues.domain.unions import Union, UnionWork
from zeues.services.floor import GROUPS, FloorQueues

Json = dict[str, Any]
# 7 unions: DN 2, 3, 1.5, 0.5, 4, 6, 1; 1-5 need SOLD, 6 and 7 (MIT) do not.
KINDS = [("BW", 20), ("SO", 30), ("BR", 15), ("FILL", 5), ("LET", 40), ("MIT", 60), ("MIT", 10)]
# The columns of a row before issue 21's rejection: a spool without unions keeps them as they were.
ROW_KEYS = {
    "tag_spool", "nv", "estado_detalle", "estado_texto", "ocupado_por", "ocupado_por_id",
    "operacion_actual", "fecha_ocupacion", "lease_expires_at", "error", "message", "motivo",
    "toma_vencida", "progreso", "uniones_total",
}  # fmt: skip


def put_unions(container: Container, tag: str, welded_by: int | None = None) -> None:
    work = None
    if welded_by is not None:
        worker = container.read.worker(welded_by)
        assert worker is not None
        work = UnionWork(worker.id, worker.nombre_completo, None, container.shop.now())
    rows = [
        Union(tag, n, dn, t, arm=work, sold=work if t != "MIT" else None)
        for n, (t, dn) in enumerate(KINDS, 1)
    ]
    with container.store.write() as tx:
        tx.put_unions(tag, rows)


def page(client: TestClient, worker: int, op: str, **params: Any) -> Json:
    query = {"worker_id": worker, "operacion": op, "limite": 60, **params}
    response = client.get("/api/cola", params=query)
    assert response.status_code == 200, response.text
    body: Json = response.json()
    ColaResponse.model_validate(body)
    return body


def full(client: TestClient, worker: int, op: str) -> Json:
    response = client.get("/api/cola", params={"worker_id": worker, "operacion": op})
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


def rows_of(body: Json) -> dict[str, Json]:
    return {i["tag_spool"]: i for g in GROUPS for i in body[g]}


def pausar_with(client: TestClient, tag: str, worker: int, numbers: list[int]) -> None:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": "ARM", "uniones": numbers}
    response = client.post("/api/occupation/pausar", json=body)
    assert response.status_code == 200, response.text


def progreso(client: TestClient, tag: str) -> str:
    response = client.get(f"/api/spools/{tag}/uniones")
    assert response.status_code == 200, response.text
    texto: str = response.json()["resumen"]["texto"]
    return texto


def test_first_page_rows_carry_the_progress_and_a_spool_without_unions_is_as_before(
    client: TestClient, container: Container
) -> None:
    first = page(client, 93, "ARM")
    tag = first["disponibles"][0]["tag_spool"]
    put_unions(container, tag)
    assert tomar(client, tag, 94).status_code == 200
    pausar_with(client, tag, 94, [1, 2, 3])
    rows = rows_of(page(client, 93, "ARM"))
    assert rows[tag]["progreso"] == "ARM 3/7 · SOLD 0/5 · 6.5 PD" == progreso(client, tag)
    assert rows[tag]["uniones_total"] == 7
    assert rows[tag]["rechazo"] is None
    # the first page says what the full queue says, row by row (demo spools with and without)
    whole = rows_of(full(client, 93, "ARM"))
    assert {t: whole[t] for t in rows} == rows
    assert any(r["progreso"] for r in rows.values()), "demo spools with unions on the first page"
    bare = [r for r in rows.values() if r["uniones_total"] == 0]
    assert bare, "demo spools without unions on the first page"
    for row in bare:
        assert set(row) == ROW_KEYS | {"rechazo"}
        assert (row["progreso"], row["rechazo"]) == (None, None)


def test_a_later_page_carries_the_progress(client: TestClient, container: Container) -> None:
    put_unions(container, FRESCO)
    assert tomar(client, FRESCO, 94).status_code == 200
    pausar_with(client, FRESCO, 94, [7])
    later = page(client, 93, "ARM", grupo="disponibles", despues=FRESCO[:-1], limite=20)
    assert (
        later["disponibles"][0]["tag_spool"]
        != page(client, 93, "ARM")["disponibles"][0]["tag_spool"]
    ), "a page after the first"
    row = rows_of(later)[FRESCO]
    assert (row["progreso"], row["uniones_total"]) == ("ARM 1/7 · SOLD 0/5 · 1 PD", 7)
    assert rows_of(full(client, 93, "ARM"))[FRESCO] == row


def test_the_floor_sends_the_new_progress_in_each_row_that_changed(
    client: TestClient, container: Container
) -> None:
    """What every tablet's stream sends after a union PAUSAR: the row with its new progress,
    on each tablet showing the spool (here the ARM and SOLD queues of two workers)."""
    shop = container.shop
    floor = FloorQueues(container.read, container.events, 3600, shop.now, shop.today)
    put_unions(container, FRESCO)
    floor.catch_up()
    assert tomar(client, FRESCO, 94).status_code == 200
    pausar_with(client, FRESCO, 94, [1, 2])
    assert FRESCO in (floor.catch_up() or [])
    info = floor.info([FRESCO])[FRESCO]
    assert info.progreso is not None
    assert info.progreso.texto() == "ARM 2/7 · SOLD 0/5 · 5 PD"
    for worker, op in [(93, "ARM"), (94, "SOLD")]:
        assert (
            rows_of(page(client, worker, op, q=FRESCO))[FRESCO]["progreso"] == info.progreso.texto()
        )


def test_a_union_change_without_an_event_reaches_the_rows_at_the_sweep(
    client: TestClient, container: Container
) -> None:
    """An import of the Uniones sheet writes one event for the whole file: the floor's minute
    sweep compares every spool's progress (here brought forward)."""
    shop = container.shop
    floor = FloorQueues(container.read, container.events, 3600, shop.now, shop.today)
    floor.catch_up()
    assert floor.info([FRESCO]) == {}
    put_unions(container, FRESCO)
    floor.sweep_next()
    assert FRESCO in (floor.catch_up() or [])
    found = floor.info([FRESCO])[FRESCO].progreso
    assert found is not None and found.texto() == "ARM 0/7 · SOLD 0/5 · 0 PD"
    with container.store.write() as tx:
        tx.put_unions(FRESCO, [])
    floor.sweep_next()
    assert FRESCO in (floor.catch_up() or [])
    assert floor.info([FRESCO]) == {}, "back to a spool without unions"


def test_an_import_of_the_uniones_sheet_reaches_the_rows_at_the_next_catch_up(
    client: TestClient, container: Container
) -> None:
    shop = container.shop
    floor = FloorQueues(container.read, container.events, 3600, shop.now, shop.today)
    floor.catch_up()
    sheet = "ID;N_UNION;TAG_SPOOL;DN_UNION;TIPO_UNION\n" + "".join(
        f"{FRESCO}-{n};{n};{FRESCO};{dn / 10};{t}\n" for n, (t, dn) in enumerate(KINDS, 1)
    )
    response = client.post(
        "/api/admin/import", headers=ADMIN_HEADERS, data={"kind": "uniones"},
        files={"file": ("uniones.csv", sheet.encode(), "text/csv")},
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["applied"], response.text
    floor.catch_up()  # the import's event: the next catch-up sweeps
    assert FRESCO in (floor.catch_up() or [])
    found = floor.info([FRESCO])[FRESCO].progreso
    assert found is not None and found.texto() == "ARM 0/7 · SOLD 0/5 · 0 PD"


def test_the_repair_crew_sees_the_defect_and_the_unions_on_its_rows(
    client: TestClient, container: Container
) -> None:
    put_unions(container, SOLDADO, welded_by=94)
    body = {"tag_spool": SOLDADO, "worker_id": 93, "resultado": "RECHAZADO",
            "defecto": "Porosidad en raíz", "uniones": [5, 2]}  # fmt: skip
    response = client.post("/api/metrologia/completar", json=body)
    assert response.status_code == 200, response.text
    row = rows_of(page(client, 96, "REPARACION", q=SOLDADO))[SOLDADO]
    rechazo = row["rechazo"]
    assert (rechazo["defecto"], rechazo["uniones"], rechazo["ciclo"]) == (
        "Porosidad en raíz", [2, 5], 1,
    )  # fmt: skip
    assert rechazo["worker"] == "MR(93)"
    unions = client.get(f"/api/spools/{SOLDADO}/uniones").json()
    assert rechazo == unions["rechazo"], "the same as the card reads"
    assert row["progreso"] == "ARM 7/7 · SOLD 5/5 · 29 PD"
    assert rows_of(full(client, 96, "REPARACION"))[SOLDADO] == row
    # taken and repaired: nothing pending any more
    assert reparacion(client, "tomar", SOLDADO).status_code == 200
    taken = rows_of(page(client, 96, "REPARACION", q=SOLDADO))[SOLDADO]
    assert taken["rechazo"] == rechazo, "still to repair while held"
    assert reparacion(client, "completar", SOLDADO).status_code == 200
    inspect = rows_of(page(client, 93, "METROLOGIA", q=SOLDADO))[SOLDADO]
    assert inspect["rechazo"] is None


def test_a_rejection_without_defect_or_unions_still_names_the_cycle(
    client: TestClient, container: Container
) -> None:
    put_unions(container, SOLDADO, welded_by=94)
    body = {"tag_spool": SOLDADO, "worker_id": 93, "resultado": "RECHAZADO"}
    assert client.post("/api/metrologia/completar", json=body).status_code == 200
    rechazo = rows_of(page(client, 96, "REPARACION", q=SOLDADO))[SOLDADO]["rechazo"]
    assert (rechazo["defecto"], rechazo["uniones"], rechazo["ciclo"]) == (None, [], 1)
