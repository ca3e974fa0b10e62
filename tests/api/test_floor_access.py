"""Floor identity in `pin` mode (issue 22, CONTRACT §2.8), through HTTP on both backends: a
write needs the session of the worker it acts for, a PIN opens it, five wrong PINs lock the
worker, sessions end by idle time and «Cambiar trabajador», and supervisors set PINs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    FRESCO,
    TODAY,
    assert_error,
    assert_validation_error,
    events,
    spool,
)
from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_HEADERS
from tests.infra.floor import floor_settings
from zeues.config import Settings

SESSION = "X-Worker-Session"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return floor_settings(database_url, tmp_path, "pin", lease_ttl_seconds=3600)


def sign_in(client: TestClient, worker: int, pin: str, **extra: Any) -> Any:
    return client.post("/api/sesiones", json={"worker_id": worker, "pin": pin, **extra})


def session_of(client: TestClient, worker: int = 93, pin: str = "9393") -> dict[str, str]:
    answer = sign_in(client, worker, pin)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["worker_id"] == worker and body["modo"] == "pin"
    return {SESSION: body["token"]}


def tomar(client: TestClient, tag: str, worker: int, headers: dict[str, str] | None = None) -> Any:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": "ARM"}
    return client.post("/api/occupation/tomar", json=body, headers=headers or {})


# Every floor write, each acting for worker 94 (whose session the test does not hold).
FLOOR_WRITES = [
    ("/api/occupation/tomar", {"tag_spool": "TEST-02", "worker_id": 94, "operacion": "ARM"}),
    ("/api/occupation/pausar", {"tag_spool": "TEST-02", "worker_id": 94, "operacion": "ARM"}),
    (
        "/api/occupation/completar",
        {"tag_spool": "TEST-02", "worker_id": 94, "operacion": "ARM", "fecha_operacion": TODAY},
    ),
    (
        "/api/occupation/batch-tomar",
        {"tag_spools": ["TEST-02", "TEST-03"], "worker_id": 94, "operacion": "ARM"},
    ),
    ("/api/occupation/renovar", {"tag_spools": ["TEST-02"], "worker_id": 94}),
    (
        "/api/metrologia/completar",
        {"tag_spool": "TEST-02", "worker_id": 94, "resultado": "APROBADO"},
    ),
    ("/api/tomar-reparacion", {"tag_spool": "TEST-02", "worker_id": 94}),
    ("/api/pausar-reparacion", {"tag_spool": "TEST-02", "worker_id": 94}),
    ("/api/completar-reparacion", {"tag_spool": "TEST-02", "worker_id": 94}),
    ("/api/cancelar-reparacion", {"tag_spool": "TEST-02", "worker_id": 94}),
]


@pytest.mark.parametrize(("path", "body"), FLOOR_WRITES, ids=[p for p, _ in FLOOR_WRITES])
def test_a_session_cannot_act_for_another_worker(
    client: TestClient, path: str, body: dict[str, Any]
) -> None:
    mine = session_of(client, 93)
    before = spool(client, "TEST-02")
    refused = assert_error(
        client.post(path, json=body, headers=mine), 403, "SESION_DE_OTRO_TRABAJADOR"
    )
    assert refused["data"] == {"sesion_worker_id": 93, "worker_id": 94}
    assert "Cambiar trabajador" in refused["message"]
    assert spool(client, "TEST-02") == before
    assert events(client, "TEST-02") == []


@pytest.mark.parametrize(("path", "body"), FLOOR_WRITES, ids=[p for p, _ in FLOOR_WRITES])
def test_every_floor_write_needs_a_session(
    client: TestClient, path: str, body: dict[str, Any]
) -> None:
    assert_error(client.post(path, json=body), 401, "SESION_REQUERIDA")
    assert events(client, "TEST-02") == []


def test_the_session_acts_for_its_worker_and_the_audit_row_names_it(client: TestClient) -> None:
    answer = sign_in(client, 93, "9393")
    mine = {SESSION: answer.json()["token"]}
    assert tomar(client, "TEST-01", 93, mine).status_code == 200
    (event,) = events(client, "TEST-01")
    assert event["metadata"]["sesion_id"] == answer.json()["sesion_id"]
    assert event["worker_id"] == 93


def test_a_made_up_token_is_refused_and_changes_nothing(client: TestClient) -> None:
    assert_error(tomar(client, "TEST-01", 93, {SESSION: "x" * 43}), 401, "SESION_VENCIDA")
    assert spool(client, "TEST-01")["ocupado_por"] is None


def test_five_wrong_pins_lock_the_worker_on_every_tablet_for_a_while(
    client: TestClient, clock: FakeClock
) -> None:
    for left in (4, 3, 2, 1):
        wrong = assert_error(sign_in(client, 93, "0000"), 401, "PIN_INCORRECTO")
        assert wrong["data"]["intentos_restantes"] == left
    locked = assert_error(sign_in(client, 93, "0000"), 429, "PIN_BLOQUEADO")
    assert "bloqueado" in locked["message"] and locked["data"]["bloqueado_hasta"]
    # Even the right PIN waits, and no session is opened.
    assert_error(sign_in(client, 93, "9393"), 429, "PIN_BLOQUEADO")
    # Another worker is not locked out by 93's attempts.
    assert sign_in(client, 94, "9494").status_code == 200
    shown = client.get("/api/admin/pines", headers=ADMIN_HEADERS).json()
    row = next(w for w in shown["trabajadores"] if w["worker_id"] == 93)
    assert row["bloqueado"] is True and row["ultimo_pin_fallido"]
    # The console shows the five that locked them and until when (shop time), not 0.
    assert row["intentos_fallidos"] == 5
    assert row["bloqueado_hasta"] == locked["data"]["bloqueado_hasta"]
    assert shown["bloqueados"] == 1
    clock.advance(15 * 60)
    assert sign_in(client, 93, "9393").status_code == 200
    row = next(
        w
        for w in client.get("/api/admin/pines", headers=ADMIN_HEADERS).json()["trabajadores"]
        if w["worker_id"] == 93
    )
    assert (row["bloqueado"], row["intentos_fallidos"]) == (False, 0)


def test_once_a_lockout_has_passed_a_wrong_pin_starts_the_count_again(
    client: TestClient, clock: FakeClock
) -> None:
    for _ in range(5):
        sign_in(client, 93, "0000")
    clock.advance(15 * 60)
    shown = client.get("/api/admin/pines", headers=ADMIN_HEADERS).json()["trabajadores"]
    row = next(w for w in shown if w["worker_id"] == 93)
    assert (row["bloqueado"], row["intentos_fallidos"], row["bloqueado_hasta"]) == (False, 0, None)
    # One wrong PIN after the lockout is the first of a new run, not a sixth that locks again.
    wrong = assert_error(sign_in(client, 93, "0000"), 401, "PIN_INCORRECTO")
    assert wrong["data"]["intentos_restantes"] == 4


def test_a_right_pin_resets_the_count_of_wrong_ones(client: TestClient) -> None:
    for _ in range(4):
        sign_in(client, 93, "1111")
    assert sign_in(client, 93, "9393").status_code == 200
    wrong = assert_error(sign_in(client, 93, "1111"), 401, "PIN_INCORRECTO")
    assert wrong["data"]["intentos_restantes"] == 4


def test_a_session_ends_after_the_idle_time_without_writes(
    client: TestClient, clock: FakeClock
) -> None:
    mine = session_of(client, 93)
    clock.advance(10 * 60)
    assert tomar(client, "TEST-01", 93, mine).status_code == 200  # used: kept alive
    clock.advance(10 * 60)
    assert tomar(client, "TEST-02", 93, mine).status_code == 200
    clock.advance(15 * 60)
    idle = assert_error(tomar(client, "TEST-03", 93, mine), 401, "SESION_VENCIDA")
    assert "inactividad" in idle["message"]
    assert spool(client, "TEST-03")["ocupado_por"] is None


def test_the_tablets_own_renewals_do_not_keep_a_session_from_idling_out(
    client: TestClient, clock: FakeClock
) -> None:
    mine = session_of(client, 93)
    assert tomar(client, "TEST-01", 93, mine).status_code == 200
    renew = {"tag_spools": ["TEST-01"], "worker_id": 93}
    for _ in range(2):  # every 5 minutes while the tablet shows the spool
        clock.advance(5 * 60)
        assert client.post("/api/occupation/renovar", json=renew, headers=mine).status_code == 200
    clock.advance(5 * 60)  # 15 minutes since the worker's last action
    idle = assert_error(tomar(client, "TEST-02", 93, mine), 401, "SESION_VENCIDA")
    assert "inactividad" in idle["message"]


def test_cambiar_trabajador_ends_the_session(client: TestClient) -> None:
    mine = session_of(client, 93)
    ended = client.post("/api/sesiones/cerrar", headers=mine)
    assert ended.status_code == 200 and ended.json()["cerrada"] is True
    assert_error(tomar(client, "TEST-01", 93, mine), 401, "SESION_VENCIDA")
    again = client.post("/api/sesiones/cerrar", headers=mine)
    assert again.status_code == 200 and again.json()["cerrada"] is False


def test_a_worker_without_a_pin_cannot_open_a_session(client: TestClient) -> None:
    worker = next(w["id"] for w in client.get("/api/workers").json()["workers"] if w["id"] > 99)
    refused = assert_error(sign_in(client, worker, "1234"), 403, "SIN_PIN")
    assert "supervisor" in refused["message"]
    assert_error(sign_in(client, 98, "9898"), 404, "WORKER_NO_ENCONTRADO")  # inactive
    assert_error(sign_in(client, 999_999, "1234"), 404, "WORKER_NO_ENCONTRADO")


def test_a_pin_set_by_the_supervisor_is_changed_at_first_use(client: TestClient) -> None:
    assert (
        client.post("/api/admin/workers/94/pin", json={"pin": "2468"}).status_code == 401
    )  # the admin token is required
    set_ = client.post("/api/admin/workers/94/pin", json={"pin": "2468"}, headers=ADMIN_HEADERS)
    assert set_.status_code == 200, set_.text
    assert set_.json() == {
        "worker_id": 94,
        "worker_nombre": "JP(94)",
        "pin": "2468",
        "debe_cambiar": True,
    }
    assert_error(sign_in(client, 94, "9494"), 401, "PIN_INCORRECTO")  # the old one is gone
    assert_error(sign_in(client, 94, "2468"), 403, "CAMBIO_DE_PIN_REQUERIDO")
    assert_error(sign_in(client, 94, "2468", pin_nuevo="2468"), 400, "PIN_NO_VALIDO")
    assert sign_in(client, 94, "2468", pin_nuevo="13579").status_code == 200
    assert_error(sign_in(client, 94, "2468"), 401, "PIN_INCORRECTO")
    assert session_of(client, 94, "13579")


def test_setting_a_pin_ends_the_workers_open_sessions_and_lifts_the_lockout(
    client: TestClient,
) -> None:
    mine = session_of(client, 93)
    for _ in range(5):
        sign_in(client, 93, "0000")
    made = client.post("/api/admin/workers/93/pin", json={}, headers=ADMIN_HEADERS).json()
    assert len(made["pin"]) == 4 and made["pin"].isdigit()
    assert_error(tomar(client, "TEST-01", 93, mine), 401, "SESION_VENCIDA")
    assert_error(sign_in(client, 93, made["pin"]), 403, "CAMBIO_DE_PIN_REQUERIDO")


def test_a_crew_sheet_gives_each_worker_without_a_pin_one(client: TestClient) -> None:
    first = client.post("/api/admin/pines/hoja", json={}, headers=ADMIN_HEADERS)
    assert first.status_code == 200, first.text
    sheet = first.json()["pines"]
    ids = {row["worker_id"] for row in sheet}
    assert len(ids) == first.json()["total"] == 50  # one page at a time
    assert not ids & {93, 94, 95, 96, 97}  # the demo's PINs are kept
    assert all(len(row["pin"]) == 4 and row["debe_cambiar"] for row in sheet)
    rest = first.json()["pendientes"]
    assert rest > 0
    second = client.post("/api/admin/pines/hoja", json={}, headers=ADMIN_HEADERS).json()
    assert (second["total"], second["pendientes"]) == (rest, 0)
    assert not ids & {row["worker_id"] for row in second["pines"]}
    again = client.post("/api/admin/pines/hoja", json={}, headers=ADMIN_HEADERS).json()
    assert (again["total"], again["pendientes"]) == (0, 0)
    row = sheet[0]
    assert_error(sign_in(client, row["worker_id"], row["pin"]), 403, "CAMBIO_DE_PIN_REQUERIDO")
    unknown = client.post(
        "/api/admin/pines/hoja", json={"worker_ids": [999_999]}, headers=ADMIN_HEADERS
    )
    assert_error(unknown, 404, "WORKER_NO_ENCONTRADO")


def test_a_refused_session_is_not_remembered_under_the_idempotency_key(
    client: TestClient,
) -> None:
    key = {"Idempotency-Key": "tablet-1-attempt-7"}
    assert_error(tomar(client, "TEST-01", 93, key), 401, "SESION_REQUERIDA")
    mine = session_of(client, 93)
    assert tomar(client, "TEST-01", 93, {**key, **mine}).status_code == 200
    assert spool(client, "TEST-01")["ocupado_por"] == "MR(93)"


def test_the_admin_token_opens_test_sessions_for_operator_tools(client: TestClient) -> None:
    assert client.post("/api/admin/sesiones", json={"worker_id": 94}).status_code == 401
    made = client.post("/api/admin/sesiones", json={"worker_id": 94}, headers=ADMIN_HEADERS)
    assert made.status_code == 200, made.text
    assert tomar(client, FRESCO, 94, {SESSION: made.json()["token"]}).status_code == 200


def test_health_and_acceso_say_which_mode_is_in_force(client: TestClient) -> None:
    assert client.get("/api/health").json()["floor_auth"] == "pin"
    assert client.get("/api/acceso").json() == {
        "modo": "pin",
        "requiere_sesion": True,
        "requiere_dispositivo": False,
        "inactividad_segundos": 900,
    }


@pytest.mark.parametrize(
    "body",
    [
        {"worker_id": 93, "pin": "123"},
        {"worker_id": 93, "pin": "1234567"},
        {"worker_id": 93, "pin": "12a4"},
        {"worker_id": 93, "pin": 9393},
        {"worker_id": 93},
        {"worker_id": 93, "pin": "9393", "pin_nuevo": "12"},
    ],
)
def test_a_malformed_sign_in_is_422_and_counts_nothing(
    client: TestClient, body: dict[str, Any]
) -> None:
    assert_validation_error(client.post("/api/sesiones", json=body))
    shown = client.get("/api/admin/pines", headers=ADMIN_HEADERS).json()["trabajadores"]
    assert next(w for w in shown if w["worker_id"] == 93)["intentos_fallidos"] == 0
