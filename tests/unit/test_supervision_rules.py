"""Supervisor commands (zeues.domain.supervision): LIBERAR, DESBLOQUEAR and the test-spool
RESET, and the block after the third rejection.
"""

from __future__ import annotations

import pytest

from tests.unit import builders as b
from tests.unit.rule_acts import (
    AFTER,
    RECHAZADO,
    arm_held,
    cancelar,
    completar,
    desbloquear,
    liberar,
    reject_and_repair,
    repair_held,
    reset,
    sold_held,
    table_tests,
    tomar,
)
from zeues.domain import errors, inspection, occupation, supervision
from zeues.domain.model import (
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
)

E = EventoTipo
SUPERVISION_ALLOWED = [
    # Supervisor: LIBERAR, DESBLOQUEAR; test-spool RESET
    pytest.param(
        arm_held(),
        liberar(b.SUPERVISOR),
        {"arm": EstadoOp.PAUSADO, "holder": None, "armador": "AA(1)"},
        [E.LIBERACION_FORZADA],
        id="supervisor_releases_held_arm_as_paused",
    ),
    pytest.param(
        sold_held(),
        liberar(b.SUPERVISOR),
        {"sold": EstadoOp.PAUSADO, "holder": None},
        [E.LIBERACION_FORZADA],
        id="supervisor_releases_held_sold_as_paused",
    ),
    pytest.param(
        repair_held(),
        liberar(b.SUPERVISOR),
        {"reparacion": EstadoReparacion.PAUSADA, "holder": None},
        [E.LIBERACION_FORZADA],
        id="supervisor_releases_held_repair_as_paused",
    ),
    pytest.param(
        b.blocked(),
        desbloquear(b.SUPERVISOR),
        {
            "metrologia": EstadoMetrologia.RECHAZADO,
            "reparacion": EstadoReparacion.PENDIENTE,
            "ciclo": 0,
            "bloqueado": False,
        },
        [E.SUPERVISOR_OVERRIDE],
        id="supervisor_unblocks_to_rechazado_ciclo_0",
    ),
    pytest.param(
        b.blocked(),
        reset(),
        {
            "arm": EstadoOp.PENDIENTE,
            "sold": EstadoOp.PENDIENTE,
            "metrologia": EstadoMetrologia.PENDIENTE,
            "reparacion": None,
            "ciclo": 0,
            "bloqueado": False,
            "armador": None,
            "fecha_materiales": b.MATERIALES,
        },
        [E.SPOOL_RESET],
        id="reset_returns_blocked_spool_to_fresh_keeping_materials",
    ),
    pytest.param(
        sold_held(),
        reset(),
        {"arm": EstadoOp.PENDIENTE, "sold": EstadoOp.PENDIENTE, "holder": None},
        [E.SPOOL_RESET],
        id="reset_frees_held_spool",
    ),
    pytest.param(
        b.fresh(fecha_materiales=None),
        reset(),
        {"fecha_materiales": b.FECHA},
        [E.SPOOL_RESET],
        id="reset_gives_materials_today_to_spool_without_them",
    ),
    # Lease expiry: whoever acts first records LEASE_EXPIRADO, then its own event
    pytest.param(
        arm_held(b.ARMADOR),
        reset(AFTER),
        {"arm": EstadoOp.PENDIENTE, "holder": None},
        [E.LEASE_EXPIRADO, E.SPOOL_RESET],
        id="reset_after_lease_expired",
    ),
]
SUPERVISION_REJECTED = [
    # 403 ROL_NO_AUTORIZADO
    pytest.param(
        arm_held(),
        liberar(b.ARMADOR),
        errors.RolNoAutorizado,
        id="liberar_needs_supervisor",
    ),
    pytest.param(
        b.fresh(),
        liberar(b.MAURICIO),
        errors.RolNoAutorizado,
        id="liberar_free_spool_by_non_supervisor",
    ),
    pytest.param(
        b.blocked(),
        desbloquear(b.METROLOGO),
        errors.RolNoAutorizado,
        id="desbloquear_needs_supervisor",
    ),
    pytest.param(
        b.fresh(),
        desbloquear(b.ARMADOR),
        errors.RolNoAutorizado,
        id="missing_supervisor_role_wins_over_not_blocked",
    ),
    # 400 OPERACION_NO_INICIADA
    pytest.param(
        b.arm_paused(), liberar(b.SUPERVISOR), errors.OperacionNoIniciada, id="liberar_free_spool"
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        liberar(b.SUPERVISOR, AFTER),
        errors.OperacionNoIniciada,
        id="liberar_spool_whose_lease_expired",
    ),
    # SPOOL_NO_BLOQUEADO
    pytest.param(
        b.rejected(2),
        desbloquear(b.SUPERVISOR),
        errors.SpoolNoBloqueado,
        id="desbloquear_rejected_not_blocked",
    ),
    pytest.param(
        b.fresh(), desbloquear(b.SUPERVISOR), errors.SpoolNoBloqueado, id="desbloquear_fresh"
    ),
]


