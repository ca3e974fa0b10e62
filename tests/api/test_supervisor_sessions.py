"""Supervisor accounts (issue 22, CONTRACT §2.8): a supervisor signs in to the console with their
own PIN, the console's routes take that session like the admin token, the audit names the
supervisor who unblocked or released, and a supervisor cannot act in someone else's name."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import ARM_TOMADO, BLOQUEADO, assert_error, events, spool
from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_HEADERS


def console(client: TestClient, worker: int = 97, pin: str = "9797") -> dict[str, str]:
    answer = client.post("/api/supervisor/sesion", json={"worker_id": worker, "pin": pin})
    assert answer.status_code == 200, answer.text
    assert answer.json()["worker_nombre"] == "AF(97)"
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def override(
    client: TestClient, route: str, tag: str, supervisor: int, headers: dict[str, str]
) -> Any:
    body = {"tag_spool": tag, "supervisor_id": supervisor, "motivo": "Revisado en terreno"}
    return client.post(f"/api/supervisor/{route}", json=body, headers=headers)


def test_the_audit_names_the_supervisor_who_unblocked_and_released(client: TestClient) -> None:
    mine = console(client)
    assert override(client, "desbloquear", BLOQUEADO, 97, mine).status_code == 200
    assert override(client, "liberar", ARM_TOMADO, 97, mine).status_code == 200
    for tag in (BLOQUEADO, ARM_TOMADO):
        last = events(client, tag)[-1]
        assert (last["worker_id"], last["worker_nombre"]) == (97, "AF(97)")
        assert isinstance(last["metadata"]["sesion_id"], int)


def test_a_supervisor_cannot_act_in_another_supervisors_name(client: TestClient) -> None:
    mine = console(client)
    before = spool(client, BLOQUEADO)
    refused = assert_error(
        override(client, "desbloquear", BLOQUEADO, 93, mine), 403, "SESION_DE_OTRO_TRABAJADOR"
    )
    assert refused["data"] == {"sesion_worker_id": 97, "worker_id": 93}
    assert spool(client, BLOQUEADO) == before


def test_only_a_supervisor_signs_in_to_the_console(client: TestClient) -> None:
    refused = client.post("/api/supervisor/sesion", json={"worker_id": 93, "pin": "9393"})
    assert_error(refused, 403, "ROL_NO_AUTORIZADO")
    wrong = client.post("/api/supervisor/sesion", json={"worker_id": 97, "pin": "1111"})
    assert_error(wrong, 401, "PIN_INCORRECTO")
    # A floor session of the same supervisor is no console credential.
    floor = client.post("/api/sesiones", json={"worker_id": 97, "pin": "9797"}).json()["token"]
    as_floor = {"Authorization": f"Bearer {floor}"}
    assert_error(client.get("/api/admin/pines", headers=as_floor), 403, "FORBIDDEN")


def test_the_console_session_opens_the_admin_routes_until_it_ends(
    client: TestClient, clock: FakeClock
) -> None:
    mine = console(client)
    assert client.get("/api/admin/pines", headers=mine).status_code == 200
    assert client.get("/api/supervisor/produccion", headers=mine).status_code == 200
    token = mine["Authorization"].removeprefix("Bearer ")
    ended = client.post("/api/sesiones/cerrar", headers={"X-Worker-Session": token})
    assert ended.json()["cerrada"] is True
    assert_error(client.get("/api/admin/pines", headers=mine), 403, "FORBIDDEN")
    later = console(client)
    clock.advance(12 * 3600)
    assert_error(client.get("/api/admin/pines", headers=later), 403, "FORBIDDEN")


def test_the_admin_token_still_works_for_automation(client: TestClient) -> None:
    assert override(client, "desbloquear", BLOQUEADO, 97, ADMIN_HEADERS).status_code == 200
    assert "sesion_id" not in events(client, BLOQUEADO)[-1]["metadata"]
