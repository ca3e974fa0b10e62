"""The eight production smoke scenarios of CONTRACT §6 and what each of them covers."""

from __future__ import annotations

from collections.abc import Callable

from zeues.ops import calls as api
from zeues.ops.e2e.steps import ScenarioFailed, ScenarioRunner


def s1_full_arm_cycle(r: ScenarioRunner) -> None:
    w1 = r.workers.w1
    r.step("W1 TOMAR ARM", api.tomar(r.tag, w1, "ARM"))
    r.step("W1 PAUSAR ARM", api.pausar(r.tag, w1, "ARM"))
    r.step("W1 TOMAR ARM (reanudar)", api.tomar(r.tag, w1, "ARM"))
    r.step("W1 COMPLETAR ARM", api.completar(r.tag, w1, "ARM", r.fecha))


def s2_conflict(r: ScenarioRunner) -> None:
    r.step("W1 TOMAR ARM", api.tomar(r.tag, r.workers.w1, "ARM"))
    r.step(
        "W2 TOMAR ARM → conflicto", api.tomar(r.tag, r.workers.w2, "ARM"), (409,), "SPOOL_OCCUPIED"
    )
    r.step("W1 PAUSAR ARM", api.pausar(r.tag, r.workers.w1, "ARM"))


def s3_pause_without_take(r: ScenarioRunner) -> None:
    r.step(
        "W1 PAUSAR ARM sin TOMAR",
        api.pausar(r.tag, r.workers.w1, "ARM"),
        (400,),
        "OPERACION_NO_INICIADA",
    )


def s4_unknown_spool(r: ScenarioRunner) -> None:
    r.step(
        "W1 TOMAR ARM en FAKE-999",
        api.tomar("FAKE-999", r.workers.w1, "ARM"),
        (404,),
        "SPOOL_NO_ENCONTRADO",
    )


def s5_history(r: ScenarioRunner) -> None:
    result = r.step(f"GET historial de {r.tag}", api.history(r.tag))
    if not isinstance(result.get("sessions"), list):
        raise ScenarioFailed("La respuesta no trae la lista 'sessions'")


def s6_health(r: ScenarioRunner) -> None:
    result = r.step("GET /api/health", api.health())
    status = result.get("status")
    assert r.current is not None
    r.current.note = f"status={status}, database={result.get('database')}"
    if status == "unhealthy":
        raise ScenarioFailed(f"La salud es 'unhealthy': {result.get('details')}")


def s7_sold(r: ScenarioRunner) -> None:
    w1 = r.workers.w1
    estado = r.step(f"GET estado de {r.tag}", api.spool(r.tag)).get("estado") or {}
    if estado.get("arm") != "COMPLETADO":
        r.step("W1 TOMAR ARM (necesario)", api.tomar(r.tag, w1, "ARM"))
        r.step("W1 COMPLETAR ARM (necesario)", api.completar(r.tag, w1, "ARM", r.fecha))
    r.step("W1 TOMAR SOLD", api.tomar(r.tag, w1, "SOLD"))
    r.step("W1 COMPLETAR SOLD", api.completar(r.tag, w1, "SOLD", r.fecha))


def s8_metrologia(r: ScenarioRunner) -> None:
    r.arm_and_sold_completed()
    r.step(
        "COMPLETAR METROLOGIA APROBADO sin TOMAR",
        api.completar(r.tag, r.workers.inspector, "METROLOGIA", r.fecha, "APROBADO"),
    )


Scenario = tuple[int, str, bool, Callable[[ScenarioRunner], None]]
# (number, Spanish name, writes to the test spool?, function)
SCENARIOS: list[Scenario] = [
    (1, "Ciclo ARM completo: TOMAR → PAUSAR → TOMAR → COMPLETAR", True, s1_full_arm_cycle),
    (2, "Conflicto: W2 TOMAR mientras W1 ocupa → 409", True, s2_conflict),
    (3, "PAUSAR sin TOMAR → 400", True, s3_pause_without_take),
    (4, "TOMAR en spool inexistente FAKE-999 → 404", False, s4_unknown_spool),
    (5, "Historial del spool con sesiones", False, s5_history),
    (6, "Salud del servicio (/api/health)", False, s6_health),
    (7, "Flujo SOLD: TOMAR → COMPLETAR", True, s7_sold),
    (8, "METROLOGIA APROBADO sin TOMAR", True, s8_metrologia),
]

COVERAGE: list[tuple[str, list[int]]] = [
    ("TOMAR / PAUSAR / reanudar / COMPLETAR ARM", [1]),
    ("Conflicto entre trabajadores (409 SPOOL_OCCUPIED)", [2]),
    ("Validación de estado (400 OPERACION_NO_INICIADA)", [3]),
    ("Spool inexistente (404 SPOOL_NO_ENCONTRADO)", [4]),
    ("Historial de sesiones", [5]),
    ("Salud del servicio", [6]),
    ("Soldadura (SOLD) tras ARM", [7]),
    ("Metrología instantánea", [8]),
]
