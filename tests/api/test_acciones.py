"""GET /api/spools/{tag}/acciones against the commands themselves: for every situation of the
rules table (CONTRACT §1), every worker kind and every action, `permitida` holds exactly when the
real command then succeeds on the same state, and a refusal carries the command's error code."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.api.helpers import TODAY, assert_error, assert_validation_error, unchanged
from tests.conftest import FakeClock
from tests.unit.builders import (
    ARMADOR,
    AYUDANTE,
    JUAN,
    MAURICIO,
    METROLOGO,
    SIN_ROL,
    SOLDADOR,
    SUPERVISOR,
    approved,
    arm_done,
    arm_paused,
    at,
    blocked,
    fresh,
    held,
    rejected,
    repair_paused,
    repaired,
    welded,
)
from zeues.container import Container
from zeues.domain.model import EstadoOp, Lapse, Operacion, Spool

ARM, SOLD, REP = Operacion.ARM, Operacion.SOLD, Operacion.REPARACION
WORKERS = [ARMADOR, SOLDADOR, AYUDANTE, METROLOGO, SUPERVISOR, SIN_ROL, MAURICIO, JUAN]
PAIRS = [
    ("ARM", "TOMAR"), ("ARM", "PAUSAR"), ("ARM", "COMPLETAR"),
    ("SOLD", "TOMAR"), ("SOLD", "PAUSAR"), ("SOLD", "COMPLETAR"),
    ("METROLOGIA", "COMPLETAR"),
    ("REPARACION", "TOMAR"), ("REPARACION", "PAUSAR"), ("REPARACION", "COMPLETAR"),
    ("REPARACION", "CANCELAR"),
]  # fmt: skip

# Every situation the rules table distinguishes. Holds start at T0 with a 1-hour lease; the
# test runs 10 minutes later, so "expired" ones start two hours earlier.
STATES: dict[str, Spool] = {
    "fresh": fresh(),
    "no_materials": fresh(fecha_materiales=None),
    "arm_held": held(fresh(), ARMADOR, ARM),
    "arm_held_by_juan": held(fresh(), JUAN, ARM),
    "arm_held_expired": held(fresh(), ARMADOR, ARM, since=at(-120)),
    # ARMADOR's hold lapsed at -60; JUAN took ARM over, then paused it
    "arm_taken_over": held(fresh(lapsed=Lapse(ARMADOR.id, ARM, at(-60))), JUAN, ARM),
    "arm_moved_on": arm_paused(lapsed=Lapse(ARMADOR.id, ARM, at(-60))),
    "arm_paused": arm_paused(),
    "arm_done": arm_done(),
    "sold_held": held(arm_done(), SOLDADOR, SOLD),
    "sold_held_expired": held(arm_done(), SOLDADOR, SOLD, since=at(-120)),
    "sold_paused": arm_done(sold=EstadoOp.PAUSADO, soldador="SS(2)"),
    "sold_while_arm_paused": held(arm_paused(), SOLDADOR, SOLD),
    "welded": welded(),
    "approved": approved(),
    "rejected": rejected(1),
    "rejected_twice": rejected(2),
    "repair_held": held(rejected(1), AYUDANTE, REP),
    "repair_held_expired": held(rejected(1), AYUDANTE, REP, since=at(-120)),
    "repair_paused": repair_paused(1),
    "repaired": repaired(2),
    "blocked": blocked(),
}


def _command(client: TestClient, tag: str, worker: int, op: str, accion: str) -> Response:
    body: dict[str, Any] = {"tag_spool": tag, "worker_id": worker, "operacion": op}
    if accion == "CANCELAR":
        return client.post("/api/cancelar-reparacion", json={"tag_spool": tag, "worker_id": worker})
    if accion == "COMPLETAR":
        body["fecha_operacion"] = TODAY
        if op == "METROLOGIA":
            body["resultado"] = "RECHAZADO" if worker % 2 else "APROBADO"
    return client.post(f"/api/occupation/{accion.lower()}", json=body)


def _insert(container: Container, spools: list[Spool]) -> None:
    with container.store.write() as tx:
        for worker in WORKERS:
            tx.upsert_worker(worker)
        for spool in spools:
            tx.insert_spool(spool)


@pytest.mark.parametrize("state", list(STATES))
def test_acciones_allows_exactly_what_the_command_then_does(
    client: TestClient, container: Container, clock: FakeClock, state: str
) -> None:
    cases = [(w, op, accion) for w in WORKERS for op, accion in PAIRS]
    # Upper-case: the one tag rule (domain/tags.py) normalises what the API is given.
    tags = [f"AC-{state.upper()}-{i}" for i in range(len(cases))]
    _insert(container, [STATES[state].evolve(tag_spool=tag) for tag in tags])
    clock.advance(600)
    checked = {True: 0, False: 0}
    for tag, (worker, op, accion) in zip(tags, cases, strict=True):
        with unchanged(client, tag, totals=False):
            answer = client.get(f"/api/spools/{tag}/acciones", params={"worker_id": worker.id})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["tag_spool"], body["worker_id"]) == (tag, worker.id)
        assert [(a["operacion"], a["accion"]) for a in body["acciones"]] == PAIRS
        said = next(a for a in body["acciones"] if (a["operacion"], a["accion"]) == (op, accion))
        done = _command(client, tag, worker.id, op, accion)
        where = f"{state}: {worker.nombre_completo} {op} {accion}"
        assert said["permitida"] == (done.status_code == 200), f"{where}: {said} vs {done.text}"
        if not said["permitida"]:
            assert said["error"] == done.json()["error"], where
            assert said["message"] == done.json()["message"], where
        else:
            assert said["error"] is None and said["message"] is None, where
        checked[said["permitida"]] += 1
    assert sum(checked.values()) == len(cases)


def test_every_rule_outcome_is_exercised_somewhere(
    client: TestClient, container: Container, clock: FakeClock
) -> None:
    """The table above reaches every refusal code the commands have (guards the test itself)."""
    _insert(container, [s.evolve(tag_spool=f"AC-{n.upper()}") for n, s in STATES.items()])
    clock.advance(600)
    codes = set()
    for name in STATES:
        for worker in WORKERS:
            found = client.get(f"/api/spools/AC-{name}/acciones", params={"worker_id": worker.id})
            codes |= {a["error"] for a in found.json()["acciones"]}
    assert codes == {
        None,
        "SPOOL_BLOQUEADO",
        "ROL_NO_AUTORIZADO",
        "NO_AUTORIZADO",
        "DEPENDENCIAS_NO_SATISFECHAS",
        "OPERACION_YA_COMPLETADA",
        "OPERACION_NO_INICIADA",
        "SPOOL_OCCUPIED",
        "LOCK_EXPIRED",
    }


def test_acciones_of_an_unknown_spool_is_404_like_the_commands(client: TestClient) -> None:
    assert_error(
        client.get("/api/spools/FAKE-999/acciones", params={"worker_id": 93}),
        404,
        "SPOOL_NO_ENCONTRADO",
    )
    # The spool is checked before the worker, as the commands do.
    assert_error(
        client.get("/api/spools/FAKE-999/acciones", params={"worker_id": 9999}),
        404,
        "SPOOL_NO_ENCONTRADO",
    )


@pytest.mark.parametrize("worker", [9999, 98])
def test_acciones_for_an_unknown_or_inactive_worker_is_404(client: TestClient, worker: int) -> None:
    assert_error(
        client.get("/api/spools/TEST-01/acciones", params={"worker_id": worker}),
        404,
        "WORKER_NO_ENCONTRADO",
    )


@pytest.mark.parametrize("params", [{}, {"worker_id": 0}, {"worker_id": "x"}])
def test_acciones_without_a_valid_worker_id_is_422(
    client: TestClient, params: dict[str, Any]
) -> None:
    assert_validation_error(client.get("/api/spools/TEST-01/acciones", params=params))


def test_acciones_are_documented_in_openapi_with_their_errors(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    route = schema["paths"]["/api/spools/{tag}/acciones"]["get"]
    assert {"200", "404", "422"} <= set(route["responses"])
    assert "AccionesResponse" in str(route["responses"]["200"])
