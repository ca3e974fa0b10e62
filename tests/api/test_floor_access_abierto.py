"""`abierto`, the default floor access mode (issue 22): v3.0's floor, unchanged. A write needs no
session and a session header is ignored; PINs and sessions still work for tablets that ask."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import events, spool, tomar


def test_a_write_needs_no_session_and_a_session_header_is_ignored(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    body = {"tag_spool": "TEST-02", "worker_id": 94, "operacion": "ARM"}
    made_up = {"X-Worker-Session": "not-a-session"}
    assert client.post("/api/occupation/tomar", json=body, headers=made_up).status_code == 200
    assert spool(client, "TEST-02")["ocupado_por"] == "JP(94)"
    # No session acted: the audit rows carry no session.
    assert "sesion_id" not in events(client, "TEST-02")[0]["metadata"]


def test_the_mode_is_said_and_a_pin_still_opens_a_session(client: TestClient) -> None:
    assert client.get("/api/health").json()["floor_auth"] == "abierto"
    assert client.get("/api/acceso").json()["requiere_sesion"] is False
    opened = client.post("/api/sesiones", json={"worker_id": 93, "pin": "9393"})
    assert opened.status_code == 200 and opened.json()["modo"] == "abierto"