(
    test_allowed_supervision_command_changes_state_bumps_version_and_is_audited,
    test_rejected_supervision_command_raises_exact_error_and_changes_nothing,
) = table_tests(SUPERVISION_ALLOWED, SUPERVISION_REJECTED)


def test_third_rejection_blocks_and_supervisor_override_returns_rechazado_at_ciclo_0() -> None:
    spool = reject_and_repair(b.welded(), 0)
    spool = reject_and_repair(spool, 10)
    assert (spool.ciclo, spool.bloqueado) == (2, False)

    third = inspection.inspeccionar(spool, b.METROLOGO, RECHAZADO, b.at(20), b.FECHA)
    spool = third.after
    assert (spool.ciclo, spool.bloqueado, spool.metrologia) == (
        3,
        True,
        EstadoMetrologia.RECHAZADO,
    )
    assert third.events[0].metadata["ciclo"] == 3
    assert third.events[0].metadata["resultado"] == "RECHAZADO"
    for act in (
        tomar(b.SIN_ROL, b.REP, 21),
        cancelar(b.SIN_ROL, 21),
        completar(b.SIN_ROL, b.REP, 21),
    ):
        with pytest.raises(errors.SpoolBloqueado):
            act(spool)

    override = supervision.desbloquear(spool, b.SUPERVISOR, "revisado con calidad", b.at(30))
    spool = override.after
    assert (spool.ciclo, spool.bloqueado, spool.metrologia, spool.reparacion) == (
        0,
        False,
        EstadoMetrologia.RECHAZADO,
        EstadoReparacion.PENDIENTE,
    )
    (ev,) = override.events
    assert ev.metadata["motivo"] == "revisado con calidad"
    assert ev.worker_id == b.SUPERVISOR.id

    spool = occupation.tomar(spool, b.SIN_ROL, b.REP, b.at(31), b.TTL).after
    spool = occupation.completar(spool, b.SIN_ROL, b.REP, b.at(32), b.FECHA).after
    spool = inspection.inspeccionar(spool, b.METROLOGO, RECHAZADO, b.at(33), b.FECHA).after
    assert (spool.ciclo, spool.bloqueado) == (1, False)


def test_liberar_records_supervisor_reason_and_released_worker() -> None:
    change = supervision.liberar(arm_held(b.ARMADOR), b.SUPERVISOR, "tablet abandonada", b.at(5))

    (ev,) = change.events
    assert ev.evento_tipo is EventoTipo.LIBERACION_FORZADA
    assert ev.worker_id == b.SUPERVISOR.id
    assert ev.operacion is b.ARM
    assert ev.metadata["motivo"] == "tablet abandonada"
    assert ev.metadata["liberado_worker_id"] == b.ARMADOR.id
