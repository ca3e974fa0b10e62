"""Table-driven tests of the domain commands against CONTRACT §1 and the precedence of §2.1.

Every spool below is held (when held) since T0 with a 1-hour lease, so minute 10 is inside the
lease and minute 61 is after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.unit.builders import (
    ARMADOR,
    AYUDANTE,
    FECHA,
    JUAN,
    MATERIALES,
    MAURICIO,
    METROLOGO,
    SIN_ROL,
    SOLDADOR,
    SUPERVISOR,
    T0,
    TAG,
    TTL,
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
from zeues.domain import errors, inspection, occupation, supervision
from zeues.domain.errors import DomainError
from zeues.domain.estado import detalle, effective
from zeues.domain.model import (
    Change,
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
    Operacion,
    Resultado,
    Spool,
    Worker,
)

ARM, SOLD, MET, REP = (
    Operacion.ARM,
    Operacion.SOLD,
    Operacion.METROLOGIA,
    Operacion.REPARACION,
)
APROBADO, RECHAZADO = Resultado.APROBADO, Resultado.RECHAZADO
INSIDE = 10.0  # minutes after T0: inside every lease
AFTER = 61.0  # minutes after T0: past a lease taken at T0

Act = Callable[[Spool], Change]


def tomar(worker: Worker, op: Operacion, minutes: float = INSIDE, ttl: int = TTL) -> Act:
    return lambda s: occupation.tomar(s, worker, op, at(minutes), ttl)


def pausar(worker: Worker, op: Operacion, minutes: float = INSIDE) -> Act:
    return lambda s: occupation.pausar(s, worker, op, at(minutes))


def completar(worker: Worker, op: Operacion, minutes: float = INSIDE) -> Act:
    return lambda s: occupation.completar(s, worker, op, at(minutes), FECHA)


def inspeccionar(worker: Worker, resultado: Resultado, minutes: float = INSIDE) -> Act:
    return lambda s: inspection.inspeccionar(s, worker, resultado, at(minutes), FECHA)


def cancelar(worker: Worker, minutes: float = INSIDE) -> Act:
    return lambda s: occupation.cancelar_reparacion(s, worker, at(minutes))


def liberar(worker: Worker, minutes: float = INSIDE) -> Act:
    return lambda s: supervision.liberar(s, worker, "tablet abandonada", at(minutes))


def desbloquear(worker: Worker, minutes: float = INSIDE) -> Act:
    return lambda s: supervision.desbloquear(s, worker, "revisión con calidad", at(minutes))


def reset(minutes: float = INSIDE) -> Act:
    return lambda s: supervision.reset(s, at(minutes), FECHA)


def summary(spool: Spool) -> dict[str, Any]:
    """The observable state of a spool, holder reduced to (worker id, operation)."""
    return {
        "arm": spool.arm,
        "sold": spool.sold,
        "metrologia": spool.metrologia,
        "reparacion": spool.reparacion,
        "ciclo": spool.ciclo,
        "bloqueado": spool.bloqueado,
        "holder": (spool.holder.worker_id, spool.holder.operacion) if spool.holder else None,
        "armador": spool.armador,
        "soldador": spool.soldador,
        "fecha_armado": spool.fecha_armado,
        "fecha_soldadura": spool.fecha_soldadura,
        "fecha_qc_metrologia": spool.fecha_qc_metrologia,
        "fecha_rechazo": spool.fecha_rechazo,
        "fecha_materiales": spool.fecha_materiales,
    }


def _arm_held(worker: Worker = ARMADOR) -> Spool:
    return held(fresh(), worker, ARM)


def _sold_held(worker: Worker = SOLDADOR) -> Spool:
    return held(arm_done(), worker, SOLD)


def _repair_held(worker: Worker = AYUDANTE, ciclo: int = 1) -> Spool:
    return held(rejected(ciclo), worker, REP)


# --------------------------------------------------------------------------------------------
# Allowed transitions
# --------------------------------------------------------------------------------------------

E = EventoTipo
ALLOWED = [
    # TOMAR ARM / SOLD
    pytest.param(
        fresh(),
        tomar(ARMADOR, ARM),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (1, ARM), "armador": "AA(1)"},
        [E.TOMAR_SPOOL],
        id="armador_takes_pending_arm",
    ),
    pytest.param(
        fresh(),
        tomar(AYUDANTE, ARM),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (3, ARM), "armador": "PA(3)"},
        [E.TOMAR_SPOOL],
        id="ayudante_takes_pending_arm",
    ),
    pytest.param(
        arm_paused(),
        tomar(ARMADOR, ARM),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (1, ARM)},
        [E.TOMAR_SPOOL],
        id="armador_resumes_paused_arm",
    ),
    pytest.param(
        arm_done(),
        tomar(SOLDADOR, SOLD),
        {"arm": EstadoOp.COMPLETADO, "sold": EstadoOp.EN_PROGRESO, "holder": (2, SOLD)},
        [E.TOMAR_SPOOL],
        id="soldador_takes_sold_after_arm_completed",
    ),
    pytest.param(
        arm_paused(),
        tomar(SOLDADOR, SOLD),
        {"arm": EstadoOp.PAUSADO, "sold": EstadoOp.EN_PROGRESO, "soldador": "SS(2)"},
        [E.TOMAR_SPOOL],
        id="soldador_takes_sold_when_arm_started_and_paused",
    ),
    pytest.param(
        arm_done(),
        tomar(AYUDANTE, SOLD),
        {"sold": EstadoOp.EN_PROGRESO, "holder": (3, SOLD), "soldador": "PA(3)"},
        [E.TOMAR_SPOOL],
        id="ayudante_takes_sold",
    ),
    pytest.param(
        arm_done(sold=EstadoOp.PAUSADO, soldador="SS(2)"),
        tomar(MAURICIO, SOLD),
        {"sold": EstadoOp.EN_PROGRESO, "holder": (93, SOLD), "soldador": "SS(2)"},
        [E.TOMAR_SPOOL],
        id="another_soldador_resumes_paused_sold_keeping_first_soldador",
    ),
    # TOMAR REPARACION
    pytest.param(
        rejected(1),
        tomar(SIN_ROL, REP),
        {"reparacion": EstadoReparacion.EN_REPARACION, "holder": (6, REP), "ciclo": 1},
        [E.TOMAR_REPARACION],
        id="worker_without_roles_takes_repair_of_rejected_spool",
    ),
    pytest.param(
        repair_paused(2),
        tomar(ARMADOR, REP),
        {"reparacion": EstadoReparacion.EN_REPARACION, "holder": (1, REP), "ciclo": 2},
        [E.TOMAR_REPARACION],
        id="armador_resumes_paused_repair",
    ),
    # PAUSAR
    pytest.param(
        _arm_held(),
        pausar(ARMADOR, ARM),
        {"arm": EstadoOp.PAUSADO, "holder": None, "armador": "AA(1)"},
        [E.PAUSAR_SPOOL],
        id="holder_pauses_arm",
    ),
    pytest.param(
        _sold_held(),
        pausar(SOLDADOR, SOLD),
        {"sold": EstadoOp.PAUSADO, "holder": None},
        [E.PAUSAR_SPOOL],
        id="holder_pauses_sold",
    ),
    pytest.param(
        _repair_held(),
        pausar(AYUDANTE, REP),
        {"reparacion": EstadoReparacion.PAUSADA, "holder": None},
        [E.PAUSAR_REPARACION],
        id="holder_pauses_repair",
    ),
    # COMPLETAR
    pytest.param(
        _arm_held(),
        completar(ARMADOR, ARM),
        {"arm": EstadoOp.COMPLETADO, "holder": None, "fecha_armado": FECHA},
        [E.COMPLETAR_ARM],
        id="holder_completes_arm",
    ),
    pytest.param(
        _sold_held(),
        completar(SOLDADOR, SOLD),
        {"sold": EstadoOp.COMPLETADO, "holder": None, "fecha_soldadura": FECHA},
        [E.COMPLETAR_SOLD],
        id="holder_completes_sold",
    ),
    pytest.param(
        _repair_held(ciclo=2),
        completar(AYUDANTE, REP),
        {
            "reparacion": EstadoReparacion.COMPLETADA,
            "metrologia": EstadoMetrologia.PENDIENTE,
            "holder": None,
            "ciclo": 2,
        },
        [E.COMPLETAR_REPARACION],
        id="holder_completes_repair_and_metrologia_is_pending_again",
    ),
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
    # CANCELAR REPARACION
    pytest.param(
        _repair_held(),
        cancelar(AYUDANTE),
        {
            "reparacion": EstadoReparacion.PENDIENTE,
            "metrologia": EstadoMetrologia.RECHAZADO,
            "holder": None,
            "ciclo": 1,
        },
        [E.CANCELAR_REPARACION],
        id="holder_cancels_repair_back_to_rechazado",
    ),
    pytest.param(
        repair_paused(2),
        cancelar(SIN_ROL),
        {"reparacion": EstadoReparacion.PENDIENTE, "ciclo": 2},
        [E.CANCELAR_REPARACION],
        id="anyone_cancels_paused_repair",
    ),
    # Supervisor: LIBERAR, DESBLOQUEAR; test-spool RESET
    pytest.param(
        _arm_held(),
        liberar(SUPERVISOR),
        {"arm": EstadoOp.PAUSADO, "holder": None, "armador": "AA(1)"},
        [E.LIBERACION_FORZADA],
        id="supervisor_releases_held_arm_as_paused",
    ),
    pytest.param(
        _sold_held(),
        liberar(SUPERVISOR),
        {"sold": EstadoOp.PAUSADO, "holder": None},
        [E.LIBERACION_FORZADA],
        id="supervisor_releases_held_sold_as_paused",
    ),
    pytest.param(
        _repair_held(),
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
        _sold_held(),
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
        _arm_held(ARMADOR),
        tomar(JUAN, ARM, AFTER),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (94, ARM), "armador": "AA(1)"},
        [E.LEASE_EXPIRADO, E.TOMAR_SPOOL],
        id="other_worker_takes_arm_after_lease_expired",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        tomar(SOLDADOR, SOLD, AFTER),
        {"arm": EstadoOp.PAUSADO, "sold": EstadoOp.EN_PROGRESO, "holder": (2, SOLD)},
        [E.LEASE_EXPIRADO, E.TOMAR_SPOOL],
        id="other_worker_takes_sold_after_arm_lease_expired",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        tomar(ARMADOR, ARM, AFTER),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (1, ARM)},
        [E.LEASE_EXPIRADO, E.TOMAR_SPOOL],
        id="expired_holder_takes_arm_again",
    ),
    pytest.param(
        _repair_held(AYUDANTE),
        tomar(SIN_ROL, REP, AFTER),
        {"reparacion": EstadoReparacion.EN_REPARACION, "holder": (6, REP)},
        [E.LEASE_EXPIRADO, E.TOMAR_REPARACION],
        id="other_worker_takes_repair_after_lease_expired",
    ),
    pytest.param(
        _repair_held(AYUDANTE),
        cancelar(SIN_ROL, AFTER),
        {"reparacion": EstadoReparacion.PENDIENTE, "holder": None},
        [E.LEASE_EXPIRADO, E.CANCELAR_REPARACION],
        id="other_worker_cancels_repair_after_lease_expired",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        reset(AFTER),
        {"arm": EstadoOp.PENDIENTE, "holder": None},
        [E.LEASE_EXPIRADO, E.SPOOL_RESET],
        id="reset_after_lease_expired",
    ),
]


@pytest.mark.parametrize(("spool", "act", "expected", "tipos"), ALLOWED)
def test_allowed_transition_changes_state_bumps_version_and_is_audited(
    spool: Spool, act: Act, expected: dict[str, Any], tipos: list[EventoTipo]
) -> None:
    before = spool.evolve(version=7)

    change = act(before)

    got = summary(change.after)
    assert {k: got[k] for k in expected} == expected
    assert change.changed is True
    assert change.after.version == 8
    assert [e.evento_tipo for e in change.events] == tipos
    assert all(e.tag_spool == TAG for e in change.events)
    assert len({e.timestamp for e in change.events}) == 1
    last = change.events[-1]
    assert last.metadata["estado_detalle"] == detalle(change.after)


# --------------------------------------------------------------------------------------------
# Rejections, including which error wins when several apply (CONTRACT §2.1)
# --------------------------------------------------------------------------------------------

SIN_ROLES_ANA = Worker(1, "Ana", "Araya", ())  # the ARM holder after losing her roles


def _sold_done_arm_held_again() -> Spool:
    """SOLD completed while ARM was paused, then ARM taken again by ARMADOR."""
    return held(
        arm_paused(sold=EstadoOp.COMPLETADO, soldador="SS(2)", fecha_soldadura=FECHA),
        ARMADOR,
        ARM,
    )


def _arm_taken_over_by_juan() -> Spool:
    """ARMADOR's lease ran out at minute 60; JUAN took ARM at minute 61."""
    return held(_arm_held(ARMADOR).evolve(arm=EstadoOp.PAUSADO), JUAN, ARM, since=at(AFTER))


