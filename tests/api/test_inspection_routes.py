"""Metrología and the repair routes: rejections, approvals and repair sessions."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    RECHAZADO,
    SOLDADO,
    SPEC_END_REASONS,
    event_types,
    events,
    local_time,
    metrologia,
    reparacion,
    sessions,
    spool,
    welded,
)
from tests.conftest import FakeClock


def test_metrologia_route_records_a_rejection_without_occupying_the_spool(
    client: TestClient,
) -> None:
    response = metrologia(client, SOLDADO, "RECHAZADO", worker=95)

    assert response.status_code == 200, response.text
    found = response.json()
    assert (found["success"], found["tag_spool"], found["resultado"], found["ciclo"]) == (
        True,
        SOLDADO,
        "RECHAZADO",
        1,
    )
    assert found["message"]
    assert found["estado_detalle"] == (
        "Disponible - ARM completado, SOLD completado, RECHAZADO (Ciclo 1/3) - Pendiente reparación"
    )
    after = spool(client, SOLDADO)
    assert after["ocupado_por"] is None
    assert after["estado"] == {
        "arm": "COMPLETADO",
        "sold": "COMPLETADO",
        "metrologia": "RECHAZADO",
        "reparacion": "PENDIENTE",
        "ciclo": 1,
        "bloqueado": False,
    }
    [event] = events(client, SOLDADO)
    assert (event["evento_tipo"], event["worker_id"], event["operacion"]) == (
        "COMPLETAR_METROLOGIA",
        95,
        "METROLOGIA",
    )
    assert (event["metadata"]["resultado"], event["metadata"]["ciclo"]) == ("RECHAZADO", 1)


def test_approval_resets_the_cycle_counter(client: TestClient) -> None:
    assert spool(client, RECHAZADO)["estado"]["ciclo"] == 2
    assert reparacion(client, "tomar", RECHAZADO).status_code == 200
    assert reparacion(client, "completar", RECHAZADO).status_code == 200
    response = metrologia(client, RECHAZADO, "APROBADO")
    assert response.status_code == 200, response.text
    assert response.json()["ciclo"] == 0
    assert spool(client, RECHAZADO)["estado"]["ciclo"] == 0


def test_the_repair_paths_take_pause_and_complete_a_repair(client: TestClient) -> None:
    welded(client, "TEST-03")
    assert metrologia(client, "TEST-03", "RECHAZADO").status_code == 200

    taken = reparacion(client, "tomar", "TEST-03", worker=96)
    assert taken.status_code == 200, taken.text
    assert taken.json()["success"] is True
    assert taken.json()["tag_spool"] == "TEST-03"
    assert taken.json()["cycle"] == 1
    assert taken.json()["message"]
    assert taken.json()["estado_detalle"] == "EN_REPARACION (Ciclo 1/3) - Ocupado: PL(96)"
    assert spool(client, "TEST-03")["ocupado_por"] == "PL(96)"

    paused = reparacion(client, "pausar", "TEST-03", worker=96)
    assert paused.status_code == 200, paused.text
    assert (paused.json()["estado_detalle"], paused.json()["cycle"]) == (
        "REPARACION_PAUSADA (Ciclo 1/3)",
        1,
    )
    assert spool(client, "TEST-03")["estado"]["reparacion"] == "PAUSADA"

    assert reparacion(client, "tomar", "TEST-03", worker=94).status_code == 200
    done = reparacion(client, "completar", "TEST-03", worker=94)
    assert done.status_code == 200, done.text
    assert done.json()["estado_detalle"] == "PENDIENTE_METROLOGIA (Ciclo 1/3)"
    estado = spool(client, "TEST-03")["estado"]
    assert (estado["metrologia"], estado["reparacion"], estado["ciclo"]) == (
        "PENDIENTE",
        "COMPLETADA",
        1,
    )
    assert event_types(client, "TEST-03")[-5:] == [
        "COMPLETAR_METROLOGIA",
        "TOMAR_REPARACION",
        "PAUSAR_REPARACION",
        "TOMAR_REPARACION",
        "COMPLETAR_REPARACION",
    ]
    assert metrologia(client, "TEST-03", "APROBADO").status_code == 200


@pytest.mark.parametrize("paused_first", [False, True])
def test_cancelling_a_repair_returns_the_spool_to_rechazado(
    client: TestClient, paused_first: bool
) -> None:
    assert reparacion(client, "tomar", RECHAZADO).status_code == 200
    if paused_first:
        assert reparacion(client, "pausar", RECHAZADO).status_code == 200
    response = reparacion(client, "cancelar", RECHAZADO)

    assert response.status_code == 200, response.text
    assert response.json()["cycle"] == 2
    assert "RECHAZADO (Ciclo 2/3)" in response.json()["estado_detalle"]
    after = spool(client, RECHAZADO)
    assert (after["estado"]["metrologia"], after["estado"]["reparacion"]) == (
        "RECHAZADO",
        "PENDIENTE",
    )
    assert after["ocupado_por"] is None
    assert event_types(client, RECHAZADO)[-1] == "CANCELAR_REPARACION"
    assert reparacion(client, "tomar", RECHAZADO, worker=94).status_code == 200


def test_a_cancelled_repair_session_ends_with_an_end_reason_of_the_contract(
    client: TestClient, clock: FakeClock
) -> None:
    assert reparacion(client, "tomar", RECHAZADO).status_code == 200
    clock.advance(20 * 60)
    assert reparacion(client, "cancelar", RECHAZADO).status_code == 200
    [session] = sessions(client, RECHAZADO)
    assert (session["operacion"], session["duration_seconds"]) == ("REPARACION", 20 * 60)
    assert session["end_time"] == local_time(clock())
    assert session["end_reason"] in SPEC_END_REASONS
