"""Happy paths of CONTRACT §1-§2 through HTTP, with the exact fields existing clients read."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    APROBADO,
    ARM_COMPLETADO,
    ARM_PAUSADO,
    ARM_TOMADO,
    BLOQUEADO,
    FRESCO,
    RECHAZADO,
    SIN_MATERIALES,
    SOLDADO,
    TODAY,
    assert_error,
    assert_validation_error,
    completar,
    event_types,
    events,
    inspeccionar,
    looks_spanish,
    metrologia,
    pausar,
    reparacion,
    resumen,
    sessions,
    spool,
    tomar,
    unchanged,
    welded,
)
from tests.conftest import ADMIN_TOKEN, FakeClock
from zeues.config import Settings

SANTIAGO_SUMMER = timedelta(hours=-3)
LEASE_SECONDS = 3600


SANTIAGO_SUMMER_TZ = timezone(SANTIAGO_SUMMER)


def _local(moment: datetime) -> str:
    """A FakeClock instant as the API writes it (America/Santiago, -03:00 in November)."""
    return moment.astimezone(SANTIAGO_SUMMER_TZ).isoformat()


def _listing(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def _tags(listing: dict[str, Any]) -> list[str]:
    return [s["tag_spool"] for s in listing["spools"]]


# --- TOMAR / PAUSAR / COMPLETAR -------------------------------------------------------------


def test_tomar_answers_with_the_holder_message_detail_and_a_local_lease_expiry(
    client: TestClient, clock: FakeClock
) -> None:
    body = {"tag_spool": "TEST-02", "worker_id": 93, "operacion": "ARM", "worker_nombre": "Otro"}
    response = client.post("/api/occupation/tomar", json=body)

    assert response.status_code == 200, response.text
    found = response.json()
    assert found["success"] is True
    assert found["tag_spool"] == "TEST-02"
    assert found["message"] == "Spool TEST-02 tomado por MR(93)"
    assert found["estado_detalle"] == "MR(93) trabajando ARM (ARM en progreso, SOLD pendiente)"
    lease = datetime.fromisoformat(found["lease_expires_at"])
    assert lease.utcoffset() == SANTIAGO_SUMMER
    assert lease == clock() + timedelta(seconds=LEASE_SECONDS)
    assert found["lease_expires_at"] == "2026-11-23T10:00:00-03:00"


def test_tomar_records_the_holder_on_the_spool_and_in_the_audit(
    client: TestClient, clock: FakeClock
) -> None:
    before = spool(client, "TEST-02")
    assert tomar(client, "TEST-02", 93).status_code == 200
    after = spool(client, "TEST-02")
    assert after["ocupado_por"] == "MR(93)"
    assert after["operacion_actual"] == "ARM"
    assert after["armador"] == "MR(93)"
    assert after["fecha_ocupacion"] == _local(clock())
    assert after["lease_expires_at"] == "2026-11-23T10:00:00-03:00"
    assert after["version"] == before["version"] + 1
    assert after["estado"]["arm"] == "EN_PROGRESO"
    [event] = events(client, "TEST-02")
    assert (event["evento_tipo"], event["worker_id"], event["worker_nombre"]) == (
        "TOMAR_SPOOL",
        93,
        "MR(93)",
    )
    assert (event["operacion"], event["accion"]) == ("ARM", "TOMAR")
    assert event["metadata"]["estado_detalle"] == after["estado_detalle"]


SPOOL_FIELDS = {
    "tag_spool", "nv", "ot", "proyecto", "fecha_materiales", "fecha_armado", "fecha_soldadura",
    "fecha_qc_metrologia", "armador", "soldador", "ocupado_por", "operacion_actual",
    "fecha_ocupacion", "lease_expires_at", "version", "estado_detalle", "estado",
}  # fmt: skip
EVENT_FIELDS = {
    "id", "timestamp", "evento_tipo", "tag_spool", "worker_id", "worker_nombre", "operacion",
    "accion", "fecha_operacion", "metadata",
}  # fmt: skip


def test_a_spool_exposes_every_field_of_the_contract(client: TestClient) -> None:
    found = spool(client, RECHAZADO)
    assert set(found) >= SPOOL_FIELDS
    assert set(found["estado"]) == {"arm", "sold", "metrologia", "reparacion", "ciclo", "bloqueado"}
    assert isinstance(found["version"], int)
    assert (found["nv"], found["proyecto"]) == ("NV-4000", "Planta Norte")


def test_every_accepted_action_adds_one_audit_event_with_increasing_ids(
    client: TestClient,
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert pausar(client, "TEST-01", 93).status_code == 200
    assert tomar(client, "TEST-01", 94).status_code == 200
    assert completar(client, "TEST-01", 94).status_code == 200
    trail = events(client, "TEST-01")
    assert [e["evento_tipo"] for e in trail] == [
        "TOMAR_SPOOL",
        "PAUSAR_SPOOL",
        "TOMAR_SPOOL",
        "COMPLETAR_ARM",
    ]
    assert all(set(e) >= EVENT_FIELDS for e in trail)
    ids = [e["id"] for e in trail]
    assert ids == sorted(ids) and len(set(ids)) == 4
    assert [e["worker_nombre"] for e in trail] == ["MR(93)", "MR(93)", "JP(94)", "JP(94)"]
    assert trail[-1]["metadata"]["estado_detalle"] == spool(client, "TEST-01")["estado_detalle"]
    assert spool(client, "TEST-01")["version"] == 1 + 4


def test_pausar_frees_the_spool_and_keeps_the_progress(client: TestClient) -> None:
    assert tomar(client, "TEST-02", 93).status_code == 200
    response = pausar(client, "TEST-02", 93)

    assert response.status_code == 200, response.text
    found = response.json()
    assert found["success"] is True
    assert found["tag_spool"] == "TEST-02"
    assert "MR(93)" in found["message"]
    assert found["estado_detalle"] == "Disponible - ARM pausado, SOLD pendiente"
    after = spool(client, "TEST-02")
    assert (after["ocupado_por"], after["operacion_actual"], after["lease_expires_at"]) == (
        None,
        None,
        None,
    )
    assert (after["estado"]["arm"], after["armador"]) == ("PAUSADO", "MR(93)")
    assert event_types(client, "TEST-02") == ["TOMAR_SPOOL", "PAUSAR_SPOOL"]


def test_completar_finishes_the_operation_with_its_business_date(client: TestClient) -> None:
    assert tomar(client, "TEST-02", 93).status_code == 200
    response = completar(client, "TEST-02", 93)

    assert response.status_code == 200, response.text
    found = response.json()
    assert (found["success"], found["tag_spool"]) == (True, "TEST-02")
    assert "MR(93)" in found["message"]
    assert found["estado_detalle"] == "Disponible - ARM completado, SOLD pendiente"
    after = spool(client, "TEST-02")
    assert (after["estado"]["arm"], after["fecha_armado"], after["ocupado_por"]) == (
        "COMPLETADO",
        TODAY,
        None,
    )
    last = events(client, "TEST-02")[-1]
    assert (last["evento_tipo"], last["fecha_operacion"]) == ("COMPLETAR_ARM", TODAY)


def test_a_spool_goes_through_arm_sold_and_an_approved_inspection(client: TestClient) -> None:
    welded(client, "TEST-03", worker=94)
    response = inspeccionar(client, "TEST-03", "APROBADO", worker=95)

    assert response.status_code == 200, response.text
    assert response.json()["estado_detalle"] == (
        "Disponible - ARM completado, SOLD completado, METROLOGIA APROBADO ✓"
    )
    found = spool(client, "TEST-03")
    assert (found["armador"], found["soldador"]) == ("JP(94)", "JP(94)")
    assert (found["fecha_armado"], found["fecha_soldadura"], found["fecha_qc_metrologia"]) == (
        TODAY,
        TODAY,
        TODAY,
    )
    assert found["estado"]["metrologia"] == "APROBADO"
    assert event_types(client, "TEST-03") == [
        "TOMAR_SPOOL",
        "COMPLETAR_ARM",
        "TOMAR_SPOOL",
        "COMPLETAR_SOLD",
        "COMPLETAR_METROLOGIA",
    ]


def test_an_ayudante_may_take_arm_and_sold(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 96, "ARM").status_code == 200
    assert tomar(client, ARM_COMPLETADO, 96, "SOLD").status_code == 200


# --- batch-tomar ----------------------------------------------------------------------------


def test_batch_tomar_decides_each_spool_on_its_own_and_always_answers_200(
    client: TestClient,
) -> None:
    tags = ["TEST-01", "FAKE-999", BLOQUEADO, SIN_MATERIALES, ARM_TOMADO, "TEST-02"]
    with unchanged(client, "FAKE-999", BLOQUEADO, SIN_MATERIALES, ARM_TOMADO, totals=False):
        response = client.post(
            "/api/occupation/batch-tomar",
            json={"tag_spools": tags, "worker_id": 93, "operacion": "ARM"},
        )
        assert response.status_code == 200, response.text
        found = response.json()
        assert (found["total"], found["succeeded"], found["failed"]) == (6, 2, 4)
        details = found["details"]
        assert [d["tag_spool"] for d in details] == tags
        assert [d["success"] for d in details] == [True, False, False, False, False, True]
        assert [d.get("error") for d in details if not d["success"]] == [
            "SPOOL_NO_ENCONTRADO",
            "SPOOL_BLOQUEADO",
            "DEPENDENCIAS_NO_SATISFECHAS",
            "SPOOL_OCCUPIED",
        ]
        assert all(d["message"] for d in details)
    assert details[0]["message"] == "Spool TEST-01 tomado por MR(93)"
    for tag in ("TEST-01", "TEST-02"):
        assert spool(client, tag)["ocupado_por"] == "MR(93)"
        assert event_types(client, tag) == ["TOMAR_SPOOL"]


def test_batch_tomar_by_an_unknown_worker_fails_every_spool_with_200(client: TestClient) -> None:
    with unchanged(client, "TEST-01", "TEST-02"):
        response = client.post(
            "/api/occupation/batch-tomar",
            json={"tag_spools": ["TEST-01", "TEST-02"], "worker_id": 98, "operacion": "ARM"},
        )
    assert response.status_code == 200, response.text
    found = response.json()
    assert (found["total"], found["succeeded"], found["failed"]) == (2, 0, 2)
    assert {d["error"] for d in found["details"]} == {"WORKER_NO_ENCONTRADO"}


def test_batch_tomar_of_spools_the_worker_already_holds_succeeds_without_new_events(
    client: TestClient,
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    response = client.post(
        "/api/occupation/batch-tomar",
        json={"tag_spools": ["TEST-01", "TEST-02"], "worker_id": 93, "operacion": "ARM"},
    )
    assert response.json()["succeeded"] == 2
    assert event_types(client, "TEST-01") == ["TOMAR_SPOOL"]


# --- Metrología -----------------------------------------------------------------------------


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


def test_occupation_completar_records_an_approval_without_tomar(client: TestClient) -> None:
    response = inspeccionar(client, SOLDADO, "APROBADO", worker=93)

    assert response.status_code == 200, response.text
    found = response.json()
    assert (found["success"], found["tag_spool"]) == (True, SOLDADO)
    assert "METROLOGIA APROBADO ✓" in found["estado_detalle"]
    after = spool(client, SOLDADO)
    assert (after["estado"]["metrologia"], after["fecha_qc_metrologia"]) == ("APROBADO", TODAY)
    assert event_types(client, SOLDADO) == ["COMPLETAR_METROLOGIA"]


def test_approval_resets_the_cycle_counter(client: TestClient) -> None:
    assert spool(client, RECHAZADO)["estado"]["ciclo"] == 2
    assert reparacion(client, "tomar", RECHAZADO).status_code == 200
    assert reparacion(client, "completar", RECHAZADO).status_code == 200
    response = metrologia(client, RECHAZADO, "APROBADO")
    assert response.status_code == 200, response.text
    assert response.json()["ciclo"] == 0
    assert spool(client, RECHAZADO)["estado"]["ciclo"] == 0


# --- Reparación -----------------------------------------------------------------------------


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


SPEC_END_REASONS = {"PAUSAR", "COMPLETAR", "EXPIRADO", "LIBERADO", None}


def test_a_cancelled_repair_session_ends_with_an_end_reason_of_the_contract(
    client: TestClient, clock: FakeClock
) -> None:
    assert reparacion(client, "tomar", RECHAZADO).status_code == 200
    clock.advance(20 * 60)
    assert reparacion(client, "cancelar", RECHAZADO).status_code == 200
    [session] = sessions(client, RECHAZADO)
    assert (session["operacion"], session["duration_seconds"]) == ("REPARACION", 20 * 60)
    assert session["end_time"] == _local(clock())
    assert session["end_reason"] in SPEC_END_REASONS


def test_the_occupation_routes_take_pause_and_complete_a_repair(client: TestClient) -> None:
    assert tomar(client, RECHAZADO, 94, "REPARACION").status_code == 200
    assert spool(client, RECHAZADO)["estado"]["reparacion"] == "EN_REPARACION"
    assert pausar(client, RECHAZADO, 94, "REPARACION").status_code == 200
    assert spool(client, RECHAZADO)["estado"]["reparacion"] == "PAUSADA"
    assert tomar(client, RECHAZADO, 94, "REPARACION").status_code == 200
    done = completar(client, RECHAZADO, 94, "REPARACION")
    assert done.status_code == 200, done.text
    assert done.json()["estado_detalle"] == "PENDIENTE_METROLOGIA (Ciclo 2/3)"
    assert spool(client, RECHAZADO)["estado"]["metrologia"] == "PENDIENTE"
    assert event_types(client, RECHAZADO) == [
        "TOMAR_REPARACION",
        "PAUSAR_REPARACION",
        "TOMAR_REPARACION",
        "COMPLETAR_REPARACION",
    ]


def test_the_occupation_routes_report_the_repair_cycle(client: TestClient) -> None:
    taken = tomar(client, RECHAZADO, 94, "REPARACION")
    paused = pausar(client, RECHAZADO, 94, "REPARACION")
    assert tomar(client, RECHAZADO, 94, "REPARACION").status_code == 200
    done = completar(client, RECHAZADO, 94, "REPARACION")
    assert [r.json().get("cycle") for r in (taken, paused, done)] == [2, 2, 2]


# --- Three rejections block; the supervisor unblocks ----------------------------------------


def _reject_and_repair(client: TestClient, tag: str, ciclo: int) -> None:
    rejected = metrologia(client, tag, "RECHAZADO")
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["ciclo"] == ciclo
    assert spool(client, tag)["estado"]["bloqueado"] is False
    assert reparacion(client, "tomar", tag).status_code == 200
    assert reparacion(client, "completar", tag).status_code == 200


def test_the_third_rejection_blocks_until_a_supervisor_unblocks(
    client: TestClient, admin: dict[str, str]
) -> None:
    welded(client, "TEST-04")
    _reject_and_repair(client, "TEST-04", 1)
    _reject_and_repair(client, "TEST-04", 2)
    third = metrologia(client, "TEST-04", "RECHAZADO")
    assert third.status_code == 200, third.text
    assert third.json()["ciclo"] == 3
    assert third.json()["estado_detalle"] == "BLOQUEADO - Contactar supervisor"
    estado = spool(client, "TEST-04")["estado"]
    assert (estado["bloqueado"], estado["ciclo"], estado["metrologia"]) == (
        True,
        3,
        "RECHAZADO",
    )
    assert_error(reparacion(client, "tomar", "TEST-04"), 403, "SPOOL_BLOQUEADO")
    assert_error(tomar(client, "TEST-04", 93, "REPARACION"), 403, "SPOOL_BLOQUEADO")

    body = {"tag_spool": "TEST-04", "supervisor_id": 97, "motivo": "Revisado con calidad"}
    response = client.post("/api/supervisor/desbloquear", json=body, headers=admin)
    assert response.status_code == 200, response.text
    assert response.json()["success"] is True
    assert "RECHAZADO" in response.json()["estado_detalle"]
    after = spool(client, "TEST-04")
    assert after["estado"] == {**estado, "bloqueado": False, "ciclo": 0}
    assert "BLOQUEADO" not in after["estado_detalle"]
    override = events(client, "TEST-04")[-1]
    assert (override["evento_tipo"], override["worker_id"]) == ("SUPERVISOR_OVERRIDE", 97)
    assert override["metadata"]["motivo"] == "Revisado con calidad"
    assert reparacion(client, "tomar", "TEST-04").status_code == 200


def test_the_demo_blocked_spool_can_be_unblocked(client: TestClient, admin: dict[str, str]) -> None:
    assert_error(tomar(client, BLOQUEADO, 93), 403, "SPOOL_BLOQUEADO")
    body = {"tag_spool": BLOQUEADO, "supervisor_id": 97, "motivo": "Revisado con calidad"}
    assert client.post("/api/supervisor/desbloquear", json=body, headers=admin).status_code == 200
    estado = spool(client, BLOQUEADO)["estado"]
    assert (estado["metrologia"], estado["ciclo"], estado["bloqueado"]) == ("RECHAZADO", 0, False)
    assert reparacion(client, "tomar", BLOQUEADO).status_code == 200


@pytest.mark.parametrize("route", ["desbloquear", "liberar"])
def test_a_supervisor_action_by_a_worker_without_the_supervisor_role_is_403(
    client: TestClient, admin: dict[str, str], route: str
) -> None:
    tag = BLOQUEADO if route == "desbloquear" else ARM_TOMADO
    body = {"tag_spool": tag, "supervisor_id": 93, "motivo": "quiero trabajar"}
    with unchanged(client, tag):
        response = client.post(f"/api/supervisor/{route}", json=body, headers=admin)
        assert_error(response, 403, "ROL_NO_AUTORIZADO")


def test_a_supervisor_action_by_an_inactive_worker_is_404(
    client: TestClient, admin: dict[str, str]
) -> None:
    body = {"tag_spool": BLOQUEADO, "supervisor_id": 98, "motivo": "revisado"}
    with unchanged(client, BLOQUEADO):
        response = client.post("/api/supervisor/desbloquear", json=body, headers=admin)
        assert_error(response, 404, "WORKER_NO_ENCONTRADO")


def test_liberar_force_releases_a_held_spool_and_ends_the_session_as_liberado(
    client: TestClient, clock: FakeClock, admin: dict[str, str]
) -> None:
    assert tomar(client, "TEST-01", 94).status_code == 200
    clock.advance(600)
    body = {"tag_spool": "TEST-01", "supervisor_id": 97, "motivo": "Tablet abandonada"}
    response = client.post("/api/supervisor/liberar", json=body, headers=admin)

    assert response.status_code == 200, response.text
    assert response.json()["success"] is True
    after = spool(client, "TEST-01")
    assert (after["ocupado_por"], after["estado"]["arm"], after["armador"]) == (
        None,
        "PAUSADO",
        "JP(94)",
    )
    [session] = sessions(client, "TEST-01")
    assert (session["worker_id"], session["end_reason"], session["duration_seconds"]) == (
        94,
        "LIBERADO",
        600,
    )
    assert session["end_time"] == _local(clock())
    forced = events(client, "TEST-01")[-1]
    assert (forced["evento_tipo"], forced["worker_id"]) == ("LIBERACION_FORZADA", 97)
    assert forced["metadata"]["motivo"] == "Tablet abandonada"
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert_error(pausar(client, "TEST-01", 94), 403, "NO_AUTORIZADO")


# --- Admin ----------------------------------------------------------------------------------


def test_admin_upserts_a_spool(client: TestClient, admin: dict[str, str]) -> None:
    body = {
        "tag_spool": "MK-9999-CW-1-001",
        "fecha_materiales": "2026-11-20",
        "nv": "NV-1",
        "ot": "OT-1",
        "proyecto": "Planta Norte",
    }
    created = client.post("/api/admin/spools", json=body, headers=admin)
    assert created.status_code == 200, created.text
    assert (created.json()["success"], created.json()["created"]) == (True, True)
    found = spool(client, "MK-9999-CW-1-001")
    assert (found["nv"], found["ot"], found["proyecto"], found["fecha_materiales"]) == (
        "NV-1",
        "OT-1",
        "Planta Norte",
        "2026-11-20",
    )
    assert found["estado"]["arm"] == "PENDIENTE"

    updated = client.post("/api/admin/spools", json={**body, "ot": "OT-2"}, headers=admin)
    assert updated.status_code == 200, updated.text
    assert updated.json()["created"] is False
    again = spool(client, "MK-9999-CW-1-001")
    assert (again["ot"], again["version"]) == ("OT-2", found["version"] + 1)
    assert tomar(client, "MK-9999-CW-1-001", 93).status_code == 200


def test_admin_upserts_a_worker(client: TestClient, admin: dict[str, str]) -> None:
    body = {"id": 200, "nombre": "Ana María", "apellido": "Soto Díaz", "roles": ["Armador"]}
    created = client.post("/api/admin/workers", json=body, headers=admin)
    assert created.status_code == 200, created.text
    assert created.json() == {
        "success": True,
        "worker_id": 200,
        "created": True,
        "nombre_completo": "AS(200)",
    }
    assert client.get("/api/workers/200/roles").json() == {"worker_id": 200, "roles": ["Armador"]}
    taken = tomar(client, "TEST-01", 200)
    assert taken.json()["message"] == "Spool TEST-01 tomado por AS(200)"
    assert pausar(client, "TEST-01", 200).status_code == 200

    retired = {**body, "activo": False}
    updated = client.post("/api/admin/workers", json=retired, headers=admin)
    assert updated.status_code == 200, updated.text
    assert updated.json()["created"] is False
    ids = [w["id"] for w in client.get("/api/workers").json()["workers"]]
    assert 200 not in ids
    assert_error(tomar(client, "TEST-01", 200), 404, "WORKER_NO_ENCONTRADO")


def test_reset_returns_a_test_spool_to_a_fresh_state(
    client: TestClient, admin: dict[str, str]
) -> None:
    welded(client, "TEST-05")
    assert tomar(client, "TEST-01", 93).status_code == 200
    for tag in ("TEST-05", "TEST-01"):
        response = client.post(f"/api/admin/spools/{tag}/reset", headers=admin)
        assert response.status_code == 200, response.text
        assert response.json()["estado_detalle"] == "Disponible - ARM pendiente, SOLD pendiente"
        found = spool(client, tag)
        assert found["estado"] == {
            "arm": "PENDIENTE",
            "sold": "PENDIENTE",
            "metrologia": "PENDIENTE",
            "reparacion": None,
            "ciclo": 0,
            "bloqueado": False,
        }
        assert (found["armador"], found["soldador"], found["ocupado_por"]) == (None, None, None)
        assert found["fecha_materiales"] == TODAY
        assert event_types(client, tag)[-1] == "SPOOL_RESET"
    assert sessions(client, "TEST-01")[-1]["end_time"] is not None
    assert tomar(client, "TEST-01", 94).status_code == 200


def test_reset_of_a_production_spool_is_403_reset_no_permitido(
    client: TestClient, admin: dict[str, str]
) -> None:
    with unchanged(client, APROBADO):
        response = client.post(f"/api/admin/spools/{APROBADO}/reset", headers=admin)
        assert_error(response, 403, "RESET_NO_PERMITIDO")


# --- Lease expiry and shared work -----------------------------------------------------------


def test_an_expired_lease_frees_the_spool_everywhere(client: TestClient, clock: FakeClock) -> None:
    taken_at = clock()
    assert tomar(client, "TEST-01", 93).status_code == 200
    occupied = client.get("/api/dashboard/occupied").json()
    assert "TEST-01" in [item["tag_spool"] for item in occupied]

    clock.advance(LEASE_SECONDS + 1)
    occupied = client.get("/api/dashboard/occupied").json()
    assert "TEST-01" not in [item["tag_spool"] for item in occupied]
    assert _listing(client, "/api/spools/ocupados", worker_id=93)["total"] == 0
    assert "TEST-01" in _tags(_listing(client, "/api/spools/iniciar", operacion="ARM", q="TEST"))
    found = spool(client, "TEST-01")
    assert (found["ocupado_por"], found["estado"]["arm"]) == (None, "PAUSADO")
    assert found["estado_detalle"] == "Disponible - ARM pausado, SOLD pendiente"

    assert tomar(client, "TEST-01", 94).status_code == 200
    first, second = sessions(client, "TEST-01")
    lease_end = taken_at + timedelta(seconds=LEASE_SECONDS)
    assert (first["worker_id"], first["end_reason"], first["end_time"]) == (
        93,
        "EXPIRADO",
        _local(lease_end),
    )
    assert (first["duration_seconds"], first["duration"]) == (LEASE_SECONDS, "1h 0m")
    assert (second["worker_id"], second["end_time"], second["end_reason"]) == (94, None, None)
    assert spool(client, "TEST-01")["armador"] == "MR(93)"


def test_an_expired_lease_ends_the_session_even_before_anyone_acts(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(5 * LEASE_SECONDS)
    [session] = sessions(client, "TEST-01")
    assert (session["end_reason"], session["duration_seconds"]) == ("EXPIRADO", LEASE_SECONDS)


def test_the_expired_holder_may_take_the_spool_again_in_a_new_session(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(LEASE_SECONDS + 60)
    again = tomar(client, "TEST-01", 93)
    assert again.status_code == 200, again.text
    assert datetime.fromisoformat(again.json()["lease_expires_at"]) == clock() + timedelta(
        seconds=LEASE_SECONDS
    )
    first, second = sessions(client, "TEST-01")
    assert (first["end_reason"], first["duration_seconds"]) == ("EXPIRADO", LEASE_SECONDS)
    assert (second["start_time"], second["end_reason"]) == (_local(clock()), None)


def test_the_dashboard_counts_no_expired_lease_as_occupied(
    client: TestClient, clock: FakeClock
) -> None:
    assert resumen(client)["ocupados"] > 0
    clock.advance(LEASE_SECONDS + 1)
    after = resumen(client)
    assert after["ocupados"] == 0
    assert after["arm"].get("EN_PROGRESO", 0) == 0
    assert after["sold"].get("EN_PROGRESO", 0) == 0
    assert client.get("/api/dashboard/occupied").json() == []


def test_a_second_worker_resuming_a_paused_arm_keeps_the_first_armador(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(30 * 60)
    assert pausar(client, "TEST-01", 93).status_code == 200
    clock.advance(5 * 60)
    assert tomar(client, "TEST-01", 94).status_code == 200
    assert spool(client, "TEST-01")["armador"] == "MR(93)"
    clock.advance(15 * 60)
    assert completar(client, "TEST-01", 94).status_code == 200

    assert spool(client, "TEST-01")["armador"] == "MR(93)"
    first, second = sessions(client, "TEST-01")
    assert (first["worker_nombre"], first["end_reason"], first["duration"]) == (
        "MR(93)",
        "PAUSAR",
        "0h 30m",
    )
    assert (second["worker_nombre"], second["end_reason"], second["duration"]) == (
        "JP(94)",
        "COMPLETAR",
        "0h 15m",
    )
    assert second["duration_seconds"] == 15 * 60


def test_history_lists_sessions_oldest_first_with_local_times(
    client: TestClient, clock: FakeClock
) -> None:
    start = clock()
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(45 * 60 + 30)
    response = client.get("/api/history/TEST-01")
    assert response.status_code == 200, response.text
    assert response.json()["tag_spool"] == "TEST-01"
    [session] = response.json()["sessions"]
    assert session == {
        "worker_id": 93,
        "worker_nombre": "MR(93)",
        "operacion": "ARM",
        "start_time": _local(start),
        "end_time": None,
        "duration": "0h 45m",
        "duration_seconds": 45 * 60 + 30,
        "end_reason": None,
    }


class TestLeasesThatNeverExpire:
    """ZEUES_LEASE_TTL_SECONDS=0: a session can last more than a day."""

    @pytest.fixture
    def database_url(self, empty_database_url: str) -> str:
        return empty_database_url  # seeded by the root `container` with this class's TTL

    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path) -> Settings:
        return Settings(
            database_url=database_url,
            data_dir=tmp_path,
            admin_token=ADMIN_TOKEN,
            lease_ttl_seconds=0,
        )

    def test_a_session_longer_than_a_day_keeps_its_hours(
        self, client: TestClient, clock: FakeClock
    ) -> None:
        taken = tomar(client, "TEST-01", 93)
        assert taken.status_code == 200, taken.text
        assert taken.json()["lease_expires_at"] is None
        clock.advance(26 * 3600 + 15 * 60)
        assert pausar(client, "TEST-01", 93).status_code == 200
        [session] = sessions(client, "TEST-01")
        assert (session["duration"], session["duration_seconds"]) == ("26h 15m", 94500)


# --- Listings -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/spools/iniciar", "/api/spools/disponible"])
def test_iniciar_lists_the_spools_an_operation_can_be_taken_on_now(
    client: TestClient, path: str
) -> None:
    found = _listing(client, path, operacion="ARM", q="TEST")
    assert sorted(_tags(found)) == [f"TEST-0{n}" for n in range(1, 6)]
    assert found["total"] == 5
    assert "ARM" in found["filtro_aplicado"]
    assert "TEST" in found["filtro_aplicado"]
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert "TEST-01" not in _tags(_listing(client, path, operacion="ARM", q="TEST"))


@pytest.mark.parametrize(
    ("operacion", "tag", "listed"),
    [
        pytest.param("ARM", FRESCO, True, id="arm-fresh"),
        pytest.param("ARM", ARM_PAUSADO, True, id="arm-paused"),
        pytest.param("ARM", ARM_COMPLETADO, False, id="arm-done"),
        pytest.param("ARM", ARM_TOMADO, False, id="arm-held"),
        pytest.param("ARM", SIN_MATERIALES, False, id="arm-no-materials"),
        pytest.param("ARM", BLOQUEADO, False, id="arm-blocked"),
        pytest.param("SOLD", ARM_COMPLETADO, True, id="sold-after-arm"),
        pytest.param("SOLD", ARM_PAUSADO, True, id="sold-arm-started"),
        pytest.param("SOLD", FRESCO, False, id="sold-arm-pending"),
        pytest.param("METROLOGIA", SOLDADO, True, id="metrologia-welded"),
        pytest.param("METROLOGIA", ARM_COMPLETADO, False, id="metrologia-not-welded"),
        pytest.param("METROLOGIA", RECHAZADO, False, id="metrologia-rejected"),
        pytest.param("METROLOGIA", APROBADO, False, id="metrologia-approved"),
        pytest.param("REPARACION", RECHAZADO, True, id="reparacion-rejected"),
        pytest.param("REPARACION", BLOQUEADO, False, id="reparacion-blocked"),
        pytest.param("REPARACION", SOLDADO, False, id="reparacion-not-rejected"),
    ],
)
def test_iniciar_lists_a_spool_only_when_its_operation_could_be_taken(
    client: TestClient, operacion: str, tag: str, listed: bool
) -> None:
    found = _listing(client, "/api/spools/iniciar", operacion=operacion, q=tag)
    assert (tag in _tags(found)) is listed


def test_iniciar_follows_a_spool_through_its_repair(client: TestClient) -> None:
    def listed(operacion: str) -> bool:
        found = _listing(client, "/api/spools/iniciar", operacion=operacion, q=RECHAZADO)
        return RECHAZADO in _tags(found)

    assert reparacion(client, "tomar", RECHAZADO).status_code == 200
    assert (listed("REPARACION"), listed("METROLOGIA")) == (False, False)
    assert reparacion(client, "pausar", RECHAZADO).status_code == 200
    assert (listed("REPARACION"), listed("METROLOGIA")) == (True, False)
    assert reparacion(client, "tomar", RECHAZADO).status_code == 200
    assert reparacion(client, "completar", RECHAZADO).status_code == 200
    assert (listed("REPARACION"), listed("METROLOGIA")) == (False, True)


def test_iniciar_lists_a_spool_again_once_its_lease_expired(
    client: TestClient, clock: FakeClock
) -> None:
    assert _listing(client, "/api/spools/iniciar", operacion="ARM", q=ARM_TOMADO)["total"] == 0
    clock.advance(LEASE_SECONDS)
    assert _tags(_listing(client, "/api/spools/iniciar", operacion="ARM", q=ARM_TOMADO)) == [
        ARM_TOMADO
    ]


def test_iniciar_pages_with_limit_and_offset(client: TestClient) -> None:
    pages = [
        _listing(client, "/api/spools/iniciar", operacion="ARM", q="TEST", limit=2, offset=offset)
        for offset in (0, 2, 4)
    ]
    assert [len(page["spools"]) for page in pages] == [2, 2, 1]
    assert {page["total"] for page in pages} == {5}
    every = [tag for page in pages for tag in _tags(page)]
    assert sorted(every) == [f"TEST-0{n}" for n in range(1, 6)]


@pytest.mark.parametrize(
    "path", ["/api/spools/ocupados", "/api/spools/completar", "/api/spools/cancelar"]
)
def test_ocupados_lists_the_spools_a_worker_holds(client: TestClient, path: str) -> None:
    demo_holds = _listing(client, path, worker_id=93)["total"]
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert tomar(client, ARM_COMPLETADO, 93, "SOLD").status_code == 200
    assert tomar(client, "TEST-02", 94).status_code == 200

    mine = _listing(client, path, worker_id=93)
    assert {"TEST-01", ARM_COMPLETADO} <= set(_tags(mine))
    assert "TEST-02" not in _tags(mine)
    assert mine["total"] == len(mine["spools"]) == demo_holds + 2
    assert "93" in mine["filtro_aplicado"]
    assert all(s["ocupado_por"] == "MR(93)" for s in mine["spools"])
    only_sold = _listing(client, path, worker_id=93, operacion="SOLD")
    assert ARM_COMPLETADO in _tags(only_sold)
    assert {s["operacion_actual"] for s in only_sold["spools"]} == {"SOLD"}
    assert _listing(client, path, worker_id=95)["total"] == 0  # a metrologist never holds


def test_ocupados_without_a_worker_lists_every_held_spool(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 94).status_code == 200
    found = _listing(client, "/api/spools/ocupados", limit=1000)
    occupied = client.get("/api/dashboard/occupied").json()
    assert sorted(_tags(found)) == sorted(item["tag_spool"] for item in occupied)
    assert found["total"] == len(occupied) == resumen(client)["ocupados"]
    assert "TEST-01" in _tags(found)


def test_reparacion_lists_rejected_and_blocked_spools(client: TestClient) -> None:
    found = _listing(client, "/api/spools/reparacion")
    assert found["bloqueados"] == 1
    assert found["total"] >= 2
    assert isinstance(found["filtro_aplicado"], str) and found["filtro_aplicado"]
    by_tag = {
        item["tag_spool"]: item
        for item in _listing(client, "/api/spools/reparacion", limit=1000)["spools"]
    }
    assert by_tag[BLOQUEADO] == {
        "tag_spool": BLOQUEADO,
        "estado_detalle": "BLOQUEADO - Contactar supervisor",
        "fecha_rechazo": TODAY,
        "cycle": 3,
        "bloqueado": True,
    }
    assert by_tag[RECHAZADO]["cycle"] == 2
    assert by_tag[RECHAZADO]["bloqueado"] is False
    assert SOLDADO not in by_tag
    assert APROBADO not in by_tag


def test_reparacion_filters_by_tag_and_pages(client: TestClient) -> None:
    one = _listing(client, "/api/spools/reparacion", q=RECHAZADO)
    assert ([i["tag_spool"] for i in one["spools"]], one["total"]) == ([RECHAZADO], 1)
    assert RECHAZADO in one["filtro_aplicado"]
    page = _listing(client, "/api/spools/reparacion", limit=3, offset=1)
    assert len(page["spools"]) == 3


@pytest.mark.parametrize(
    ("path", "params"),
    [
        pytest.param("/api/spools/iniciar", {"operacion": "PINTURA"}, id="iniciar-bad-enum"),
        pytest.param("/api/spools/iniciar", {}, id="iniciar-missing-operacion"),
        pytest.param("/api/spools/disponible", {"operacion": "arm"}, id="disponible-lowercase"),
        pytest.param("/api/spools/ocupados", {"operacion": "PINTURA"}, id="ocupados-bad-enum"),
        pytest.param(
            "/api/spools/iniciar", {"operacion": "ARM", "limit": 0}, id="iniciar-limit-zero"
        ),
        pytest.param(
            "/api/spools/iniciar", {"operacion": "ARM", "offset": -1}, id="iniciar-negative-offset"
        ),
        pytest.param("/api/spools/ocupados", {"worker_id": "abc"}, id="ocupados-bad-worker"),
    ],
)
def test_a_listing_with_invalid_parameters_is_422(
    client: TestClient, path: str, params: dict[str, Any]
) -> None:
    assert_validation_error(client.get(path, params=params))


# --- Workers and dashboard ------------------------------------------------------------------


def test_workers_lists_only_active_workers_with_their_short_names(client: TestClient) -> None:
    found = _listing(client, "/api/workers")
    workers = {w["id"]: w for w in found["workers"]}
    assert found["total"] == len(found["workers"]) >= 60
    assert 98 not in workers
    assert all(w["activo"] for w in workers.values())
    assert workers[93] == {
        "id": 93,
        "nombre": "Mauricio",
        "apellido": "Rodriguez",
        "rol": "Armador",
        "roles": ["Armador", "Soldador", "Metrologia"],
        "activo": True,
        "nombre_completo": "MR(93)",
    }
    assert workers[94]["nombre_completo"] == "JP(94)"
    assert {93, 94, 95, 96, 97} <= set(workers)


@pytest.mark.parametrize(
    ("worker", "roles"),
    [(93, ["Armador", "Soldador", "Metrologia"]), (95, ["Metrologia"]), (97, ["Supervisor"])],
)
def test_worker_roles_lists_the_roles_of_an_active_worker(
    client: TestClient, worker: int, roles: list[str]
) -> None:
    response = client.get(f"/api/workers/{worker}/roles")
    assert response.status_code == 200, response.text
    assert response.json() == {"worker_id": worker, "roles": roles}


def test_resumen_counts_spools_per_state(client: TestClient) -> None:
    before = resumen(client)
    assert before["total"] == 2005
    assert before["bloqueados"] == 1
    assert sum(before["arm"].values()) == before["total"]
    assert sum(before["sold"].values()) == before["total"]
    assert sum(before["metrologia"].values()) == before["total"]
    assert tomar(client, "TEST-01", 93).status_code == 200
    after = resumen(client)
    assert after["ocupados"] == before["ocupados"] + 1
    assert after["arm"]["EN_PROGRESO"] == before["arm"]["EN_PROGRESO"] + 1
    assert after["arm"]["PENDIENTE"] == before["arm"]["PENDIENTE"] - 1


def test_dashboard_occupied_lists_holders_most_recent_first(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(60)
    assert tomar(client, "TEST-02", 94).status_code == 200
    occupied = client.get("/api/dashboard/occupied").json()
    assert [item["tag_spool"] for item in occupied[:2]] == ["TEST-02", "TEST-01"]
    assert occupied[1] == {
        "tag_spool": "TEST-01",
        "worker_id": 93,
        "worker_nombre": "MR(93)",
        "operacion": "ARM",
        "estado_detalle": "MR(93) trabajando ARM (ARM en progreso, SOLD pendiente)",
        "fecha_ocupacion": "2026-11-23T09:00:00-03:00",
        "lease_expires_at": "2026-11-23T10:00:00-03:00",
    }
    stamps = [datetime.fromisoformat(item["fecha_ocupacion"]) for item in occupied]
    assert stamps == sorted(stamps, reverse=True)


# --- Idempotency-Key ------------------------------------------------------------------------


def test_a_repeated_idempotency_key_replays_the_first_response_and_writes_nothing(
    client: TestClient,
) -> None:
    key = {"Idempotency-Key": "tablet-7-attempt-1"}
    body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    first = client.post("/api/occupation/tomar", json=body, headers=key)
    assert first.status_code == 200, first.text
    assert pausar(client, "TEST-01", 93).status_code == 200

    with unchanged(client, "TEST-01"):
        replay = client.post("/api/occupation/tomar", json=body, headers=key)
        assert replay.status_code == 200, replay.text
        assert replay.json() == first.json()
    assert spool(client, "TEST-01")["estado"]["arm"] == "PAUSADO"
    assert event_types(client, "TEST-01") == ["TOMAR_SPOOL", "PAUSAR_SPOOL"]


def test_a_repeated_idempotency_key_replays_an_error_too(client: TestClient) -> None:
    key = {"Idempotency-Key": "tablet-7-attempt-2"}
    body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    first = client.post("/api/occupation/pausar", json=body, headers=key)
    assert_error(first, 400, "OPERACION_NO_INICIADA")
    assert tomar(client, "TEST-01", 93).status_code == 200
    replay = client.post("/api/occupation/pausar", json=body, headers=key)
    assert (replay.status_code, replay.json()) == (400, first.json())
    assert spool(client, "TEST-01")["ocupado_por"] == "MR(93)"


def test_an_idempotency_key_reused_with_another_body_is_422(client: TestClient) -> None:
    key = {"Idempotency-Key": "tablet-7-attempt-3"}
    body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    assert client.post("/api/occupation/tomar", json=body, headers=key).status_code == 200
    with unchanged(client, "TEST-01", "TEST-02"):
        other = client.post(
            "/api/occupation/tomar", json={**body, "tag_spool": "TEST-02"}, headers=key
        )
        assert_validation_error(other)


def test_the_same_idempotency_key_on_another_route_is_another_request(client: TestClient) -> None:
    key = {"Idempotency-Key": "tablet-7-" + "x" * 191}  # the longest key: 200 characters
    body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    assert client.post("/api/occupation/tomar", json=body, headers=key).status_code == 200
    paused = client.post("/api/occupation/pausar", json=body, headers=key)
    assert paused.status_code == 200, paused.text
    assert event_types(client, "TEST-01") == ["TOMAR_SPOOL", "PAUSAR_SPOOL"]
    replay = client.post("/api/occupation/pausar", json=body, headers=key)
    assert (replay.status_code, replay.json()) == (200, paused.json())
    assert event_types(client, "TEST-01") == ["TOMAR_SPOOL", "PAUSAR_SPOOL"]


def test_an_idempotency_key_older_than_24_hours_runs_the_request_again(
    client: TestClient, clock: FakeClock
) -> None:
    key = {"Idempotency-Key": "tablet-7-yesterday"}
    body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    assert client.post("/api/occupation/tomar", json=body, headers=key).status_code == 200
    assert pausar(client, "TEST-01", 93).status_code == 200
    clock.advance(24 * 3600 + 1)
    again = client.post("/api/occupation/tomar", json=body, headers=key)
    assert again.status_code == 200, again.text
    assert spool(client, "TEST-01")["ocupado_por"] == "MR(93)"
    assert event_types(client, "TEST-01") == ["TOMAR_SPOOL", "PAUSAR_SPOOL", "TOMAR_SPOOL"]


def test_an_idempotency_key_replays_a_batch(client: TestClient) -> None:
    key = {"Idempotency-Key": "tablet-7-batch"}
    body = {"tag_spools": ["TEST-01", "TEST-02"], "worker_id": 93, "operacion": "ARM"}
    first = client.post("/api/occupation/batch-tomar", json=body, headers=key)
    assert first.json()["succeeded"] == 2
    assert pausar(client, "TEST-01", 93).status_code == 200
    with unchanged(client, "TEST-01", "TEST-02"):
        replay = client.post("/api/occupation/batch-tomar", json=body, headers=key)
    assert replay.json() == first.json()


# --- Health, metrics, unknown routes --------------------------------------------------------


def test_health_reports_a_healthy_database_and_redis_disabled(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200, response.text
    found = response.json()
    assert (found["status"], found["operational"]) == ("healthy", True)
    assert (found["database"], found["sheets_connection"]) == ("ok", "ok")
    assert found["redis_connection"] == "disabled"
    assert found["version"] and found["environment"]
    assert datetime.fromisoformat(found["timestamp"]).utcoffset() == SANTIAGO_SUMMER
    assert isinstance(found["details"], dict)


@pytest.mark.parametrize(
    ("path", "status"), [("/api/health/live", 200), ("/api/health/ready", 200)]
)
def test_liveness_and_readiness_answer_200_with_a_working_database(
    client: TestClient, path: str, status: int
) -> None:
    assert client.get(path).status_code == status


def test_redis_health_and_pool_stats_say_disabled_without_redis(client: TestClient) -> None:
    health = client.get("/api/redis-health")
    assert health.status_code == 200, health.text
    assert health.json()["status"] == "disabled"
    assert health.json()["operational"] is True
    assert health.json()["message"]
    stats = client.get("/api/redis-connection-stats")
    assert stats.status_code == 200, stats.text
    assert stats.json()["status"] == "disabled"
    assert stats.json()["alert"] is None
    assert stats.json()["sse_clients"] == 0


def test_metrics_expose_requests_by_route_template_and_sse_clients(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert_error(tomar(client, "TEST-01", 94), 409, "SPOOL_OCCUPIED")
    spool(client, "TEST-01")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.text
    assert "zeues_http_requests_total" in text
    assert "zeues_sse_clients" in text
    assert 'route="/api/occupation/tomar"' in text
    assert 'route="/api/spools/{tag}"' in text
    assert "TEST-01" not in text
    assert 'status="409"' in text
    assert "zeues_occupation_conflicts_total 1.0" in text
    assert "zeues_http_request_duration_seconds_bucket" in text


def test_a_wrong_method_is_405_in_the_error_shape_with_a_spanish_message(
    client: TestClient,
) -> None:
    response = client.put("/api/occupation/tomar", json={})
    assert response.status_code == 405
    found = response.json()
    assert set(found) == {"error", "detail", "message", "data"}
    assert found["detail"] == found["message"]
    assert looks_spanish(found["message"]), found["message"]


@pytest.mark.parametrize("path", ["/api/no-existe", "/api/occupation/tomar/extra", "/nada"])
def test_an_unknown_route_is_404_in_the_error_shape(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    found = response.json()
    assert set(found) == {"error", "detail", "message", "data"}
    assert isinstance(found["error"], str) and found["error"]
    assert found["detail"] == found["message"]
    assert looks_spanish(found["message"]), found["message"]
    assert found["data"] == {}


def test_admin_upsert_keeps_the_master_data_it_was_not_sent(
    client: TestClient, admin: dict[str, str]
) -> None:
    body = {"tag_spool": "NEW-77", "fecha_materiales": "2026-11-01", "nv": "NV-1", "ot": "OT-1"}
    assert client.post("/api/admin/spools", json=body, headers=admin).status_code == 200
    partial = {"tag_spool": "NEW-77", "ot": "OT-9"}
    assert client.post("/api/admin/spools", json=partial, headers=admin).json()["created"] is False
    after = spool(client, "NEW-77")
    assert (after["fecha_materiales"], after["nv"], after["ot"]) == ("2026-11-01", "NV-1", "OT-9")


def test_admin_worker_names_cannot_be_blank(client: TestClient, admin: dict[str, str]) -> None:
    body = {"id": 300, "nombre": "  ", "apellido": "Soto", "roles": ["Armador"]}
    response = client.post("/api/admin/workers", json=body, headers=admin)
    assert response.status_code == 422
    assert "nombre" in response.json()["message"]
