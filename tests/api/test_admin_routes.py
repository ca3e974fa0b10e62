"""The admin router: supervisor unblock/force-release and master-data upserts and resets."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    APROBADO,
    ARM_TOMADO,
    BLOQUEADO,
    TODAY,
    assert_error,
    event_types,
    events,
    local_time,
    metrologia,
    pausar,
    reject_and_repair,
    reparacion,
    sessions,
    spool,
    tomar,
    unchanged,
    welded,
)
from tests.conftest import FakeClock


def test_the_third_rejection_blocks_until_a_supervisor_unblocks(
    client: TestClient, admin: dict[str, str]
) -> None:
    welded(client, "TEST-04")
    reject_and_repair(client, "TEST-04", 1)
    reject_and_repair(client, "TEST-04", 2)
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
    assert session["end_time"] == local_time(clock())
    forced = events(client, "TEST-01")[-1]
    assert (forced["evento_tipo"], forced["worker_id"]) == ("LIBERACION_FORZADA", 97)
    assert forced["metadata"]["motivo"] == "Tablet abandonada"
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert_error(pausar(client, "TEST-01", 94), 403, "NO_AUTORIZADO")


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
