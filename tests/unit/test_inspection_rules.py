"""Metrología (zeues.domain.inspection): approvals, rejections and the repair cycle counter."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.builders import (
    ARMADOR,
    AYUDANTE,
    FECHA,
    MAURICIO,
    METROLOGO,
    approved,
    arm_done,
    arm_paused,
    at,
    blocked,
    fresh,
    rejected,
    repair_paused,
    repaired,
    welded,
)
from tests.unit.rule_acts import (
    APROBADO,
    RECHAZADO,
    Act,
    arm_held,
    check_allowed,
    check_rejected,
    inspeccionar,
    reject_and_repair,
    repair_held,
)
from zeues.domain import errors, inspection
from zeues.domain.errors import DomainError
from zeues.domain.model import (
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
    Spool,
)

E = EventoTipo
INSPECTION_ALLOWED = [
    # METROLOGIA
    pytest.param(
        welded(),
        inspeccionar(METROLOGO, APROBADO),
        {"metrologia": EstadoMetrologia.APROBADO, "ciclo": 0, "fecha_qc_metrologia": FECHA},
        [E.COMPLETAR_METROLOGIA],
        id="metrologo_approves_welded_spool_without_tomar",
    ),
    pytest.param(
        repaired(2),
        inspeccionar(MAURICIO, APROBADO),
        {"metrologia": EstadoMetrologia.APROBADO, "ciclo": 0, "bloqueado": False},
        [E.COMPLETAR_METROLOGIA],
        id="approval_after_two_rejections_resets_ciclo",
    ),
    pytest.param(
        welded(),
        inspeccionar(METROLOGO, RECHAZADO),
        {
            "metrologia": EstadoMetrologia.RECHAZADO,
            "reparacion": EstadoReparacion.PENDIENTE,
            "ciclo": 1,
            "bloqueado": False,
            "fecha_rechazo": FECHA,
        },
        [E.COMPLETAR_METROLOGIA],
        id="first_rejection_leaves_spool_repairable_at_ciclo_1",
    ),
    pytest.param(
        repaired(1),
        inspeccionar(METROLOGO, RECHAZADO),
        {"metrologia": EstadoMetrologia.RECHAZADO, "ciclo": 2, "bloqueado": False},
        [E.COMPLETAR_METROLOGIA],
        id="second_rejection_leaves_spool_repairable_at_ciclo_2",
    ),
    pytest.param(
        repaired(2),
        inspeccionar(METROLOGO, RECHAZADO),
        {"metrologia": EstadoMetrologia.RECHAZADO, "ciclo": 3, "bloqueado": True},
        [E.COMPLETAR_METROLOGIA],
        id="third_rejection_blocks_spool",
    ),
]
INSPECTION_REJECTED = [
    # 403 SPOOL_BLOQUEADO beats everything
    pytest.param(
        blocked(),
        inspeccionar(METROLOGO, APROBADO),
        errors.SpoolBloqueado,
        id="inspeccionar_on_blocked",
    ),
    pytest.param(
        blocked(),
        inspeccionar(ARMADOR, APROBADO),
        errors.SpoolBloqueado,
        id="blocked_wins_over_missing_role_on_inspeccionar",
    ),
    # 403 ROL_NO_AUTORIZADO
    pytest.param(
        welded(),
        inspeccionar(ARMADOR, APROBADO),
        errors.RolNoAutorizado,
        id="armador_inspecciona",
    ),
    pytest.param(
        welded(),
        inspeccionar(AYUDANTE, RECHAZADO),
        errors.RolNoAutorizado,
        id="ayudante_inspecciona",
    ),
    # 409 SPOOL_OCCUPIED
    pytest.param(
        arm_held(ARMADOR),
        inspeccionar(METROLOGO, APROBADO),
        errors.SpoolOcupado,
        id="inspeccionar_occupied_wins_over_missing_arm_sold",
    ),
    pytest.param(
        repair_held(AYUDANTE),
        inspeccionar(METROLOGO, RECHAZADO),
        errors.SpoolOcupado,
        id="inspeccionar_while_repair_held",
    ),
    # 400 DEPENDENCIAS_NO_SATISFECHAS
    pytest.param(
        fresh(),
        inspeccionar(METROLOGO, APROBADO),
        errors.DependenciasNoSatisfechas,
        id="inspeccionar_fresh_spool",
    ),
    pytest.param(
        arm_done(),
        inspeccionar(METROLOGO, APROBADO),
        errors.DependenciasNoSatisfechas,
        id="inspeccionar_without_sold",
    ),
    pytest.param(
        arm_done(sold=EstadoOp.PAUSADO),
        inspeccionar(METROLOGO, RECHAZADO),
        errors.DependenciasNoSatisfechas,
        id="inspeccionar_with_sold_paused",
    ),
    pytest.param(
        arm_paused(sold=EstadoOp.COMPLETADO),
        inspeccionar(METROLOGO, APROBADO),
        errors.DependenciasNoSatisfechas,
        id="inspeccionar_with_arm_paused",
    ),
    pytest.param(
        rejected(1),
        inspeccionar(METROLOGO, APROBADO),
        errors.DependenciasNoSatisfechas,
        id="new_inspection_of_rejected_unrepaired_spool",
    ),
    pytest.param(
        repair_paused(1),
        inspeccionar(METROLOGO, RECHAZADO),
        errors.DependenciasNoSatisfechas,
        id="new_inspection_during_paused_repair",
    ),
    # 400 OPERACION_YA_COMPLETADA
    pytest.param(
        approved(),
        inspeccionar(METROLOGO, APROBADO),
        errors.OperacionYaCompletada,
        id="approve_already_approved",
    ),
    pytest.param(
        approved(),
        inspeccionar(METROLOGO, RECHAZADO),
        errors.OperacionYaCompletada,
        id="reject_already_approved",
    ),
]


@pytest.mark.parametrize(("spool", "act", "expected", "tipos"), INSPECTION_ALLOWED)
def test_allowed_inspection_command_changes_state_bumps_version_and_is_audited(
    spool: Spool, act: Act, expected: dict[str, Any], tipos: list[EventoTipo]
) -> None:
    check_allowed(spool, act, expected, tipos)


@pytest.mark.parametrize(("spool", "act", "error"), INSPECTION_REJECTED)
def test_rejected_inspection_command_raises_exact_error_and_changes_nothing(
    spool: Spool, act: Act, error: type[DomainError]
) -> None:
    check_rejected(spool, act, error)


def test_approval_ends_the_flow_and_resets_the_cycle_counter() -> None:
    spool = reject_and_repair(welded(), 0)
    spool = reject_and_repair(spool, 10)

    change = inspection.inspeccionar(spool, METROLOGO, APROBADO, at(20), FECHA)

    assert change.after.metrologia is EstadoMetrologia.APROBADO
    assert change.after.ciclo == 0
    assert change.events[0].metadata["ciclo"] == 0
    assert change.events[0].metadata["resultado"] == "APROBADO"
    with pytest.raises(errors.OperacionYaCompletada):
        inspection.inspeccionar(change.after, METROLOGO, RECHAZADO, at(21), FECHA)
