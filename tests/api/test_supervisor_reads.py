"""The supervisor console's reads: the day's production and the day's audit events as CSV,
computed from the audit trail, behind the admin token; and the board's per-state counts."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    FRESCO,
    TODAY,
    assert_error,
    assert_validation_error,
    completar,
    metrologia,
    reparacion,
    resumen,
    tomar,
    welded,
)
from tests.conftest import FakeClock

PRODUCCION = "/api/supervisor/produccion"
EVENTOS = "/api/supervisor/eventos.csv"
CSV_COLUMNS = [
    "ID", "Timestamp", "Evento_Tipo", "TAG_SPOOL", "Worker_ID", "Worker_Nombre",
    "Operacion", "Accion", "Fecha_Operacion", "Metadata_JSON",
]  # fmt: skip


def _produccion(client: TestClient, admin: dict[str, str], **params: str) -> dict[str, Any]:
    response = client.get(PRODUCCION, params=params, headers=admin)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def _by_worker(found: dict[str, Any]) -> dict[int, tuple[int, int]]:
    return {row["worker_id"]: (row["arm"], row["sold"]) for row in found["completados"]}


def _stage(found: dict[str, Any], etapa: str) -> dict[str, Any]:
    stage: dict[str, Any] = next(s for s in found["en_proceso"] if s["etapa"] == etapa)
    return stage


def test_production_counts_what_was_completed_and_inspected_today(
    client: TestClient, admin: dict[str, str]
) -> None:
    before = _produccion(client, admin)
    assert before["fecha"] == TODAY
    welded(client, "TEST-01", 93)  # ARM + SOLD by MR(93), soldador MR(93)
    assert tomar(client, "TEST-02", 94).status_code == 200
    assert completar(client, "TEST-02", 94).status_code == 200  # ARM by JP(94)
    assert tomar(client, "TEST-02", 94, "SOLD").status_code == 200
    assert completar(client, "TEST-02", 94, "SOLD").status_code == 200
    welded(client, "TEST-03", 94)
    assert metrologia(client, "TEST-01", "RECHAZADO").status_code == 200
    assert metrologia(client, "TEST-02", "APROBADO").status_code == 200
    assert metrologia(client, "TEST-03", "RECHAZADO").status_code == 200

    after = _produccion(client, admin)
    old, new = _by_worker(before), _by_worker(after)
    assert new[93] == (old.get(93, (0, 0))[0] + 1, old.get(93, (0, 0))[1] + 1)
    assert new[94] == (old.get(94, (0, 0))[0] + 2, old.get(94, (0, 0))[1] + 2)
    names = {row["worker_id"]: row["worker_nombre"] for row in after["completados"]}
    assert (names[93], names[94]) == ("MR(93)", "JP(94)")
    assert after["metrologia"] == {
        "aprobados": before["metrologia"]["aprobados"] + 1,
        "rechazados": before["metrologia"]["rechazados"] + 2,
    }
    rates = {r["soldador"]: r for r in after["rechazo_por_soldador"]}
    assert rates["MR(93)"] == {
        "soldador": "MR(93)", "inspecciones": 1, "rechazados": 1, "tasa_rechazo": 1.0
    }  # fmt: skip
    assert rates["JP(94)"]["inspecciones"] == 2
    assert rates["JP(94)"]["rechazados"] == 1
    assert rates["JP(94)"]["tasa_rechazo"] == 0.5


def test_production_of_another_day_leaves_out_today(
    client: TestClient, admin: dict[str, str]
) -> None:
    welded(client, "TEST-01", 93)
    yesterday = _produccion(client, admin, fecha="2026-11-22")
    assert yesterday["fecha"] == "2026-11-22"
    assert yesterday["desde"] == "2026-11-22T00:00:00-03:00"
    assert yesterday["hasta"] == "2026-11-23T00:00:00-03:00"
    assert yesterday["completados"] == []
    assert yesterday["metrologia"] == {"aprobados": 0, "rechazados": 0}
    assert any(r["worker_id"] == 93 for r in _produccion(client, admin)["completados"])


def test_work_in_progress_counts_a_new_take_and_ages_with_the_clock(
    client: TestClient, admin: dict[str, str], clock: FakeClock
) -> None:
    before = _stage(_produccion(client, admin), "ARM")
    assert tomar(client, FRESCO, 93).status_code == 200
    arm = _stage(_produccion(client, admin), "ARM")
    assert arm["total"] == before["total"] + 1
    assert arm["con_inicio_conocido"] == before["con_inicio_conocido"] + 1
    clock.advance(3 * 3600)
    later = _stage(_produccion(client, admin), "ARM")
    assert later["edad_max_segundos"] == arm["edad_max_segundos"] + 3 * 3600


def test_a_rejected_spool_enters_the_repair_stage_with_its_rejection_time(
    client: TestClient, admin: dict[str, str], clock: FakeClock
) -> None:
    welded(client, "TEST-05", 93)
    assert _stage(_produccion(client, admin), "METROLOGIA")["con_inicio_conocido"] >= 1
    before = _stage(_produccion(client, admin), "REPARACION")
    assert metrologia(client, "TEST-05", "RECHAZADO").status_code == 200
    clock.advance(600)
    repair = _stage(_produccion(client, admin), "REPARACION")
    assert repair["total"] == before["total"] + 1
    assert repair["tag_mas_antiguo"] == "TEST-05"
    assert repair["edad_max_segundos"] == 600
    assert reparacion(client, "tomar", "TEST-05").status_code == 200
    assert _stage(_produccion(client, admin), "REPARACION")["ocupados"] == before["ocupados"] + 1


def test_the_days_events_download_as_csv_in_the_v3_column_order(
    client: TestClient, admin: dict[str, str]
) -> None:
    welded(client, "TEST-01", 93)
    response = client.get(EVENTOS, params={"fecha": TODAY}, headers=admin)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert f"zeues-eventos-{TODAY}.csv" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == CSV_COLUMNS
    mine = [r for r in rows[1:] if r[3] == "TEST-01"]
    assert [(r[2], r[6], r[7]) for r in mine] == [
        ("TOMAR_SPOOL", "ARM", "TOMAR"),
        ("COMPLETAR_ARM", "ARM", "COMPLETAR"),
        ("TOMAR_SPOOL", "SOLD", "TOMAR"),
        ("COMPLETAR_SOLD", "SOLD", "COMPLETAR"),
    ]
    assert mine[1][4:6] == ["93", "MR(93)"]
    # The same cell text as `zeues export events` (the v3.0 Metadata sheet): DD-MM-YYYY dates.
    day_first = "-".join(reversed(TODAY.split("-")))
    assert mine[1][8] == day_first
    assert mine[1][1].startswith(day_first + " ")
    assert '"estado_detalle"' in mine[1][9]
    ids = [int(r[0]) for r in rows[1:]]
    assert ids == sorted(ids)


def test_the_csv_of_another_day_has_only_the_header(
    client: TestClient, admin: dict[str, str]
) -> None:
    welded(client, "TEST-01", 93)
    response = client.get(EVENTOS, params={"fecha": "2026-11-22"}, headers=admin)
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines() == [";".join(CSV_COLUMNS)]


@pytest.mark.parametrize("path", [PRODUCCION, EVENTOS])
def test_supervisor_reads_without_a_token_are_401(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 401, "UNAUTHENTICATED")


@pytest.mark.parametrize("path", [PRODUCCION, EVENTOS])
def test_supervisor_reads_with_a_wrong_token_are_403(client: TestClient, path: str) -> None:
    wrong = {"Authorization": "Bearer no-es-el-token"}
    assert_error(client.get(path, headers=wrong), 403, "FORBIDDEN")


@pytest.mark.parametrize("path", [PRODUCCION, EVENTOS])
@pytest.mark.parametrize(
    "fecha", ["2026-13-01", "ayer", "2099-01-01", "1999-12-31", "2026-11-2399"]
)
def test_supervisor_reads_refuse_a_bad_date_with_422(
    client: TestClient, admin: dict[str, str], path: str, fecha: str
) -> None:
    body = assert_validation_error(client.get(path, params={"fecha": fecha}, headers=admin))
    assert body["detail"][0]["loc"][:2] == ["query", "fecha"]


def test_the_board_counts_put_every_spool_in_one_state(client: TestClient) -> None:
    fields = (
        "bloqueados", "en_progreso", "pausados", "rechazados", "pendiente_metrologia",
        "aprobados", "sin_materiales", "disponibles",
    )  # fmt: skip
    before = resumen(client)
    assert sum(before[f] for f in fields) == before["total"]
    assert before["en_progreso"] == before["ocupados"]
    assert all(before[f] > 0 for f in fields)  # the demo has spools in every state

    assert tomar(client, FRESCO, 93).status_code == 200
    taken = resumen(client)
    assert (taken["disponibles"], taken["en_progreso"]) == (
        before["disponibles"] - 1,
        before["en_progreso"] + 1,
    )
    assert (
        client.post(
            "/api/occupation/pausar",
            json={"tag_spool": FRESCO, "worker_id": 93, "operacion": "ARM"},
        ).status_code
        == 200
    )
    paused = resumen(client)
    assert (paused["en_progreso"], paused["pausados"]) == (
        before["en_progreso"],
        before["pausados"] + 1,
    )


def test_an_expired_lease_counts_as_paused_on_the_board(
    client: TestClient, clock: FakeClock
) -> None:
    before = resumen(client)
    clock.advance(2 * 3600)  # every demo lease (1 h) ran out
    after = resumen(client)
    assert after["en_progreso"] == 0
    assert after["pausados"] == before["pausados"] + before["en_progreso"]


def test_the_days_csv_has_the_same_rows_as_the_general_events_export(
    client: TestClient, admin: dict[str, str]
) -> None:
    welded(client, "TEST-01", 93)
    day = client.get(EVENTOS, params={"fecha": TODAY}, headers=admin)
    export = client.get("/api/admin/export/events", params={"format": "csv"}, headers=admin)
    assert export.status_code == 200, export.text
    day_rows = list(csv.reader(io.StringIO(day.content.decode("utf-8-sig")), delimiter=";"))
    all_rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert day_rows[0] == all_rows[0]
    assert day_rows[1:] and all(row in all_rows[1:] for row in day_rows[1:])