REJECTED = [
    # 403 SPOOL_BLOQUEADO beats everything
    pytest.param(blocked(), tomar(ARMADOR, ARM), errors.SpoolBloqueado, id="tomar_arm_on_blocked"),
    pytest.param(
        blocked(), tomar(SIN_ROL, REP), errors.SpoolBloqueado, id="tomar_repair_on_blocked"
    ),
    pytest.param(
        blocked(), pausar(SIN_ROL, REP), errors.SpoolBloqueado, id="pausar_repair_on_blocked"
    ),
    pytest.param(
        blocked(), completar(SIN_ROL, REP), errors.SpoolBloqueado, id="completar_repair_on_blocked"
    ),
    pytest.param(
        blocked(), completar(SOLDADOR, SOLD), errors.SpoolBloqueado, id="completar_sold_on_blocked"
    ),
    pytest.param(
        blocked(),
        inspeccionar(METROLOGO, APROBADO),
        errors.SpoolBloqueado,
        id="inspeccionar_on_blocked",
    ),
    pytest.param(blocked(), cancelar(SIN_ROL), errors.SpoolBloqueado, id="cancelar_on_blocked"),
    pytest.param(
        blocked(),
        tomar(SOLDADOR, ARM),
        errors.SpoolBloqueado,
        id="blocked_wins_over_missing_role_on_tomar",
    ),
    pytest.param(
        blocked(),
        inspeccionar(ARMADOR, APROBADO),
        errors.SpoolBloqueado,
        id="blocked_wins_over_missing_role_on_inspeccionar",
    ),
    # 403 ROL_NO_AUTORIZADO
    pytest.param(fresh(), tomar(SOLDADOR, ARM), errors.RolNoAutorizado, id="soldador_tomar_arm"),
    pytest.param(fresh(), tomar(METROLOGO, ARM), errors.RolNoAutorizado, id="metrologo_tomar_arm"),
    pytest.param(
        fresh(), tomar(SUPERVISOR, ARM), errors.RolNoAutorizado, id="supervisor_tomar_arm"
    ),
    pytest.param(arm_done(), tomar(ARMADOR, SOLD), errors.RolNoAutorizado, id="armador_tomar_sold"),
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
    pytest.param(
        fresh(),
        tomar(ARMADOR, SOLD),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_missing_arm_prerequisite",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        tomar(SOLDADOR, ARM),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_occupied",
    ),
    pytest.param(
        welded(),
        tomar(ARMADOR, MET),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_metrologia_not_applicable",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        tomar(SIN_ROLES_ANA, ARM),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_idempotent_tomar_by_holder",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        pausar(SOLDADOR, ARM),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_not_holder_on_pausar",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        pausar(SIN_ROLES_ANA, ARM, AFTER),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_lock_expired",
    ),
    pytest.param(
        _arm_held(),
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
    # 409 SPOOL_OCCUPIED
    pytest.param(
        _arm_held(ARMADOR), tomar(JUAN, ARM), errors.SpoolOcupado, id="second_worker_tomar_arm"
    ),
    pytest.param(
        _arm_held(ARMADOR),
        tomar(SOLDADOR, SOLD),
        errors.SpoolOcupado,
        id="second_worker_tomar_sold_while_arm_held",
    ),
    pytest.param(
        _repair_held(AYUDANTE),
        tomar(SIN_ROL, REP),
        errors.SpoolOcupado,
        id="second_worker_tomar_repair",
    ),
    pytest.param(
        _sold_done_arm_held_again(),
        tomar(JUAN, SOLD),
        errors.SpoolOcupado,
        id="occupied_wins_over_already_completed",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        tomar(MAURICIO, MET),
        errors.SpoolOcupado,
        id="occupied_wins_over_metrologia_not_applicable",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        inspeccionar(METROLOGO, APROBADO),
        errors.SpoolOcupado,
        id="inspeccionar_occupied_wins_over_missing_arm_sold",
    ),
    pytest.param(
        _repair_held(AYUDANTE),
        inspeccionar(METROLOGO, RECHAZADO),
        errors.SpoolOcupado,
        id="inspeccionar_while_repair_held",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        tomar(JUAN, ARM, 59.9),
        errors.SpoolOcupado,
        id="lease_still_valid_just_before_expiry",
    ),
    pytest.param(
        held(fresh(), ARMADOR, ARM, ttl=0),
        tomar(JUAN, ARM, 60 * 24 * 30),
        errors.SpoolOcupado,
        id="ttl_0_lease_never_expires",
    ),
    # 410 LOCK_EXPIRED (the view shows the op PAUSADO, which would otherwise be a 400)
    pytest.param(
        _arm_held(ARMADOR),
        pausar(ARMADOR, ARM, AFTER),
        errors.LockExpirado,
        id="expired_holder_pausar_arm",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        completar(ARMADOR, ARM, AFTER),
        errors.LockExpirado,
        id="expired_holder_completar_arm",
    ),
    pytest.param(
        _sold_held(SOLDADOR),
        pausar(SOLDADOR, SOLD, AFTER),
        errors.LockExpirado,
        id="expired_holder_pausar_sold",
    ),
    pytest.param(
        _sold_held(SOLDADOR),
        completar(SOLDADOR, SOLD, AFTER),
        errors.LockExpirado,
        id="expired_holder_completar_sold",
    ),
    pytest.param(
        _repair_held(AYUDANTE),
        pausar(AYUDANTE, REP, AFTER),
        errors.LockExpirado,
        id="expired_holder_pausar_repair",
    ),
    pytest.param(
        _repair_held(AYUDANTE),
        completar(AYUDANTE, REP, AFTER),
        errors.LockExpirado,
        id="expired_holder_completar_repair",
    ),
    # 400 DEPENDENCIAS_NO_SATISFECHAS
    pytest.param(
        fresh(fecha_materiales=None),
        tomar(ARMADOR, ARM),
        errors.DependenciasNoSatisfechas,
        id="tomar_arm_without_materials",
    ),
    pytest.param(
        arm_done(fecha_materiales=None),
        tomar(SOLDADOR, SOLD),
        errors.DependenciasNoSatisfechas,
        id="tomar_sold_without_materials",
    ),
    pytest.param(
        fresh(),
        tomar(SOLDADOR, SOLD),
        errors.DependenciasNoSatisfechas,
        id="tomar_sold_before_arm_started",
    ),
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
    pytest.param(
        welded(), tomar(SIN_ROL, REP), errors.DependenciasNoSatisfechas, id="repair_not_rejected"
    ),
    pytest.param(
        fresh(), tomar(SIN_ROL, REP), errors.DependenciasNoSatisfechas, id="repair_on_fresh_spool"
    ),
    pytest.param(
        approved(),
        tomar(SIN_ROL, REP),
        errors.DependenciasNoSatisfechas,
        id="repair_on_approved_spool",
    ),
    pytest.param(
        repaired(1),
        tomar(SIN_ROL, REP),
        errors.DependenciasNoSatisfechas,
        id="repair_already_completed_awaiting_inspection",
    ),
    # 400 OPERACION_YA_COMPLETADA
    pytest.param(
        arm_done(), tomar(ARMADOR, ARM), errors.OperacionYaCompletada, id="tomar_completed_arm"
    ),
    pytest.param(
        welded(), tomar(SOLDADOR, SOLD), errors.OperacionYaCompletada, id="tomar_completed_sold"
    ),
    pytest.param(
        arm_done(),
        completar(ARMADOR, ARM),
        errors.OperacionYaCompletada,
        id="completar_completed_arm",
    ),
    pytest.param(
        welded(),
        completar(SOLDADOR, SOLD),
        errors.OperacionYaCompletada,
        id="completar_completed_sold",
    ),
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
    # 400 OPERACION_NO_INICIADA
    pytest.param(
        fresh(), pausar(ARMADOR, ARM), errors.OperacionNoIniciada, id="pausar_without_tomar"
    ),
    pytest.param(
        arm_paused(), pausar(ARMADOR, ARM), errors.OperacionNoIniciada, id="pausar_paused_arm"
    ),
    pytest.param(
        arm_paused(),
        completar(ARMADOR, ARM),
        errors.OperacionNoIniciada,
        id="completar_paused_arm",
    ),
    pytest.param(
        arm_done(),
        completar(SOLDADOR, SOLD),
        errors.OperacionNoIniciada,
        id="completar_pending_sold",
    ),
    pytest.param(
        rejected(1), pausar(SIN_ROL, REP), errors.OperacionNoIniciada, id="pausar_pending_repair"
    ),
    pytest.param(
        repair_paused(1),
        completar(SIN_ROL, REP),
        errors.OperacionNoIniciada,
        id="completar_paused_repair",
    ),
    pytest.param(
        rejected(1), cancelar(SIN_ROL), errors.OperacionNoIniciada, id="cancelar_pending_repair"
    ),
    pytest.param(
        repaired(1),
        cancelar(SIN_ROL),
        errors.OperacionNoIniciada,
        id="cancelar_completed_repair",
    ),
    pytest.param(
        arm_paused(), liberar(SUPERVISOR), errors.OperacionNoIniciada, id="liberar_free_spool"
    ),
    pytest.param(
        _arm_held(ARMADOR),
        liberar(SUPERVISOR, AFTER),
        errors.OperacionNoIniciada,
        id="liberar_spool_whose_lease_expired",
    ),
    pytest.param(
        _arm_held(ARMADOR),
        pausar(JUAN, ARM, AFTER),
        errors.OperacionNoIniciada,
        id="other_worker_pausar_after_lease_expired",
    ),
    pytest.param(
        held(arm_paused(), JUAN, SOLD),
        completar(MAURICIO, ARM),
        errors.OperacionNoIniciada,
        id="not_started_wins_over_not_holder",
    ),
    # 400 OPERACION_NO_APLICABLE
    pytest.param(
        welded(), tomar(METROLOGO, MET), errors.OperacionNoAplicable, id="tomar_metrologia"
    ),
    pytest.param(
        welded(), pausar(METROLOGO, MET), errors.OperacionNoAplicable, id="pausar_metrologia"
    ),
    # 403 NO_AUTORIZADO (last)
    pytest.param(
        _arm_held(ARMADOR), pausar(JUAN, ARM), errors.NoAutorizado, id="non_holder_pausar_arm"
    ),
    pytest.param(
        _arm_held(ARMADOR),
        completar(JUAN, ARM),
        errors.NoAutorizado,
        id="non_holder_completar_arm",
    ),
    pytest.param(
        _sold_held(SOLDADOR),
        completar(JUAN, SOLD),
        errors.NoAutorizado,
        id="non_holder_completar_sold",
    ),
    pytest.param(
        _repair_held(AYUDANTE),
        pausar(SIN_ROL, REP),
        errors.NoAutorizado,
        id="non_holder_pausar_repair",
    ),
    pytest.param(
        _repair_held(AYUDANTE),
        cancelar(SIN_ROL),
        errors.NoAutorizado,
        id="non_holder_cancelar_repair_in_progress",
    ),
    pytest.param(
        _arm_taken_over_by_juan(),
        pausar(ARMADOR, ARM, 70),
        errors.NoAutorizado,
        id="expired_holder_pausar_after_someone_else_took_spool",
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


@pytest.mark.parametrize(("spool", "act", "error"), REJECTED)
def test_rejected_command_raises_exact_error_and_changes_nothing(
    spool: Spool, act: Act, error: type[DomainError]
) -> None:
    snapshot = summary(spool)

    with pytest.raises(DomainError) as excinfo:
        act(spool)

    assert type(excinfo.value) is error
    assert excinfo.value.message.strip()
    assert summary(spool) == snapshot


# --------------------------------------------------------------------------------------------
# Idempotent TOMAR, versions, first workers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spool", "worker", "op"),
    [
        pytest.param(_arm_held(ARMADOR), ARMADOR, ARM, id="arm"),
        pytest.param(_sold_held(AYUDANTE), AYUDANTE, SOLD, id="sold"),
        pytest.param(_repair_held(SIN_ROL), SIN_ROL, REP, id="reparacion"),
    ],
)
def test_tomar_by_current_holder_is_idempotent_without_events_or_new_version(
    spool: Spool, worker: Worker, op: Operacion
) -> None:
    before = spool.evolve(version=4)

    change = occupation.tomar(before, worker, op, at(30), TTL)

    assert change.changed is False
    assert change.events == ()
    assert change.after == before
    assert change.after.holder is not None
    assert change.after.holder.lease_expires_at == T0 + timedelta(seconds=TTL)


def test_tomar_sets_lease_to_now_plus_ttl_and_records_it_in_the_event() -> None:
    now = at(5)

    change = occupation.tomar(fresh(), ARMADOR, ARM, now, 900)

    holder = change.after.holder
    assert holder is not None
    assert holder.since == now
    assert holder.worker_nombre == "AA(1)"
    assert holder.lease_expires_at == now + timedelta(seconds=900)
    assert (
        change.events[0].metadata["lease_expires_at"] == (now + timedelta(seconds=900)).isoformat()
    )
    assert change.events[0].worker_id == ARMADOR.id
    assert change.events[0].worker_nombre == "AA(1)"
    assert change.events[0].operacion is ARM


def test_ttl_0_lease_never_expires_and_holder_still_completes_a_month_later() -> None:
    taken = occupation.tomar(fresh(), ARMADOR, ARM, T0, 0)
    assert taken.after.holder is not None
    assert taken.after.holder.lease_expires_at is None
    assert taken.events[0].metadata["lease_expires_at"] is None

    much_later = T0 + timedelta(days=30)
    view, expired = effective(taken.after, much_later)
    assert expired is None
    assert view.holder == taken.after.holder

    done = occupation.completar(taken.after, ARMADOR, ARM, much_later, FECHA)
    assert done.after.arm is EstadoOp.COMPLETADO
    assert [e.evento_tipo for e in done.events] == [EventoTipo.COMPLETAR_ARM]


def test_version_increments_by_exactly_one_per_accepted_change_across_a_full_flow() -> None:
    spool = fresh()
    steps: list[Act] = [
        tomar(ARMADOR, ARM, 1),
        pausar(ARMADOR, ARM, 2),
        tomar(AYUDANTE, ARM, 3),
        completar(AYUDANTE, ARM, 4),
        tomar(SOLDADOR, SOLD, 5),
        completar(SOLDADOR, SOLD, 6),
        inspeccionar(METROLOGO, RECHAZADO, 7),
        tomar(SIN_ROL, REP, 8),
        completar(SIN_ROL, REP, 9),
        inspeccionar(METROLOGO, APROBADO, 10),
    ]
    versions = [spool.version]
    for step in steps:
        change = step(spool)
        assert change.changed
        assert len(change.events) >= 1
        spool = change.after
        versions.append(spool.version)

    assert versions == list(range(1, len(steps) + 2))
    assert spool.metrologia is EstadoMetrologia.APROBADO
    assert spool.ciclo == 0


def test_armador_and_soldador_keep_the_worker_who_started_each_operation() -> None:
    spool = fresh()
    for step in [
        tomar(ARMADOR, ARM, 1),
        pausar(ARMADOR, ARM, 2),
        tomar(AYUDANTE, ARM, 3),
        completar(AYUDANTE, ARM, 4),
        tomar(SOLDADOR, SOLD, 5),
        pausar(SOLDADOR, SOLD, 6),
        tomar(JUAN, SOLD, 7),
        completar(JUAN, SOLD, 8),
    ]:
        spool = step(spool).after

    assert spool.armador == "AA(1)"
    assert spool.soldador == "SS(2)"


def test_other_worker_resuming_after_lease_expiry_keeps_the_first_armador() -> None:
    spool = occupation.tomar(fresh(), ARMADOR, ARM, T0, TTL).after

    change = occupation.tomar(spool, AYUDANTE, ARM, at(AFTER), TTL)

    assert change.after.armador == "AA(1)"
    assert change.after.holder is not None
    assert change.after.holder.worker_id == AYUDANTE.id


# --------------------------------------------------------------------------------------------
# Lease expiry
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spool", "field", "paused"),
    [
        pytest.param(_arm_held(), "arm", EstadoOp.PAUSADO, id="arm"),
        pytest.param(_sold_held(), "sold", EstadoOp.PAUSADO, id="sold"),
        pytest.param(_repair_held(), "reparacion", EstadoReparacion.PAUSADA, id="reparacion"),
    ],
)
def test_expired_lease_frees_the_spool_and_its_operation_counts_as_paused(
    spool: Spool, field: str, paused: object
) -> None:
    inside, none_expired = effective(spool, at(59))
    assert none_expired is None
    assert inside.holder is not None

    view, expired = effective(spool, at(AFTER))

    assert view.holder is None
    assert getattr(view, field) == paused
    assert expired == spool.holder
    assert view.version == spool.version


def test_tomar_after_expiry_audits_the_expired_lease_before_the_new_tomar() -> None:
    spool = _arm_held(ARMADOR).evolve(version=3)
    now = at(90)

    change = occupation.tomar(spool, JUAN, ARM, now, TTL)

    expiry, taken = change.events
    assert expiry.evento_tipo is EventoTipo.LEASE_EXPIRADO
    assert expiry.worker_id == ARMADOR.id
    assert expiry.worker_nombre == "AA(1)"
    assert expiry.operacion is ARM
    assert expiry.metadata["expired_at"] == (T0 + timedelta(seconds=TTL)).isoformat()
    assert expiry.metadata["estado_detalle"] == "Disponible - ARM pausado, SOLD pendiente"
    assert taken.evento_tipo is EventoTipo.TOMAR_SPOOL
    assert taken.worker_id == JUAN.id
    assert taken.timestamp == now
    assert change.after.version == 4


def test_lock_expired_error_names_the_expired_holder() -> None:
    with pytest.raises(errors.LockExpirado) as excinfo:
        occupation.completar(_arm_held(ARMADOR), ARMADOR, ARM, at(AFTER), FECHA)

    assert excinfo.value.data["owner_id"] == ARMADOR.id
    assert excinfo.value.data["owner_name"] == "AA(1)"


def test_spool_ocupado_error_carries_the_owner_id_and_name() -> None:
    with pytest.raises(errors.SpoolOcupado) as excinfo:
        occupation.tomar(_arm_held(ARMADOR), JUAN, ARM, at(INSIDE), TTL)

    assert excinfo.value.data["owner_id"] == ARMADOR.id
    assert excinfo.value.data["owner_name"] == "AA(1)"
    assert "AA(1)" in excinfo.value.message


# --------------------------------------------------------------------------------------------
# Repair cycles driven through the commands
# --------------------------------------------------------------------------------------------


def _reject_and_repair(spool: Spool, minute: float) -> Spool:
    spool = inspection.inspeccionar(spool, METROLOGO, RECHAZADO, at(minute), FECHA).after
    spool = occupation.tomar(spool, SIN_ROL, REP, at(minute + 1), TTL).after
    return occupation.completar(spool, SIN_ROL, REP, at(minute + 2), FECHA).after


def test_third_rejection_blocks_and_supervisor_override_returns_rechazado_at_ciclo_0() -> None:
    spool = _reject_and_repair(welded(), 0)
    spool = _reject_and_repair(spool, 10)
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


def test_approval_ends_the_flow_and_resets_the_cycle_counter() -> None:
    spool = _reject_and_repair(welded(), 0)
    spool = _reject_and_repair(spool, 10)

    change = inspection.inspeccionar(spool, METROLOGO, APROBADO, at(20), FECHA)

    assert change.after.metrologia is EstadoMetrologia.APROBADO
    assert change.after.ciclo == 0
    assert change.events[0].metadata["ciclo"] == 0
    assert change.events[0].metadata["resultado"] == "APROBADO"
    with pytest.raises(errors.OperacionYaCompletada):
        inspection.inspeccionar(change.after, METROLOGO, RECHAZADO, at(21), FECHA)


def test_liberar_records_supervisor_reason_and_released_worker() -> None:
    change = supervision.liberar(_arm_held(ARMADOR), SUPERVISOR, "tablet abandonada", at(5))

    (ev,) = change.events
    assert ev.evento_tipo is EventoTipo.LIBERACION_FORZADA
    assert ev.worker_id == SUPERVISOR.id
    assert ev.operacion is ARM
    assert ev.metadata["motivo"] == "tablet abandonada"
    assert ev.metadata["liberado_worker_id"] == ARMADOR.id


# --------------------------------------------------------------------------------------------
# Prerequisite messages name what is missing
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spool", "act", "missing"),
    [
        pytest.param(
            fresh(fecha_materiales=None), tomar(ARMADOR, ARM), "materiales", id="materials"
        ),
        pytest.param(fresh(), tomar(SOLDADOR, SOLD), "ARM", id="arm_for_sold"),
        pytest.param(
            arm_done(), inspeccionar(METROLOGO, APROBADO), r"falta\W+SOLD\b", id="sold_for_met"
        ),
        pytest.param(
            arm_paused(sold=EstadoOp.COMPLETADO),
            inspeccionar(METROLOGO, APROBADO),
            r"falta\W+ARM\W*$",
            id="arm_for_met",
        ),
        pytest.param(welded(), tomar(SIN_ROL, REP), r"(?i)rechaz", id="rejection_for_repair"),
        pytest.param(rejected(1), inspeccionar(METROLOGO, APROBADO), "REPARACION", id="repair"),
    ],
)
def test_dependency_error_message_names_what_is_missing(
    spool: Spool, act: Act, missing: str
) -> None:
    with pytest.raises(errors.DependenciasNoSatisfechas) as excinfo:
        act(spool)

    assert re.search(missing, excinfo.value.message)
