"""Metrología (zeues.domain.inspection): approvals, rejections and the repair cycle counter."""

from __future__ import annotations

import pytest

from tests.unit import builders as b
from tests.unit.rule_acts import (
    APROBADO,
    RECHAZADO,
    arm_held,
    inspeccionar,
    reject_and_repair,
    repair_held,
    table_tests,
)
from zeues.domain import errors, inspection
from zeues.domain.model import (
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
)

E = EventoTipo
INSPECTION_ALLOWED = [
    # METROLOGIA
    pytest.param(
        b.welded(),
        inspeccionar(b.METROLOGO, APROBADO),
        {"metrologia": EstadoMetrologia.APROBADO, "ciclo": 0, "fecha_qc_metrologia": b.FECHA},
        [E.COMPLETAR_METROLOGIA],
        id="metrologo_approves_welded_spool_without_tomar",
    ),
    pytest.param(
        b.repaired(2),
        inspeccionar(b.MAURICIO, APROBADO),
        {"metrologia": EstadoMetrologia.APROBADO, "ciclo": 0, "bloqueado": False},
        [E.COMPLETAR_METROLOGIA],
        id="approval_after_two_rejections_resets_ciclo",
    ),
    pytest.param(
        b.welded(),
        inspeccionar(b.METROLOGO, RECHAZADO),
        {
            "metrologia": EstadoMetrologia.RECHAZADO,
            "reparacion": EstadoReparacion.PENDIENTE,
            "ciclo": 1,
            "bloqueado": False,
            "fecha_rechazo": b.FECHA,
        },
        [E.COMPLETAR_METROLOGIA],
        id="first_rejection_leaves_spool_repairable_at_ciclo_1",
    ),
    pytest.param(
        b.repaired(1),
        inspeccionar(b.METROLOGO, RECHAZADO),
        {"metrologia": EstadoMetrologia.RECHAZADO, "ciclo": 2, "bloqueado": False},
        [E.COMPLETAR_METROLOGIA],
        id="second_rejection_leaves_spool_repairable_at_ciclo_2",
    ),
    pytest.param(
        b.repaired(2),
        inspeccionar(b.METROLOGO, RECHAZADO),
        {"metrologia": EstadoMetrologia.RECHAZADO, "ciclo": 3, "bloqueado": True},
        [E.COMPLETAR_METROLOGIA],
        id="third_rejection_blocks_spool",
    ),
]
INSPECTION_REJECTED = [
    # 403 SPOOL_BLOQUEADO beats everything
    pytest.param(
        b.blocked(),
        inspeccionar(b.METROLOGO, APROBADO),
        errors.SpoolBloqueado,
        id="inspeccionar_on_blocked",
    ),
    pytest.param(
        b.blocked(),
        inspeccionar(b.ARMADOR, APROBADO),
        errors.SpoolBloqueado,
        id="blocked_wins_over_missing_role_on_inspeccionar",
    ),
    # 403 ROL_NO_AUTORIZADO
    pytest.param(
        b.welded(),
        inspeccionar(b.ARMADOR, APROBADO),
        errors.RolNoAutorizado,
        id="armador_inspecciona",
    ),
    pytest.param(
        b.welded(),
        inspeccionar(b.AYUDANTE, RECHAZADO),
        errors.RolNoAutorizado,
        id="ayudante_inspecciona",
    ),
    # 409 SPOOL_OCCUPIED
    pytest.param(
        arm_held(b.ARMADOR),
        inspeccionar(b.METROLOGO, APROBADO),
        errors.SpoolOcupado,
        id="inspeccionar_occupied_wins_over_missing_arm_sold",
    ),
    pytest.param(
        repair_held(b.AYUDANTE),
        inspeccionar(b.METROLOGO, RECHAZADO),
        errors.SpoolOcupado,
        id="inspeccionar_while_repair_held",
    ),
    # 400 DEPENDENCIAS_NO_SATISFECHAS
    pytest.param(
        b.fresh(),
        inspeccionar(b.METROLOGO, APROBADO),
        errors.DependenciasNoSatisfechas,
        id="inspeccionar_fresh_spool",
    ),
    pytest.param(
        b.arm_done(),
        inspeccionar(b.METROLOGO, APROBADO),
        errors.DependenciasNoSatisfechas,
        id="inspeccionar_without_sold",
    ),
    pytest.param(
        b.arm_done(sold=EstadoOp.PAUSADO),
        inspeccionar(b.METROLOGO, RECHAZADO),
        errors.DependenciasNoSatisfechas,
        id="inspeccionar_with_sold_paused",
    ),
    pytest.param(
        b.arm_paused(sold=EstadoOp.COMPLETADO),
        inspeccionar(b.METROLOGO, APROBADO),
        errors.DependenciasNoSatisfechas,
        id="inspeccionar_with_arm_paused",
    ),
    pytest.param(
        b.rejected(1),
        inspeccionar(b.METROLOGO, APROBADO),
        errors.DependenciasNoSatisfechas,
        id="new_inspection_of_rejected_unrepaired_spool",
    ),
    pytest.param(
        b.repair_paused(1),
        inspeccionar(b.METROLOGO, RECHAZADO),
        errors.DependenciasNoSatisfechas,
        id="new_inspection_during_paused_repair",
    ),
    # 400 OPERACION_YA_COMPLETADA
    pytest.param(
        b.approved(),
        inspeccionar(b.METROLOGO, APROBADO),
        errors.OperacionYaCompletada,
        id="approve_already_approved",
    ),
    pytest.param(
        b.approved(),
        inspeccionar(b.METROLOGO, RECHAZADO),
        errors.OperacionYaCompletada,
        id="reject_already_approved",
    ),
]


(
    test_allowed_inspection_command_changes_state_bumps_version_and_is_audited,
    test_rejected_inspection_command_raises_exact_error_and_changes_nothing,
) = table_tests(INSPECTION_ALLOWED, INSPECTION_REJECTED)


def test_approval_ends_the_flow_and_resets_the_cycle_counter() -> None:
    spool = reject_and_repair(b.welded(), 0)
    spool = reject_and_repair(spool, 10)

    change = inspection.inspeccionar(spool, b.METROLOGO, APROBADO, b.at(20), b.FECHA)

    assert change.after.metrologia is EstadoMetrologia.APROBADO
    assert change.after.ciclo == 0
    assert change.events[0].metadata["ciclo"] == 0
    assert change.events[0].metadata["resultado"] == "APROBADO"
    with pytest.raises(errors.OperacionYaCompletada):
        inspection.inspeccionar(change.after, b.METROLOGO, RECHAZADO, b.at(21), b.FECHA)
