"""Screens read the state in plain words (issue 20, item 4): `estado_texto` beside the
contract's `estado_detalle`, with «usted» for the worker who asks about their own spool, and
dates in messages as the shop writes them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from tests.api.helpers import assert_validation_error, spool, tomar
from zeues.api.presenters.stream import stream_payload
from zeues.domain.model import AuditEvent, EventoTipo, Operacion

ME = 93


def test_the_queue_and_the_card_say_usted_for_ones_own_hold(client: TestClient) -> None:
    assert tomar(client, "TEST-01", ME).status_code == 200
    cola = client.get("/api/cola", params={"worker_id": ME, "operacion": "ARM"}).json()
    (mine,) = [s for s in cola["mios"] if s["tag_spool"] == "TEST-01"]
    assert mine["estado_texto"] == "Usted trabajando en ARM · ARM en progreso, SOLD pendiente"
    card = client.get("/api/spools/TEST-01/acciones", params={"worker_id": ME}).json()
    assert card["estado_texto"].startswith("Usted trabajando en ARM")
    other = client.get("/api/spools/TEST-01/acciones", params={"worker_id": 94}).json()
    assert other["estado_texto"].startswith("MR(93) trabajando en ARM")
    assert spool(client, "TEST-01")["estado_texto"].startswith("MR(93) trabajando en ARM")
    # the contract's string is unchanged for the clients that parse it
    assert spool(client, "TEST-01")["estado_detalle"].startswith("MR(93) trabajando ARM (")


def test_a_future_business_date_is_refused_with_the_date_as_the_shop_writes_it(
    client: TestClient,
) -> None:
    assert tomar(client, "TEST-01", ME).status_code == 200
    body = {"tag_spool": "TEST-01", "worker_id": ME, "fecha_operacion": "31-12-2099"}
    found = assert_validation_error(client.post("/api/occupation/completar", json=body))
    assert "la fecha 31-12-2099 está en el futuro" in found["message"]


def test_each_audit_event_and_live_frame_carries_the_state_in_plain_words(
    client: TestClient,
) -> None:
    assert tomar(client, "TEST-01", ME).status_code == 200
    (taken,) = client.get("/api/history/TEST-01/events").json()["events"]
    assert taken["metadata"]["estado_texto"] == (
        "MR(93) trabajando en ARM · ARM en progreso, SOLD pendiente"
    )
    event = AuditEvent(
        id=taken["id"],
        evento_tipo=EventoTipo.TOMAR_SPOOL,
        tag_spool="TEST-01",
        worker_id=ME,
        worker_nombre="MR(93)",
        operacion=Operacion.ARM,
        accion="TOMAR",
        timestamp=datetime.fromisoformat(taken["timestamp"]),
        fecha_operacion=None,
        metadata=taken["metadata"],
    )
    frame = stream_payload(event, ZoneInfo("America/Santiago"))
    assert frame["estado_texto"] == taken["metadata"]["estado_texto"]


def test_a_spool_one_holds_for_another_operation_is_listed_as_ones_own(
    client: TestClient,
) -> None:
    assert tomar(client, "TEST-01", ME, "ARM").status_code == 200
    cola = client.get("/api/cola", params={"worker_id": ME, "operacion": "SOLD"}).json()
    (row,) = [s for s in cola["no_disponibles"] if s["tag_spool"] == "TEST-01"]
    assert row["motivo"] == "usted lo tiene tomado en ARM"
    assert row["message"].startswith("Usted ya tiene el spool TEST-01 tomado para ARM")
