"""The occupation routes (CONTRACT §1-§2): TOMAR / PAUSAR / COMPLETAR, batch-tomar, lease
expiry and Idempotency-Key replays."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    ARM_COMPLETADO,
    ARM_TOMADO,
    BLOQUEADO,
    LEASE_SECONDS,
    RECHAZADO,
    SANTIAGO_SUMMER,
    SIN_MATERIALES,
    SOLDADO,
    TODAY,
    assert_error,
    assert_validation_error,
    completar,
    event_types,
    events,
    inspeccionar,
    list_spools,
    local_time,
    pausar,
    resumen,
    sessions,
    spool,
    spool_tags,
    tomar,
    unchanged,
    welded,
)
from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_TOKEN
from zeues.config import Settings


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
    assert after["fecha_ocupacion"] == local_time(clock())
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
    arm, sold = spool(client, "TEST-01"), spool(client, ARM_COMPLETADO)
    assert (arm["estado"]["arm"], arm["ocupado_por"]) == ("EN_PROGRESO", "PL(96)")
    assert (sold["estado"]["sold"], sold["ocupado_por"]) == ("EN_PROGRESO", "PL(96)")
    assert event_types(client, "TEST-01") == ["TOMAR_SPOOL"]
    assert event_types(client, ARM_COMPLETADO)[-1] == "TOMAR_SPOOL"


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


def test_occupation_completar_records_an_approval_without_tomar(client: TestClient) -> None:
    response = inspeccionar(client, SOLDADO, "APROBADO", worker=93)

    assert response.status_code == 200, response.text
    found = response.json()
    assert (found["success"], found["tag_spool"]) == (True, SOLDADO)
    assert "METROLOGIA APROBADO ✓" in found["estado_detalle"]
    after = spool(client, SOLDADO)
    assert (after["estado"]["metrologia"], after["fecha_qc_metrologia"]) == ("APROBADO", TODAY)
    assert event_types(client, SOLDADO) == ["COMPLETAR_METROLOGIA"]


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


def test_an_expired_lease_frees_the_spool_everywhere(client: TestClient, clock: FakeClock) -> None:
    taken_at = clock()
    assert tomar(client, "TEST-01", 93).status_code == 200
    occupied = client.get("/api/dashboard/occupied").json()
    assert "TEST-01" in [item["tag_spool"] for item in occupied]

    clock.advance(LEASE_SECONDS + 1)
    occupied = client.get("/api/dashboard/occupied").json()
    assert "TEST-01" not in [item["tag_spool"] for item in occupied]
    assert list_spools(client, "/api/spools/ocupados", worker_id=93)["total"] == 0
    assert "TEST-01" in spool_tags(
        list_spools(client, "/api/spools/iniciar", operacion="ARM", q="TEST")
    )
    found = spool(client, "TEST-01")
    assert (found["ocupado_por"], found["estado"]["arm"]) == (None, "PAUSADO")
    assert found["estado_detalle"] == "Disponible - ARM pausado, SOLD pendiente"

    assert tomar(client, "TEST-01", 94).status_code == 200
    first, second = sessions(client, "TEST-01")
    lease_end = taken_at + timedelta(seconds=LEASE_SECONDS)
    assert (first["worker_id"], first["end_reason"], first["end_time"]) == (
        93,
        "EXPIRADO",
        local_time(lease_end),
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
    assert (second["start_time"], second["end_reason"]) == (local_time(clock()), None)


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
