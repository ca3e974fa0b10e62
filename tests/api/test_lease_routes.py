"""A hold follows the work (CONTRACT §1.2): the tablet's renewal (POST /api/occupation/renovar)
and the holder's TOMAR push the lease forward without audit events; a lapsed hold stays the
worker's in their queue until someone else takes the spool."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests.api.helpers import (
    LEASE_SECONDS,
    assert_validation_error,
    events,
    sessions,
    spool,
    tomar,
)
from tests.conftest import FakeClock
from zeues.config import Settings

RENOVAR_URL = "/api/occupation/renovar"


def renovar(client: TestClient, worker: int, *tags: str) -> Response:
    return client.post(RENOVAR_URL, json={"tag_spools": list(tags), "worker_id": worker})


def detail(response: Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    (found,) = response.json()["details"]
    assert isinstance(found, dict)
    return found


def test_the_default_lease_lasts_a_shift() -> None:
    assert Settings(_env_file=None).lease_ttl_seconds == 36000  # type: ignore[call-arg]


def test_the_tablet_renews_a_hold_without_an_audit_event(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(1800)
    found = detail(renovar(client, 93, "TEST-01"))
    expected = clock() + timedelta(seconds=LEASE_SECONDS)
    assert found["success"] is True and found["operacion"] == "ARM"
    assert datetime.fromisoformat(found["lease_expires_at"]) == expected
    assert datetime.fromisoformat(spool(client, "TEST-01")["lease_expires_at"]) == expected
    assert [e["evento_tipo"] for e in events(client, "TEST-01")] == ["TOMAR_SPOOL"]


def test_a_hold_the_tablet_keeps_renewing_outlives_its_first_lease(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    for _ in range(3):  # three hours of work, the tablet renewing every 50 minutes
        clock.advance(3000)
        assert detail(renovar(client, 93, "TEST-01"))["success"] is True
    taken = tomar(client, "TEST-01", 94)
    assert taken.status_code == 409, taken.text
    (session,) = sessions(client, "TEST-01")
    assert session["end_time"] is None and session["duration_seconds"] == 9000
    assert client.get("/api/dashboard/occupied").json()[0]["tag_spool"] == "TEST-01"


def test_a_renewal_within_a_minute_of_the_last_one_writes_nothing(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(30)
    version = spool(client, "TEST-01")["version"]
    found = detail(renovar(client, 93, "TEST-01"))
    assert found["success"] is True
    assert spool(client, "TEST-01")["version"] == version


def test_renewing_a_lapsed_hold_nobody_took_says_it_lapsed_and_can_still_be_closed(
    client: TestClient, clock: FakeClock
) -> None:
    taken = tomar(client, "TEST-01", 93)
    clock.advance(LEASE_SECONDS + 60)
    found = detail(renovar(client, 93, "TEST-01"))
    assert (found["success"], found["error"], found["retomable"]) == (False, "LOCK_EXPIRED", True)
    assert found["vencida_at"] == taken.json()["lease_expires_at"]
    assert "Nadie lo ha tomado" in found["message"]
    assert spool(client, "TEST-01")["ocupado_por"] is None  # a renewal never takes it back


def test_renewing_a_spool_someone_else_took_after_the_lapse_is_lock_expired(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(LEASE_SECONDS + 60)
    assert tomar(client, "TEST-01", 94).status_code == 200
    found = detail(renovar(client, 93, "TEST-01"))
    assert (found["error"], found["retomable"]) == ("LOCK_EXPIRED", False)
    assert "JP(94) lo tiene ahora" in found["message"]


def test_renewing_answers_each_spool_on_its_own(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert tomar(client, "TEST-02", 94).status_code == 200
    response = renovar(client, 93, "TEST-01", "TEST-02", "TEST-03", "FAKE-999")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["total"], body["succeeded"], body["failed"]) == (4, 1, 3)
    codes = {d["tag_spool"]: d["error"] for d in body["details"]}
    assert codes == {
        "TEST-01": None,
        "TEST-02": "NO_AUTORIZADO",
        "TEST-03": "OPERACION_NO_INICIADA",
        "FAKE-999": "SPOOL_NO_ENCONTRADO",
    }


def test_a_malformed_renewal_is_a_422_in_spanish(client: TestClient) -> None:
    assert_validation_error(client.post(RENOVAR_URL, json={"tag_spools": [], "worker_id": 93}))
    repeated = {"tag_spools": ["TEST-01", "TEST-01"], "worker_id": 93}
    assert_validation_error(client.post(RENOVAR_URL, json=repeated))


def test_the_queue_keeps_a_lapsed_hold_nobody_took_among_the_workers_own(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(LEASE_SECONDS + 60)
    cola = client.get("/api/cola", params={"worker_id": 93, "operacion": "ARM"}).json()
    (mine,) = [s for s in cola["mios"] if s["tag_spool"] == "TEST-01"]
    assert mine["toma_vencida"] is True and mine["ocupado_por_id"] == 93
    acciones = client.get("/api/spools/TEST-01/acciones", params={"worker_id": 93}).json()
    allowed = {(a["operacion"], a["accion"]) for a in acciones["acciones"] if a["permitida"]}
    assert {("ARM", "PAUSAR"), ("ARM", "COMPLETAR"), ("ARM", "TOMAR")} <= allowed
    other = client.get("/api/cola", params={"worker_id": 94, "operacion": "ARM"}).json()
    assert "TEST-01" in [s["tag_spool"] for s in other["disponibles"]]
