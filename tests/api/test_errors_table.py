"""CONTRACT §2.1 through HTTP: one test per row of the error table, the precedence between rows,
and the promise that a rejected request changes nothing and writes no audit event."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    APROBADO,
    ARM_COMPLETADO,
    ARM_PAUSADO,
    BLOQUEADO,
    LEASE_SECONDS,
    RECHAZADO,
    SIN_MATERIALES,
    SOLDADO,
    TODAY,
    Command,
    assert_error,
    assert_validation_error,
    completar,
    events,
    inspeccionar,
    metrologia,
    pausar,
    reparacion,
    spool,
    tomar,
    unchanged,
)
from tests.conftest import FakeClock

TOMAR_URL = "/api/occupation/tomar"
PAUSAR_URL = "/api/occupation/pausar"
COMPLETAR_URL = "/api/occupation/completar"
BATCH_URL = "/api/occupation/batch-tomar"
# The holder's two ways to let go of a spool; each row calls the command it names.
RELEASES = [pytest.param(pausar, id="pausar"), pytest.param(completar, id="completar")]


def _tomar_body(**changes: Any) -> dict[str, Any]:
    return {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM", **changes}


def _completar_body(**changes: Any) -> dict[str, Any]:
    return {**_tomar_body(fecha_operacion=TODAY), **changes}


def _batch_body(tags: list[str]) -> dict[str, Any]:
    return {"tag_spools": tags, "worker_id": 93, "operacion": "ARM"}


def _without(body: dict[str, Any], field: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != field}


# --- 422 VALIDATION_ERROR -------------------------------------------------------------------

INVALID_BODIES: list[Any] = [
    pytest.param(TOMAR_URL, _tomar_body(worker_id="93"), id="worker_id-as-string"),
    pytest.param(TOMAR_URL, _tomar_body(worker_id=True), id="worker_id-as-boolean"),
    pytest.param(TOMAR_URL, _tomar_body(worker_id=0), id="worker_id-zero"),
    pytest.param(TOMAR_URL, _tomar_body(worker_id=-1), id="worker_id-negative"),
    pytest.param(TOMAR_URL, _tomar_body(worker_id=None), id="worker_id-null"),
    pytest.param(TOMAR_URL, _without(_tomar_body(), "worker_id"), id="worker_id-missing"),
    pytest.param(TOMAR_URL, _tomar_body(tag_spool=""), id="tag-empty"),
    pytest.param(TOMAR_URL, _tomar_body(tag_spool="T" * 101), id="tag-101-chars"),
    pytest.param(TOMAR_URL, _tomar_body(tag_spool="T" * 5000), id="tag-5000-chars"),
    pytest.param(TOMAR_URL, _tomar_body(tag_spool=12), id="tag-as-number"),
    pytest.param(TOMAR_URL, _tomar_body(operacion="PINTURA"), id="operacion-unknown"),
    pytest.param(TOMAR_URL, _tomar_body(operacion="arm"), id="operacion-lowercase"),
    pytest.param(TOMAR_URL, _without(_tomar_body(), "operacion"), id="operacion-missing"),
    pytest.param(TOMAR_URL, ["TEST-01"], id="body-is-a-list"),
    pytest.param(PAUSAR_URL, _tomar_body(worker_id=0), id="pausar-worker_id-zero"),
    pytest.param(COMPLETAR_URL, _without(_completar_body(), "fecha_operacion"), id="fecha-missing"),
    pytest.param(COMPLETAR_URL, _completar_body(fecha_operacion="2026-11-24"), id="fecha-future"),
    pytest.param(
        COMPLETAR_URL, _completar_body(fecha_operacion="24-11-2026"), id="fecha-future-dd-mm-yyyy"
    ),
    pytest.param(COMPLETAR_URL, _completar_body(fecha_operacion="2026-02-30"), id="fecha-no-day"),
    pytest.param(COMPLETAR_URL, _completar_body(fecha_operacion="ayer"), id="fecha-not-a-date"),
    pytest.param(
        COMPLETAR_URL,
        _completar_body(tag_spool=SOLDADO, operacion="METROLOGIA"),
        id="metrologia-without-resultado",
    ),
    pytest.param(
        COMPLETAR_URL,
        _completar_body(tag_spool=SOLDADO, operacion="METROLOGIA", resultado="QUIZAS"),
        id="metrologia-invalid-resultado",
    ),
    pytest.param(
        "/api/metrologia/completar",
        {"tag_spool": SOLDADO, "worker_id": 93},
        id="metrologia-route-without-resultado",
    ),
    pytest.param(
        "/api/metrologia/completar",
        {"tag_spool": SOLDADO, "worker_id": 93, "resultado": "aprobado"},
        id="metrologia-route-invalid-resultado",
    ),
    pytest.param(BATCH_URL, _batch_body([f"TEST-{n}" for n in range(51)]), id="batch-of-51"),
    pytest.param(BATCH_URL, _batch_body(["TEST-01", "TEST-02", "TEST-01"]), id="batch-dupes"),
    pytest.param(BATCH_URL, _batch_body([]), id="batch-empty"),
    pytest.param(BATCH_URL, _batch_body(["TEST-01", "x" * 101]), id="batch-long-tag"),
]


@pytest.mark.parametrize(("url", "body"), INVALID_BODIES)
def test_an_invalid_body_is_a_422_validation_error_that_changes_nothing(
    client: TestClient, url: str, body: Any
) -> None:
    with unchanged(client, "TEST-01", "TEST-02", SOLDADO):
        assert_validation_error(client.post(url, json=body))


def test_a_malformed_json_body_is_a_422_validation_error_that_changes_nothing(
    client: TestClient,
) -> None:
    with unchanged(client, "TEST-01"):
        response = client.post(
            TOMAR_URL,
            content=b'{"tag_spool": "TEST-01", "worker_id": 93,',
            headers={"Content-Type": "application/json"},
        )
        assert_validation_error(response)


def test_a_fecha_operacion_in_dd_mm_yyyy_is_accepted(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    response = client.post(COMPLETAR_URL, json=_completar_body(fecha_operacion="23-11-2026"))
    assert response.status_code == 200, response.text
    assert spool(client, "TEST-01")["fecha_armado"] == "2026-11-23"


def test_a_fecha_operacion_of_the_utc_date_is_future_while_it_is_still_today_in_santiago(
    client: TestClient, clock: FakeClock
) -> None:
    clock.advance(13 * 3600)  # 01:00 UTC on the 24th = 22:00 on the 23rd in Santiago
    with unchanged(client, SOLDADO):
        response = inspeccionar_con_fecha(client, SOLDADO, "2026-11-24")
        assert_validation_error(response)
    assert inspeccionar_con_fecha(client, SOLDADO, "2026-11-23").status_code == 200


def inspeccionar_con_fecha(client: TestClient, tag: str, fecha: str) -> Any:
    body = _completar_body(
        tag_spool=tag, operacion="METROLOGIA", resultado="APROBADO", fecha_operacion=fecha
    )
    return client.post(COMPLETAR_URL, json=body)


def test_a_tag_of_exactly_100_chars_passes_validation_and_is_not_found(
    client: TestClient,
) -> None:
    assert_error(tomar(client, "T" * 100, 93), 404, "SPOOL_NO_ENCONTRADO")


def test_a_batch_of_exactly_50_spools_is_accepted(client: TestClient) -> None:
    tags = [f"TEST-{n:02d}" for n in range(1, 6)] + [f"FAKE-{n}" for n in range(45)]
    response = client.post(BATCH_URL, json=_batch_body(tags))
    assert response.status_code == 200, response.text
    assert (response.json()["total"], response.json()["succeeded"]) == (50, 5)


# --- 404 SPOOL_NO_ENCONTRADO / WORKER_NO_ENCONTRADO -----------------------------------------


@pytest.mark.parametrize(
    ("url", "body"),
    [
        pytest.param(TOMAR_URL, _tomar_body(tag_spool="FAKE-999"), id="tomar"),
        pytest.param(PAUSAR_URL, _tomar_body(tag_spool="FAKE-999"), id="pausar"),
        pytest.param(COMPLETAR_URL, _completar_body(tag_spool="FAKE-999"), id="completar"),
        pytest.param(
            "/api/metrologia/completar",
            {"tag_spool": "FAKE-999", "worker_id": 95, "resultado": "APROBADO"},
            id="metrologia",
        ),
        pytest.param(
            "/api/tomar-reparacion", {"tag_spool": "FAKE-999", "worker_id": 96}, id="reparacion"
        ),
    ],
)
def test_an_unknown_spool_is_404_spool_no_encontrado(
    client: TestClient, url: str, body: dict[str, Any]
) -> None:
    with unchanged(client, "FAKE-999"):
        found = assert_error(client.post(url, json=body), 404, "SPOOL_NO_ENCONTRADO")
    assert "FAKE-999" in found["message"]


@pytest.mark.parametrize(
    "path", ["/api/spools/FAKE-999", "/api/history/FAKE-999", "/api/history/FAKE-999/events"]
)
def test_reading_an_unknown_spool_is_404_spool_no_encontrado(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404, "SPOOL_NO_ENCONTRADO")


@pytest.mark.parametrize(
    ("worker", "action"),
    [
        pytest.param(9999, tomar, id="unknown-tomar"),
        pytest.param(9999, pausar, id="unknown-pausar"),
        pytest.param(9999, completar, id="unknown-completar"),
        pytest.param(98, tomar, id="inactive-tomar"),
        pytest.param(98, completar, id="inactive-completar"),
    ],
)
def test_an_unknown_or_inactive_worker_is_404_worker_no_encontrado(
    client: TestClient, worker: int, action: Command
) -> None:
    with unchanged(client, "TEST-01"):
        assert_error(action(client, "TEST-01", worker), 404, "WORKER_NO_ENCONTRADO")


def test_an_inactive_worker_cannot_record_an_inspection(client: TestClient) -> None:
    with unchanged(client, SOLDADO):
        assert_error(
            metrologia(client, SOLDADO, "APROBADO", worker=98), 404, "WORKER_NO_ENCONTRADO"
        )


@pytest.mark.parametrize("worker", [98, 9999])
def test_roles_of_an_unknown_or_inactive_worker_are_404(client: TestClient, worker: int) -> None:
    assert_error(client.get(f"/api/workers/{worker}/roles"), 404, "WORKER_NO_ENCONTRADO")


# --- 403 SPOOL_BLOQUEADO --------------------------------------------------------------------


def test_the_demo_blocked_spool_is_blocked(client: TestClient) -> None:
    estado = spool(client, BLOQUEADO)["estado"]
    assert (estado["bloqueado"], estado["ciclo"]) == (True, 3)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        pytest.param(TOMAR_URL, _tomar_body(tag_spool=BLOQUEADO), id="tomar-arm"),
        pytest.param(PAUSAR_URL, _tomar_body(tag_spool=BLOQUEADO), id="pausar-arm"),
        pytest.param(COMPLETAR_URL, _completar_body(tag_spool=BLOQUEADO), id="completar-arm"),
        pytest.param(
            TOMAR_URL, _tomar_body(tag_spool=BLOQUEADO, operacion="REPARACION"), id="tomar-rep"
        ),
        pytest.param(
            COMPLETAR_URL,
            _completar_body(tag_spool=BLOQUEADO, operacion="METROLOGIA", resultado="APROBADO"),
            id="completar-metrologia",
        ),
        pytest.param(
            "/api/tomar-reparacion", {"tag_spool": BLOQUEADO, "worker_id": 93}, id="tomar-rep-path"
        ),
        pytest.param(
            "/api/metrologia/completar",
            {"tag_spool": BLOQUEADO, "worker_id": 93, "resultado": "APROBADO"},
            id="metrologia-path",
        ),
    ],
)
def test_a_blocked_spool_refuses_every_action_with_403_spool_bloqueado(
    client: TestClient, url: str, body: dict[str, Any]
) -> None:
    with unchanged(client, BLOQUEADO):
        found = assert_error(client.post(url, json=body), 403, "SPOOL_BLOQUEADO")
    assert "BLOQUEADO" in found["message"]


# --- 403 ROL_NO_AUTORIZADO ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("worker", "op"),
    [
        pytest.param(95, "ARM", id="metrologist-arm"),
        pytest.param(95, "SOLD", id="metrologist-sold"),
        pytest.param(97, "ARM", id="supervisor-arm"),
    ],
)
def test_taking_without_the_operations_role_is_403_rol_no_autorizado(
    client: TestClient, worker: int, op: str
) -> None:
    tag = "TEST-01" if op == "ARM" else ARM_COMPLETADO
    with unchanged(client, tag):
        assert_error(tomar(client, tag, worker, op), 403, "ROL_NO_AUTORIZADO")


def test_inspecting_without_the_metrologia_role_is_403_rol_no_autorizado(
    client: TestClient,
) -> None:
    with unchanged(client, SOLDADO):
        assert_error(inspeccionar(client, SOLDADO, "APROBADO", worker=94), 403, "ROL_NO_AUTORIZADO")
        assert_error(metrologia(client, SOLDADO, "APROBADO", worker=94), 403, "ROL_NO_AUTORIZADO")


# --- 403 NO_AUTORIZADO ----------------------------------------------------------------------


@pytest.mark.parametrize("action", RELEASES)
def test_releasing_a_spool_another_worker_holds_is_403_no_autorizado(
    client: TestClient, action: Command
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    with unchanged(client, "TEST-01"):
        assert_error(action(client, "TEST-01", 94), 403, "NO_AUTORIZADO")
    assert spool(client, "TEST-01")["ocupado_por"] == "MR(93)"


# --- 400 DEPENDENCIAS_NO_SATISFECHAS --------------------------------------------------------


def test_taking_a_spool_without_materials_is_400_naming_the_materials(client: TestClient) -> None:
    with unchanged(client, SIN_MATERIALES):
        found = assert_error(tomar(client, SIN_MATERIALES, 93), 400, "DEPENDENCIAS_NO_SATISFECHAS")
    assert "materiales" in found["message"]


def test_taking_sold_before_arm_started_is_400_naming_arm(client: TestClient) -> None:
    with unchanged(client, "TEST-01"):
        found = assert_error(
            tomar(client, "TEST-01", 93, "SOLD"), 400, "DEPENDENCIAS_NO_SATISFECHAS"
        )
    assert "ARM" in found["message"]


def test_inspecting_before_sold_is_complete_is_400_naming_sold(client: TestClient) -> None:
    with unchanged(client, ARM_COMPLETADO):
        found = assert_error(
            inspeccionar(client, ARM_COMPLETADO, "APROBADO"), 400, "DEPENDENCIAS_NO_SATISFECHAS"
        )
    assert "SOLD" in found["message"]


@pytest.mark.parametrize("tag", ["TEST-01", SOLDADO, APROBADO])
def test_taking_a_repair_without_a_rejection_is_400(client: TestClient, tag: str) -> None:
    with unchanged(client, tag):
        assert_error(reparacion(client, "tomar", tag), 400, "DEPENDENCIAS_NO_SATISFECHAS")
        assert_error(tomar(client, tag, 96, "REPARACION"), 400, "DEPENDENCIAS_NO_SATISFECHAS")


def test_inspecting_a_rejected_spool_before_its_repair_is_400(client: TestClient) -> None:
    with unchanged(client, RECHAZADO):
        found = assert_error(
            metrologia(client, RECHAZADO, "APROBADO"), 400, "DEPENDENCIAS_NO_SATISFECHAS"
        )
        assert_error(
            inspeccionar(client, RECHAZADO, "RECHAZADO"), 400, "DEPENDENCIAS_NO_SATISFECHAS"
        )
    assert "REPARACION" in found["message"].upper()


# --- 400 OPERACION_YA_COMPLETADA ------------------------------------------------------------


def test_taking_a_completed_operation_is_400_operacion_ya_completada(client: TestClient) -> None:
    with unchanged(client, ARM_COMPLETADO):
        assert_error(tomar(client, ARM_COMPLETADO, 93), 400, "OPERACION_YA_COMPLETADA")


def test_completing_a_completed_operation_is_400_operacion_ya_completada(
    client: TestClient,
) -> None:
    with unchanged(client, ARM_COMPLETADO):
        assert_error(completar(client, ARM_COMPLETADO, 93), 400, "OPERACION_YA_COMPLETADA")


def test_inspecting_an_approved_spool_is_400_operacion_ya_completada(client: TestClient) -> None:
    with unchanged(client, APROBADO):
        assert_error(inspeccionar(client, APROBADO, "RECHAZADO"), 400, "OPERACION_YA_COMPLETADA")
        assert_error(metrologia(client, APROBADO, "APROBADO"), 400, "OPERACION_YA_COMPLETADA")


# --- 400 OPERACION_NO_INICIADA --------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "action", "op"),
    [
        pytest.param("TEST-01", pausar, "ARM", id="pausar-pending-arm"),
        pytest.param("TEST-01", completar, "ARM", id="completar-pending-arm"),
        pytest.param(ARM_PAUSADO, pausar, "ARM", id="pausar-paused-arm"),
        pytest.param(ARM_PAUSADO, completar, "ARM", id="completar-paused-arm"),
        pytest.param(ARM_COMPLETADO, pausar, "SOLD", id="pausar-pending-sold"),
    ],
)
def test_releasing_an_operation_nobody_holds_is_400_operacion_no_iniciada(
    client: TestClient, tag: str, action: Command, op: str
) -> None:
    with unchanged(client, tag):
        assert_error(action(client, tag, 93, op), 400, "OPERACION_NO_INICIADA")


def test_releasing_a_repair_nobody_holds_is_400_operacion_no_iniciada(client: TestClient) -> None:
    with unchanged(client, RECHAZADO):
        assert_error(reparacion(client, "pausar", RECHAZADO), 400, "OPERACION_NO_INICIADA")
        assert_error(reparacion(client, "completar", RECHAZADO), 400, "OPERACION_NO_INICIADA")


# --- 400 OPERACION_NO_APLICABLE -------------------------------------------------------------


@pytest.mark.parametrize(
    "action", [pytest.param(tomar, id="tomar"), pytest.param(pausar, id="pausar")]
)
def test_taking_or_pausing_metrologia_is_400_operacion_no_aplicable(
    client: TestClient, action: Command
) -> None:
    with unchanged(client, SOLDADO):
        found = assert_error(
            action(client, SOLDADO, 93, "METROLOGIA"), 400, "OPERACION_NO_APLICABLE"
        )
    assert "resultado" in found["message"]


# --- 409 SPOOL_OCCUPIED ---------------------------------------------------------------------


@pytest.mark.parametrize("op", ["ARM", "SOLD"])
def test_taking_a_spool_another_worker_holds_is_409_with_the_owner(
    client: TestClient, op: str
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    with unchanged(client, "TEST-01"):
        found = assert_error(tomar(client, "TEST-01", 94, op), 409, "SPOOL_OCCUPIED")
    assert found["data"]["owner_id"] == 93
    assert found["data"]["owner_name"] == "MR(93)"
    assert "MR(93)" in found["message"]


def test_inspecting_a_spool_another_worker_holds_is_409_not_a_missing_prerequisite(
    client: TestClient,
) -> None:
    assert tomar(client, "TEST-01", 94).status_code == 200
    with unchanged(client, "TEST-01"):
        found = assert_error(
            inspeccionar(client, "TEST-01", "APROBADO", worker=95), 409, "SPOOL_OCCUPIED"
        )
        assert_error(metrologia(client, "TEST-01", "APROBADO", worker=95), 409, "SPOOL_OCCUPIED")
    assert (found["data"]["owner_id"], found["data"]["owner_name"]) == (94, "JP(94)")


def test_inspecting_a_spool_under_repair_is_409(client: TestClient) -> None:
    assert reparacion(client, "tomar", RECHAZADO, worker=94).status_code == 200
    with unchanged(client, RECHAZADO):
        found = assert_error(metrologia(client, RECHAZADO, "APROBADO"), 409, "SPOOL_OCCUPIED")
    assert found["data"]["owner_id"] == 94


# --- 410 LOCK_EXPIRED -----------------------------------------------------------------------


@pytest.mark.parametrize("action", RELEASES)
def test_the_worker_of_a_lapsed_hold_nobody_took_still_pauses_or_completes_it(
    client: TestClient, clock: FakeClock, action: Command
) -> None:
    """CONTRACT §1.2: the work was done; the audit notes the lapse."""
    taken = tomar(client, "TEST-01", 93)
    assert taken.status_code == 200
    clock.advance(LEASE_SECONDS + 1)
    done = action(client, "TEST-01", 93)
    assert done.status_code == 200, done.text
    expiry, closing = events(client, "TEST-01")[-2:]
    assert expiry["evento_tipo"] == "LEASE_EXPIRADO"
    lapsed_at = datetime.fromisoformat(taken.json()["lease_expires_at"])
    assert datetime.fromisoformat(closing["metadata"]["toma_vencida_at"]) == lapsed_at
    assert closing["worker_id"] == 93


@pytest.mark.parametrize("action", RELEASES)
def test_the_worker_of_a_lapsed_hold_another_worker_took_gets_410_lock_expired(
    client: TestClient, clock: FakeClock, action: Command
) -> None:
    taken = tomar(client, "TEST-01", 93)
    clock.advance(LEASE_SECONDS + 1)
    assert tomar(client, "TEST-01", 94).status_code == 200
    with unchanged(client, "TEST-01"):
        found = assert_error(action(client, "TEST-01", 93), 410, "LOCK_EXPIRED")
    # The lapse reads in the shop's timezone, as in the TOMAR response.
    lease = taken.json()["lease_expires_at"]
    assert found["data"]["vencida_at"] == lease
    assert found["data"]["owner_name"] == "JP(94)"
    assert f"venció a las {datetime.fromisoformat(lease):%H:%M}" in found["message"]
    assert spool(client, "TEST-01")["ocupado_por"] == "JP(94)"


def test_a_lease_one_second_before_expiry_still_belongs_to_its_holder(
    client: TestClient, clock: FakeClock
) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(LEASE_SECONDS - 1)
    assert_error(tomar(client, "TEST-01", 94), 409, "SPOOL_OCCUPIED")
    assert pausar(client, "TEST-01", 93).status_code == 200


def test_the_lapsed_holder_gets_410_once_another_worker_moved_the_spool_on(
    client: TestClient, clock: FakeClock
) -> None:
    """Taken, paused and finished by another worker since: 410 before the 400 state error."""
    assert tomar(client, "TEST-01", 93).status_code == 200
    clock.advance(LEASE_SECONDS + 1)
    assert tomar(client, "TEST-01", 94).status_code == 200
    assert completar(client, "TEST-01", 94).status_code == 200
    with unchanged(client, "TEST-01"):
        found = assert_error(completar(client, "TEST-01", 93), 410, "LOCK_EXPIRED")
    assert "el spool siguió su curso" in found["message"]


def test_the_lapsed_holder_of_a_repair_still_completes_it(
    client: TestClient, clock: FakeClock
) -> None:
    assert reparacion(client, "tomar", RECHAZADO, worker=96).status_code == 200
    clock.advance(LEASE_SECONDS + 1)
    done = reparacion(client, "completar", RECHAZADO, worker=96)
    assert done.status_code == 200, done.text
    assert spool(client, RECHAZADO)["estado"]["reparacion"] == "COMPLETADA"


# --- 401 / 403 on admin routes --------------------------------------------------------------

ADMIN_CALLS = [
    pytest.param(
        "/api/supervisor/desbloquear",
        {"tag_spool": BLOQUEADO, "supervisor_id": 97, "motivo": "revisado en terreno"},
        id="desbloquear",
    ),
    pytest.param(
        "/api/supervisor/liberar",
        {"tag_spool": BLOQUEADO, "supervisor_id": 97, "motivo": "tablet abandonada"},
        id="liberar",
    ),
    pytest.param(
        "/api/admin/spools",
        {"tag_spool": BLOQUEADO, "fecha_materiales": None},
        id="admin-spools",
    ),
    pytest.param(
        "/api/admin/workers",
        {"id": 93, "nombre": "X", "apellido": "Y", "roles": [], "activo": False},
        id="admin-workers",
    ),
    pytest.param(f"/api/admin/spools/{BLOQUEADO}/reset", {}, id="reset"),
]


@pytest.mark.parametrize(("url", "body"), ADMIN_CALLS)
def test_an_admin_route_without_a_token_is_401_unauthenticated(
    client: TestClient, url: str, body: dict[str, Any]
) -> None:
    with unchanged(client, BLOQUEADO, "TEST-01"):
        response = client.post(url, json=body)
        assert_error(response, 401, "UNAUTHENTICATED")
    assert client.get("/api/workers/93/roles").status_code == 200


@pytest.mark.parametrize(("url", "body"), ADMIN_CALLS)
def test_an_admin_route_with_a_wrong_token_is_403_forbidden(
    client: TestClient, url: str, body: dict[str, Any]
) -> None:
    wrong = {"Authorization": "Bearer not-the-admin-token"}
    with unchanged(client, BLOQUEADO, "TEST-01"):
        assert_error(client.post(url, json=body, headers=wrong), 403, "FORBIDDEN")
    assert client.get("/api/workers/93/roles").status_code == 200


# --- Precedence: 422 → 404 → 403 blocked → 403 role → idempotent 200 → 409 → 410 → 400 → 403


def test_validation_comes_before_an_unknown_spool(client: TestClient) -> None:
    assert_validation_error(
        client.post(TOMAR_URL, json=_tomar_body(tag_spool="FAKE-999", worker_id=0))
    )


def test_an_unknown_worker_on_a_blocked_spool_is_404(client: TestClient) -> None:
    with unchanged(client, BLOQUEADO):
        assert_error(tomar(client, BLOQUEADO, 9999), 404, "WORKER_NO_ENCONTRADO")


def test_a_blocked_spool_is_reported_before_a_missing_role(client: TestClient) -> None:
    with unchanged(client, BLOQUEADO):
        assert_error(tomar(client, BLOQUEADO, 95), 403, "SPOOL_BLOQUEADO")
        assert_error(metrologia(client, BLOQUEADO, "APROBADO", worker=94), 403, "SPOOL_BLOQUEADO")


def test_a_missing_role_is_reported_before_the_spool_being_occupied(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    with unchanged(client, "TEST-01"):
        assert_error(tomar(client, "TEST-01", 95), 403, "ROL_NO_AUTORIZADO")


def test_the_holder_repeating_tomar_gets_200_a_renewed_hold_and_no_event(
    client: TestClient, clock: FakeClock
) -> None:
    first = tomar(client, "TEST-01", 93)
    assert first.status_code == 200
    clock.advance(600)
    again = tomar(client, "TEST-01", 93)
    assert again.status_code == 200, again.text
    renewed = datetime.fromisoformat(again.json()["lease_expires_at"])
    assert renewed == datetime.fromisoformat(first.json()["lease_expires_at"]) + timedelta(
        seconds=600
    )
    assert again.json()["renovada"] is True and first.json()["renovada"] is False
    assert again.json()["message"] == "Spool TEST-01 ya tomado por MR(93): toma renovada"
    assert len(events(client, "TEST-01")) == 1
    assert spool(client, "TEST-01")["lease_expires_at"] == again.json()["lease_expires_at"]


def test_a_state_error_comes_before_not_being_the_holder(client: TestClient) -> None:
    assert tomar(client, ARM_COMPLETADO, 93, "SOLD").status_code == 200
    with unchanged(client, ARM_COMPLETADO):
        assert_error(completar(client, ARM_COMPLETADO, 94, "ARM"), 400, "OPERACION_YA_COMPLETADA")
    assert tomar(client, "TEST-01", 93).status_code == 200
    with unchanged(client, "TEST-01"):
        assert_error(pausar(client, "TEST-01", 94, "SOLD"), 400, "OPERACION_NO_INICIADA")


def test_no_rejected_request_in_a_burst_writes_an_audit_event(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    with unchanged(client, "TEST-01", BLOQUEADO, SOLDADO):
        responses = [
            tomar(client, "TEST-01", 94),
            pausar(client, "TEST-01", 94),
            completar(client, "TEST-01", 94),
            tomar(client, BLOQUEADO, 93),
            tomar(client, SOLDADO, 93, "METROLOGIA"),
            completar(client, "TEST-01", 93, fecha_operacion="2030-01-01"),
        ]
        assert all(r.status_code >= 400 for r in responses)
    assert [e["evento_tipo"] for e in events(client, "TEST-01")] == ["TOMAR_SPOOL"]
