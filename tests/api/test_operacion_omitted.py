"""PAUSAR and COMPLETAR without `operacion` (v3.0 tablets never send it on COMPLETAR): the
server uses the operation this worker holds on this spool, or answers what the command would."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    BLOQUEADO,
    RECHAZADO,
    assert_error,
    event_types,
    spool,
    tomar,
    unchanged,
)
from tests.conftest import FakeClock

PAUSAR_URL = "/api/occupation/pausar"
COMPLETAR_URL = "/api/occupation/completar"


def _v3_completar(tag: str, worker: int, **extra: Any) -> dict[str, Any]:
    """Exactly what a v3.0 tablet sends: no operacion, a DD-MM-YYYY date."""
    body = {
        "tag_spool": tag,
        "worker_id": worker,
        "worker_nombre": "MR(93)",
        "fecha_operacion": "23-11-2026",
    }
    return {**body, **extra}


@pytest.mark.parametrize("op", ["ARM", "SOLD"])
def test_completar_without_operacion_completes_the_operation_this_worker_holds(
    client: TestClient, op: str
) -> None:
    if op == "SOLD":
        assert tomar(client, "TEST-01", 93, "ARM").status_code == 200
        done = client.post(COMPLETAR_URL, json=_v3_completar("TEST-01", 93))
        assert done.status_code == 200, done.text
    assert tomar(client, "TEST-01", 93, op).status_code == 200
    response = client.post(COMPLETAR_URL, json=_v3_completar("TEST-01", 93))
    assert response.status_code == 200, response.text
    assert response.json()["operacion"] == op
    estado = spool(client, "TEST-01")["estado"]
    assert estado[op.lower()] == "COMPLETADO"
    assert event_types(client, "TEST-01")[-1] == f"COMPLETAR_{op}"


def test_pausar_without_operacion_pauses_the_operation_this_worker_holds(
    client: TestClient,
) -> None:
    assert tomar(client, "TEST-02", 94, "ARM").status_code == 200
    body = {"tag_spool": "TEST-02", "worker_id": 94}
    response = client.post(PAUSAR_URL, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["operacion"] == "ARM"
    assert spool(client, "TEST-02")["estado"]["arm"] == "PAUSADO"


def test_an_explicit_null_operacion_is_the_same_as_omitting_it(client: TestClient) -> None:
    assert tomar(client, "TEST-02", 94, "ARM").status_code == 200
    body = {"tag_spool": "TEST-02", "worker_id": 94, "operacion": None}
    response = client.post(PAUSAR_URL, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["operacion"] == "ARM"
    after = spool(client, "TEST-02")
    assert (after["estado"]["arm"], after["ocupado_por"]) == ("PAUSADO", None)
    assert event_types(client, "TEST-02") == ["TOMAR_SPOOL", "PAUSAR_SPOOL"]


def test_completar_without_operacion_completes_a_held_repair(client: TestClient) -> None:
    assert tomar(client, RECHAZADO, 96, "REPARACION").status_code == 200
    response = client.post(COMPLETAR_URL, json=_v3_completar(RECHAZADO, 96))
    assert response.status_code == 200, response.text
    assert response.json()["operacion"] == "REPARACION"
    assert event_types(client, RECHAZADO)[-1] == "COMPLETAR_REPARACION"


@pytest.mark.parametrize("url", [PAUSAR_URL, COMPLETAR_URL])
def test_without_operacion_a_worker_holding_nothing_gets_400_operacion_no_iniciada(
    client: TestClient, url: str
) -> None:
    with unchanged(client, "TEST-03"):
        response = client.post(url, json=_v3_completar("TEST-03", 93))
    found = assert_error(response, 400, "OPERACION_NO_INICIADA")
    assert "MR(93)" in found["message"] and "TEST-03" in found["message"]


def test_without_operacion_a_spool_someone_else_holds_is_400_naming_the_holder(
    client: TestClient,
) -> None:
    assert tomar(client, "TEST-04", 94, "ARM").status_code == 200
    with unchanged(client, "TEST-04"):
        response = client.post(COMPLETAR_URL, json=_v3_completar("TEST-04", 93))
    found = assert_error(response, 400, "OPERACION_NO_INICIADA")
    assert "JP(94)" in found["message"]
    assert spool(client, "TEST-04")["ocupado_por"] == "JP(94)"


@pytest.mark.parametrize("url", [PAUSAR_URL, COMPLETAR_URL])
def test_without_operacion_the_worker_of_a_lapsed_hold_nobody_took_closes_it(
    client: TestClient, clock: FakeClock, url: str
) -> None:
    assert tomar(client, "TEST-05", 93, "ARM").status_code == 200
    clock.advance(3601)
    response = client.post(url, json=_v3_completar("TEST-05", 93))
    assert response.status_code == 200, response.text
    assert response.json()["operacion"] == "ARM"


@pytest.mark.parametrize("url", [PAUSAR_URL, COMPLETAR_URL])
def test_without_operacion_the_worker_of_a_lapsed_hold_someone_took_gets_410(
    client: TestClient, clock: FakeClock, url: str
) -> None:
    assert tomar(client, "TEST-05", 93, "ARM").status_code == 200
    clock.advance(3601)
    assert tomar(client, "TEST-05", 94, "ARM").status_code == 200
    with unchanged(client, "TEST-05"):
        response = client.post(url, json=_v3_completar("TEST-05", 93))
    found = assert_error(response, 410, "LOCK_EXPIRED")
    assert found["data"]["owner_name"] == "JP(94)"


def test_without_operacion_a_blocked_spool_is_403_spool_bloqueado(client: TestClient) -> None:
    with unchanged(client, BLOQUEADO):
        response = client.post(COMPLETAR_URL, json=_v3_completar(BLOQUEADO, 93))
    assert_error(response, 403, "SPOOL_BLOQUEADO")


def test_without_operacion_an_unknown_spool_is_still_404(client: TestClient) -> None:
    response = client.post(COMPLETAR_URL, json=_v3_completar("FAKE-999", 93))
    assert_error(response, 404, "SPOOL_NO_ENCONTRADO")


def test_with_operacion_sent_nothing_changes_a_held_arm_completed_as_sold_is_still_refused(
    client: TestClient,
) -> None:
    assert tomar(client, "TEST-01", 93, "ARM").status_code == 200
    response = client.post(COMPLETAR_URL, json=_v3_completar("TEST-01", 93, operacion="SOLD"))
    assert_error(response, 400, "OPERACION_NO_INICIADA")
    assert spool(client, "TEST-01")["estado"]["arm"] == "EN_PROGRESO"


def test_the_openapi_schema_documents_operacion_as_optional_on_pausar_and_completar(
    client: TestClient,
) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for name in ("PausarRequest", "CompletarRequest"):
        assert "operacion" not in schemas[name]["required"]
        assert "OPERACION_NO_INICIADA" in schemas[name]["properties"]["operacion"]["description"]
    assert "operacion" in schemas["OccupationRequest"]["required"]  # TOMAR still needs it
