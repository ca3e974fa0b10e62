"""History, audit events and the dashboard read routes."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from tests.api.helpers import (
    EVENT_FIELDS,
    completar,
    events,
    local_time,
    pausar,
    resumen,
    spool,
    tomar,
)
from tests.conftest import FakeClock


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
        "start_time": local_time(start),
        "end_time": None,
        "duration": "0h 45m",
        "duration_seconds": 45 * 60 + 30,
        "end_reason": None,
        "uniones": None,  # a spool without unions (issue 21)
        "pd": None,
    }


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
        "estado_texto": "MR(93) trabajando en ARM · ARM en progreso, SOLD pendiente",
        "fecha_ocupacion": "2026-11-23T09:00:00-03:00",
        "lease_expires_at": "2026-11-23T10:00:00-03:00",
    }
    stamps = [datetime.fromisoformat(item["fecha_ocupacion"]) for item in occupied]
    assert stamps == sorted(stamps, reverse=True)
