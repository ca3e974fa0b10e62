"""Supervisor commands (zeues.domain.supervision): LIBERAR, DESBLOQUEAR and the test-spool
RESET, and the block after the third rejection.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.builders import (
    ARMADOR,
    FECHA,
    MATERIALES,
    MAURICIO,
    METROLOGO,
    SIN_ROL,
    SUPERVISOR,
    TTL,
    arm_paused,
    at,
    blocked,
    fresh,
    rejected,
    welded,
)
from tests.unit.rule_acts import (
    AFTER,
    ARM,
    RECHAZADO,
    REP,
    Act,
    arm_held,
    cancelar,
    check_allowed,
    check_rejected,
    completar,
    desbloquear,
    liberar,
    reject_and_repair,
    repair_held,
    reset,
    sold_held,
    tomar,
)
from zeues.domain import errors, inspection, occupation, supervision
from zeues.domain.errors import DomainError
from zeues.domain.model import (
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
    Spool,
)

E = EventoTipo
SUPERVISION_ALLOWED = [
    # Supervisor: LIBERAR, DESBLOQUEAR; test-spool RESET
    pytest.param(
        arm_held(),
        liberar(SUPERVISOR),
        {"arm": EstadoOp.PAUSADO, "holder": None, "armador": "AA(1)"},
        [E.LIBERACION_FORZADA],
        id="supervisor_releases_held_arm_as_paused",
    ),
    pytest.param(
        sold_held(),
        liberar(SUPERVISOR),
        {"sold": EstadoOp.PAUSADO, "holder": None},
        [E.LIBERACION_FORZADA],
        id="supervisor_releases_held_sold_as_paused",
    ),
    pytest.param(
        repair_held(),
        liberar(SUPERVISOR),
        {"reparacion": EstadoReparacion.PAUSADA, "holder": None},
        [E.LIBERACION_FORZADA],
        id="supervisor_releases_held_repair_as_paused",
    ),
    pytest.param(
        blocked(),
        desbloquear(SUPERVISOR),
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
        blocked(),
        reset(),
        {
            "arm": EstadoOp.PENDIENTE,
            "sold": EstadoOp.PENDIENTE,
            "metrologia": EstadoMetrologia.PENDIENTE,
            "reparacion": None,
            "ciclo": 0,
            "bloqueado": False,
            "armador": None,
            "fecha_materiales": MATERIALES,
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
        fresh(fecha_materiales=None),
        reset(),
        {"fecha_materiales": FECHA},
        [E.SPOOL_RESET],
        id="reset_gives_materials_today_to_spool_without_them",
    ),
    # Lease expiry: whoever acts first records LEASE_EXPIRADO, then its own event
    pytest.param(
        arm_held(ARMADOR),
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
        liberar(ARMADOR),
        errors.RolNoAutorizado,
        id="liberar_needs_supervisor",
    ),
    pytest.param(
        fresh(),
        liberar(MAURICIO),
        errors.RolNoAutorizado,
        id="liberar_free_spool_by_non_supervisor",
    ),
    pytest.param(
        blocked(), desbloquear(METROLOGO), errors.RolNoAutorizado, id="desbloquear_needs_supervisor"
    ),
    pytest.param(
        fresh(),
        desbloquear(ARMADOR),
        errors.RolNoAutorizado,
        id="missing_supervisor_role_wins_over_not_blocked",
    ),
    # 400 OPERACION_NO_INICIADA
    pytest.param(
        arm_paused(), liberar(SUPERVISOR), errors.OperacionNoIniciada, id="liberar_free_spool"
    ),
    pytest.param(
        arm_held(ARMADOR),
        liberar(SUPERVISOR, AFTER),
        errors.OperacionNoIniciada,
        id="liberar_spool_whose_lease_expired",
    ),
    # SPOOL_NO_BLOQUEADO
    pytest.param(
        rejected(2),
        desbloquear(SUPERVISOR),
        errors.SpoolNoBloqueado,
        id="desbloquear_rejected_not_blocked",
    ),
    pytest.param(fresh(), desbloquear(SUPERVISOR), errors.SpoolNoBloqueado, id="desbloquear_fresh"),
]


@pytest.mark.parametrize(("spool", "act", "expected", "tipos"), SUPERVISION_ALLOWED)
def test_allowed_supervision_command_changes_state_bumps_version_and_is_audited(
    spool: Spool, act: Act, expected: dict[str, Any], tipos: list[EventoTipo]
) -> None:
    check_allowed(spool, act, expected, tipos)


@pytest.mark.parametrize(("spool", "act", "error"), SUPERVISION_REJECTED)
def test_rejected_supervision_command_raises_exact_error_and_changes_nothing(
    spool: Spool, act: Act, error: type[DomainError]
) -> None:
    check_rejected(spool, act, error)


def test_third_rejection_blocks_and_supervisor_override_returns_rechazado_at_ciclo_0() -> None:
    spool = reject_and_repair(welded(), 0)
    spool = reject_and_repair(spool, 10)
    assert (spool.ciclo, spool.bloqueado) == (2, False)

    third = inspection.inspeccionar(spool, METROLOGO, RECHAZADO, at(20), FECHA)
    spool = third.after
    assert (spool.ciclo, spool.bloqueado, spool.metrologia) == (
        3,
        True,
        EstadoMetrologia.RECHAZADO,
    )
    assert third.events[0].metadata["ciclo"] == 3
    assert third.events[0].metadata["resultado"] == "RECHAZADO"
    for act in (tomar(SIN_ROL, REP, 21), cancelar(SIN_ROL, 21), completar(SIN_ROL, REP, 21)):
        with pytest.raises(errors.SpoolBloqueado):
            act(spool)

    override = supervision.desbloquear(spool, SUPERVISOR, "revisado con calidad", at(30))
    spool = override.after
    assert (spool.ciclo, spool.bloqueado, spool.metrologia, spool.reparacion) == (
        0,
        False,
        EstadoMetrologia.RECHAZADO,
        EstadoReparacion.PENDIENTE,
    )
    (ev,) = override.events
    assert ev.metadata["motivo"] == "revisado con calidad"
    assert ev.worker_id == SUPERVISOR.id

    spool = occupation.tomar(spool, SIN_ROL, REP, at(31), TTL).after
    spool = occupation.completar(spool, SIN_ROL, REP, at(32), FECHA).after
    spool = inspection.inspeccionar(spool, METROLOGO, RECHAZADO, at(33), FECHA).after
    assert (spool.ciclo, spool.bloqueado) == (1, False)


def test_liberar_records_supervisor_reason_and_released_worker() -> None:
    change = supervision.liberar(arm_held(ARMADOR), SUPERVISOR, "tablet abandonada", at(5))

    (ev,) = change.events
    assert ev.evento_tipo is EventoTipo.LIBERACION_FORZADA
    assert ev.worker_id == SUPERVISOR.id
    assert ev.operacion is ARM
    assert ev.metadata["motivo"] == "tablet abandonada"
    assert ev.metadata["liberado_worker_id"] == ARMADOR.id
