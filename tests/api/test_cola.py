"""GET /api/cola: the worker app's queue of one operation, grouped by the TOMAR decision."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import (
    ARM_COMPLETADO,
    BLOQUEADO,
    FRESCO,
    RECHAZADO,
    SIN_MATERIALES,
    assert_error,
    assert_validation_error,
    tomar,
)
from zeues.api.models.responses import ColaResponse


def _cola(client: TestClient, worker: int, op: str) -> dict[str, Any]:
    response = client.get("/api/cola", params={"worker_id": worker, "operacion": op})
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    ColaResponse.model_validate(found)  # the documented shape (the route writes plain dicts)
    return found


def _by_tag(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["tag_spool"]: item for item in items}


def test_the_queue_puts_my_spools_available_ones_and_refused_ones_with_their_reason(
    client: TestClient,
) -> None:
    assert tomar(client, FRESCO, 94).status_code == 200
    assert tomar(client, "TEST-01", 93).status_code == 200
    mine = _cola(client, 93, "ARM")
    assert "TEST-01" in _by_tag(mine["mios"])
    assert "TEST-02" in _by_tag(mine["disponibles"])
    refused = _by_tag(mine["no_disponibles"])
    assert refused[FRESCO]["error"] == "SPOOL_OCCUPIED"
    assert refused[FRESCO]["motivo"].startswith("ocupado por JP(94) desde ")
    assert refused[SIN_MATERIALES]["motivo"] == "faltan materiales"
    # Completed ARM is not in the ARM queue at all.
    every = {**_by_tag(mine["mios"]), **_by_tag(mine["disponibles"]), **refused}
    assert ARM_COMPLETADO not in every
    sold = _by_tag(_cola(client, 93, "SOLD")["no_disponibles"])
    assert sold["TEST-02"]["motivo"] == "falta ARM"
    assert sold["TEST-02"]["error"] == "DEPENDENCIAS_NO_SATISFECHAS"


def test_the_repair_queue_lists_rejected_spools_for_anyone(client: TestClient) -> None:
    queue = _cola(client, 96, "REPARACION")
    assert RECHAZADO in _by_tag(queue["disponibles"])
    assert (
        _by_tag(queue["no_disponibles"])[BLOQUEADO]["motivo"] == "bloqueado – contactar supervisor"
    )
    assert BLOQUEADO in _by_tag(_cola(client, 95, "METROLOGIA")["no_disponibles"])
    assert "TEST-01" not in _by_tag(queue["no_disponibles"])


def test_the_queue_of_an_unknown_or_inactive_worker_is_404(client: TestClient) -> None:
    for worker in (9999, 98):
        response = client.get("/api/cola", params={"worker_id": worker, "operacion": "ARM"})
        assert_error(response, 404, "WORKER_NO_ENCONTRADO")


def test_the_queue_needs_a_known_operation(client: TestClient) -> None:
    response = client.get("/api/cola", params={"worker_id": 93, "operacion": "PINTURA"})
    assert_validation_error(response)
