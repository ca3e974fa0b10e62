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


# Scenario 9's unions: three welds and a miter, 2 + 3 + 1.5 + 4 = 10.5 inches.
UNIONS = [(1, 2.0, "BW"), (2, 3.0, "BW"), (3, 1.5, "SO"), (4, 4.0, "MIT")]


def s9_unions(r: ScenarioRunner) -> None:
    """Per-union progress (CONTRACT §2.9): W1 pauses after 2 of 4 unions, W2 is refused a
    COMPLETAR that leaves one out, then completes the rest; each is credited with their own.
    The test spool's unions are removed at the end, so scenarios 1-8 keep a spool without."""
    w1, w2 = r.workers.w1, r.workers.w2
    r.step("Cargar 4 uniones en el spool de prueba (admin)", api.put_unions(r.tag, UNIONS))
    try:
        r.step("W1 TOMAR ARM", api.tomar(r.tag, w1, "ARM"))
        r.step(
            "W1 PAUSAR ARM con uniones 1 y 2", api.with_unions(api.pausar(r.tag, w1, "ARM"), [1, 2])
        )
        r.step("W2 TOMAR ARM", api.tomar(r.tag, w2, "ARM"))
        r.step(
            "W2 COMPLETAR ARM sin la unión 4 → 400",
            api.with_unions(api.completar(r.tag, w2, "ARM", r.fecha), [3]),
            (400,),
            "DEPENDENCIAS_NO_SATISFECHAS",
        )
        r.step(
            "W2 COMPLETAR ARM con uniones 3 y 4",
            api.with_unions(api.completar(r.tag, w2, "ARM", r.fecha), [3, 4]),
        )
        found = r.step(f"GET uniones de {r.tag}", api.uniones(r.tag))
        armed = {
            u["n_union"]: (u.get("arm") or {}).get("worker_id") for u in found.get("uniones", [])
        }
        if armed != {1: w1.id, 2: w1.id, 3: w2.id, 4: w2.id}:
            raise ScenarioFailed(f"Uniones acreditadas mal: {armed}")
        day = r.step("GET registro de W2", api.registro(w2))
        here = [u for u in day.get("uniones", []) if u.get("tag_spool") == r.tag]
        if round(sum(u["dn_union"] for u in here), 1) != 5.5:
            raise ScenarioFailed(f"El registro de W2 no trae 5.5 PD en {r.tag}: {here}")
        assert r.current is not None
        r.current.note = "W1 2 uniones (5 PD), W2 2 uniones (5.5 PD)"
    finally:
        r.step("Quitar las uniones del spool de prueba (admin)", api.put_unions(r.tag, []))


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
# Run with `zeues e2e --uniones` (issue 21): the eight of CONTRACT §6 stay what v3.0 deployments
# and their checks expect.
UNION_SCENARIO: Scenario = (
    9,
    "Uniones: PAUSAR con 2 de 4, COMPLETAR el resto, PD por trabajador",
    True,
    s9_unions,
)

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
UNION_COVERAGE = ("Uniones y pulgadas-diámetro por trabajador", [9])
