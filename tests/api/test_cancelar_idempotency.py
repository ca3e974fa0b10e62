"""POST /api/cancelar-reparacion honours Idempotency-Key like the /api/occupation commands (the
tablet app retries a cancel with the same key after a lost connection)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import RECHAZADO, event_types, tomar


def test_a_repeated_cancel_with_the_same_key_replays_the_answer_and_cancels_once(
    client: TestClient,
) -> None:
    assert tomar(client, RECHAZADO, 96, "REPARACION").status_code == 200
    body = {"tag_spool": RECHAZADO, "worker_id": 96}
    headers = {"Idempotency-Key": "cancel-1"}
    first = client.post("/api/cancelar-reparacion", json=body, headers=headers)
    again = client.post("/api/cancelar-reparacion", json=body, headers=headers)
    assert first.status_code == again.status_code == 200, first.text
    assert again.json() == first.json()
    assert event_types(client, RECHAZADO).count("CANCELAR_REPARACION") == 1
    # Without the key the second cancel is decided again: nothing in repair any more.
    third = client.post("/api/cancelar-reparacion", json=body)
    assert third.status_code == 400
    assert third.json()["error"] == "OPERACION_NO_INICIADA"
