"""TOMAR, PAUSAR, COMPLETAR and CANCELAR REPARACION (zeues.domain.occupation): allowed
transitions, rejections with the precedence of CONTRACT §2.1, idempotent TOMAR and lease expiry.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.unit import builders as b
from tests.unit.rule_acts import (
    AFTER,
    APROBADO,
    INSIDE,
    RECHAZADO,
    SIN_ROLES_ANA,
    Act,
    arm_held,
    arm_taken_over_by_juan,
    cancelar,
    completar,
    inspeccionar,
    pausar,
    repair_held,
    sold_done_arm_held_again,
    sold_held,
    summary,
    table_tests,
    tomar,
)
from zeues.domain import errors, occupation
from zeues.domain.estado import effective
from zeues.domain.model import (
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
    Lapse,
    Operacion,
    Spool,
    Worker,
)

E = EventoTipo
SANTIAGO = ZoneInfo("America/Santiago")
OCCUPATION_ALLOWED = [
    # TOMAR ARM / SOLD
    pytest.param(
        b.fresh(),
        tomar(b.ARMADOR, b.ARM),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (1, b.ARM), "armador": "AA(1)"},
        [E.TOMAR_SPOOL],
        id="armador_takes_pending_arm",
    ),
    pytest.param(
        b.fresh(),
        tomar(b.AYUDANTE, b.ARM),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (3, b.ARM), "armador": "PA(3)"},
        [E.TOMAR_SPOOL],
        id="ayudante_takes_pending_arm",
    ),
    pytest.param(
        b.arm_paused(),
        tomar(b.ARMADOR, b.ARM),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (1, b.ARM)},
        [E.TOMAR_SPOOL],
        id="armador_resumes_paused_arm",
    ),
    pytest.param(
        b.arm_done(),
        tomar(b.SOLDADOR, b.SOLD),
        {"arm": EstadoOp.COMPLETADO, "sold": EstadoOp.EN_PROGRESO, "holder": (2, b.SOLD)},
        [E.TOMAR_SPOOL],
        id="soldador_takes_sold_after_arm_completed",
    ),
    pytest.param(
        b.arm_paused(),
        tomar(b.SOLDADOR, b.SOLD),
        {"arm": EstadoOp.PAUSADO, "sold": EstadoOp.EN_PROGRESO, "soldador": "SS(2)"},
        [E.TOMAR_SPOOL],
        id="soldador_takes_sold_when_arm_started_and_paused",
    ),
    pytest.param(
        b.arm_done(),
        tomar(b.AYUDANTE, b.SOLD),
        {"sold": EstadoOp.EN_PROGRESO, "holder": (3, b.SOLD), "soldador": "PA(3)"},
        [E.TOMAR_SPOOL],
        id="ayudante_takes_sold",
    ),
    pytest.param(
        b.arm_done(sold=EstadoOp.PAUSADO, soldador="SS(2)"),
        tomar(b.MAURICIO, b.SOLD),
        {"sold": EstadoOp.EN_PROGRESO, "holder": (93, b.SOLD), "soldador": "SS(2)"},
        [E.TOMAR_SPOOL],
        id="another_soldador_resumes_paused_sold_keeping_first_soldador",
    ),
    # TOMAR REPARACION
    pytest.param(
        b.rejected(1),
        tomar(b.SIN_ROL, b.REP),
        {"reparacion": EstadoReparacion.EN_REPARACION, "holder": (6, b.REP), "ciclo": 1},
        [E.TOMAR_REPARACION],
        id="worker_without_roles_takes_repair_of_rejected_spool",
    ),
    pytest.param(
        b.repair_paused(2),
        tomar(b.ARMADOR, b.REP),
        {"reparacion": EstadoReparacion.EN_REPARACION, "holder": (1, b.REP), "ciclo": 2},
        [E.TOMAR_REPARACION],
        id="armador_resumes_paused_repair",
    ),
    # PAUSAR
    pytest.param(
        arm_held(),
        pausar(b.ARMADOR, b.ARM),
        {"arm": EstadoOp.PAUSADO, "holder": None, "armador": "AA(1)"},
        [E.PAUSAR_SPOOL],
        id="holder_pauses_arm",
    ),
    pytest.param(
        sold_held(),
        pausar(b.SOLDADOR, b.SOLD),
        {"sold": EstadoOp.PAUSADO, "holder": None},
        [E.PAUSAR_SPOOL],
        id="holder_pauses_sold",
    ),
    pytest.param(
        repair_held(),
        pausar(b.AYUDANTE, b.REP),
        {"reparacion": EstadoReparacion.PAUSADA, "holder": None},
        [E.PAUSAR_REPARACION],
        id="holder_pauses_repair",
    ),
    # COMPLETAR
    pytest.param(
        arm_held(),
        completar(b.ARMADOR, b.ARM),
        {"arm": EstadoOp.COMPLETADO, "holder": None, "fecha_armado": b.FECHA},
        [E.COMPLETAR_ARM],
        id="holder_completes_arm",
    ),
    pytest.param(
        sold_held(),
        completar(b.SOLDADOR, b.SOLD),
        {"sold": EstadoOp.COMPLETADO, "holder": None, "fecha_soldadura": b.FECHA},
        [E.COMPLETAR_SOLD],
        id="holder_completes_sold",
    ),
    pytest.param(
        repair_held(ciclo=2),
        completar(b.AYUDANTE, b.REP),
        {
            "reparacion": EstadoReparacion.COMPLETADA,
            "metrologia": EstadoMetrologia.PENDIENTE,
            "holder": None,
            "ciclo": 2,
        },
        [E.COMPLETAR_REPARACION],
        id="holder_completes_repair_and_metrologia_is_pending_again",
    ),
    # CANCELAR REPARACION
    pytest.param(
        repair_held(),
        cancelar(b.AYUDANTE),
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
        b.repair_paused(2),
        cancelar(b.SIN_ROL),
        {"reparacion": EstadoReparacion.PENDIENTE, "ciclo": 2},
        [E.CANCELAR_REPARACION],
        id="anyone_cancels_paused_repair",
    ),
    # Lease expiry: whoever acts first records LEASE_EXPIRADO, then its own event
    pytest.param(
        arm_held(b.ARMADOR),
        tomar(b.JUAN, b.ARM, AFTER),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (94, b.ARM), "armador": "AA(1)"},
        [E.LEASE_EXPIRADO, E.TOMAR_SPOOL],
        id="other_worker_takes_arm_after_lease_expired",
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        tomar(b.SOLDADOR, b.SOLD, AFTER),
        {"arm": EstadoOp.PAUSADO, "sold": EstadoOp.EN_PROGRESO, "holder": (2, b.SOLD)},
        [E.LEASE_EXPIRADO, E.TOMAR_SPOOL],
        id="other_worker_takes_sold_after_arm_lease_expired",
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        tomar(b.ARMADOR, b.ARM, AFTER),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (1, b.ARM)},
        [E.LEASE_EXPIRADO, E.TOMAR_SPOOL],
        id="expired_holder_takes_arm_again",
    ),
    pytest.param(
        repair_held(b.AYUDANTE),
        tomar(b.SIN_ROL, b.REP, AFTER),
        {"reparacion": EstadoReparacion.EN_REPARACION, "holder": (6, b.REP)},
        [E.LEASE_EXPIRADO, E.TOMAR_REPARACION],
        id="other_worker_takes_repair_after_lease_expired",
    ),
    pytest.param(
        repair_held(b.AYUDANTE),
        cancelar(b.SIN_ROL, AFTER),
        {"reparacion": EstadoReparacion.PENDIENTE, "holder": None},
        [E.LEASE_EXPIRADO, E.CANCELAR_REPARACION],
        id="other_worker_cancels_repair_after_lease_expired",
    ),
    # A lapsed hold nobody moved on: its worker still pauses or completes (CONTRACT §1.2)
    pytest.param(
        arm_held(b.ARMADOR),
        pausar(b.ARMADOR, b.ARM, AFTER),
        {"arm": EstadoOp.PAUSADO, "holder": None},
        [E.LEASE_EXPIRADO, E.PAUSAR_SPOOL],
        id="lapsed_holder_pausar_arm_nobody_took",
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        completar(b.ARMADOR, b.ARM, AFTER),
        {"arm": EstadoOp.COMPLETADO, "holder": None, "fecha_armado": b.FECHA},
        [E.LEASE_EXPIRADO, E.COMPLETAR_ARM],
        id="lapsed_holder_completar_arm_nobody_took",
    ),
    pytest.param(
        sold_held(b.SOLDADOR),
        pausar(b.SOLDADOR, b.SOLD, AFTER),
        {"sold": EstadoOp.PAUSADO, "holder": None},
        [E.LEASE_EXPIRADO, E.PAUSAR_SPOOL],
        id="lapsed_holder_pausar_sold_nobody_took",
    ),
    pytest.param(
        sold_held(b.SOLDADOR),
        completar(b.SOLDADOR, b.SOLD, AFTER),
        {"sold": EstadoOp.COMPLETADO, "holder": None},
        [E.LEASE_EXPIRADO, E.COMPLETAR_SOLD],
        id="lapsed_holder_completar_sold_nobody_took",
    ),
    pytest.param(
        repair_held(b.AYUDANTE),
        pausar(b.AYUDANTE, b.REP, AFTER),
        {"reparacion": EstadoReparacion.PAUSADA, "holder": None},
        [E.LEASE_EXPIRADO, E.PAUSAR_REPARACION],
        id="lapsed_holder_pausar_repair_nobody_took",
    ),
    pytest.param(
        repair_held(b.AYUDANTE),
        completar(b.AYUDANTE, b.REP, AFTER),
        {"reparacion": EstadoReparacion.COMPLETADA, "metrologia": EstadoMetrologia.PENDIENTE},
        [E.LEASE_EXPIRADO, E.COMPLETAR_REPARACION],
        id="lapsed_holder_completar_repair_nobody_took",
    ),
]
OCCUPATION_REJECTED = [
    # 403 SPOOL_BLOQUEADO beats everything
    pytest.param(
        b.blocked(), tomar(b.ARMADOR, b.ARM), errors.SpoolBloqueado, id="tomar_arm_on_blocked"
    ),
    pytest.param(
        b.blocked(), tomar(b.SIN_ROL, b.REP), errors.SpoolBloqueado, id="tomar_repair_on_blocked"
    ),
    pytest.param(
        b.blocked(), pausar(b.SIN_ROL, b.REP), errors.SpoolBloqueado, id="pausar_repair_on_blocked"
    ),
    pytest.param(
        b.blocked(),
        completar(b.SIN_ROL, b.REP),
        errors.SpoolBloqueado,
        id="completar_repair_on_blocked",
    ),
    pytest.param(
        b.blocked(),
        completar(b.SOLDADOR, b.SOLD),
        errors.SpoolBloqueado,
        id="completar_sold_on_blocked",
    ),
    pytest.param(b.blocked(), cancelar(b.SIN_ROL), errors.SpoolBloqueado, id="cancelar_on_blocked"),
    pytest.param(
        b.blocked(),
        tomar(b.SOLDADOR, b.ARM),
        errors.SpoolBloqueado,
        id="blocked_wins_over_missing_role_on_tomar",
    ),
    # 403 ROL_NO_AUTORIZADO
    pytest.param(
        b.fresh(), tomar(b.SOLDADOR, b.ARM), errors.RolNoAutorizado, id="soldador_tomar_arm"
    ),
    pytest.param(
        b.fresh(), tomar(b.METROLOGO, b.ARM), errors.RolNoAutorizado, id="metrologo_tomar_arm"
    ),
    pytest.param(
        b.fresh(), tomar(b.SUPERVISOR, b.ARM), errors.RolNoAutorizado, id="supervisor_tomar_arm"
    ),
    pytest.param(
        b.arm_done(), tomar(b.ARMADOR, b.SOLD), errors.RolNoAutorizado, id="armador_tomar_sold"
    ),
    pytest.param(
        b.fresh(),
        tomar(b.ARMADOR, b.SOLD),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_missing_arm_prerequisite",
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        tomar(b.SOLDADOR, b.ARM),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_occupied",
    ),
    pytest.param(
        b.welded(),
        tomar(b.ARMADOR, b.MET),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_metrologia_not_applicable",
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        tomar(SIN_ROLES_ANA, b.ARM),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_idempotent_tomar_by_holder",
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        pausar(b.SOLDADOR, b.ARM),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_not_holder_on_pausar",
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        pausar(SIN_ROLES_ANA, b.ARM, AFTER),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_lock_expired",
    ),
    # 409 SPOOL_OCCUPIED
    pytest.param(
        arm_held(b.ARMADOR), tomar(b.JUAN, b.ARM), errors.SpoolOcupado, id="second_worker_tomar_arm"
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        tomar(b.SOLDADOR, b.SOLD),
        errors.SpoolOcupado,
        id="second_worker_tomar_sold_while_arm_held",
    ),
    pytest.param(
        repair_held(b.AYUDANTE),
        tomar(b.SIN_ROL, b.REP),
        errors.SpoolOcupado,
        id="second_worker_tomar_repair",
    ),
    pytest.param(
        sold_done_arm_held_again(),
        tomar(b.JUAN, b.SOLD),
        errors.SpoolOcupado,
        id="occupied_wins_over_already_completed",
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        tomar(b.MAURICIO, b.MET),
        errors.SpoolOcupado,
        id="occupied_wins_over_metrologia_not_applicable",
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        tomar(b.JUAN, b.ARM, 59.9),
        errors.SpoolOcupado,
        id="lease_still_valid_just_before_expiry",
    ),
    pytest.param(
        b.held(b.fresh(), b.ARMADOR, b.ARM, ttl=0),
        tomar(b.JUAN, b.ARM, 60 * 24 * 30),
        errors.SpoolOcupado,
        id="ttl_0_lease_never_expires",
    ),
    # 410 LOCK_EXPIRED: only once someone else took the lapsed hold or moved the spool on
    pytest.param(
        arm_taken_over_by_juan(),
        pausar(b.ARMADOR, b.ARM, 70),
        errors.LockExpirado,
        id="lapsed_holder_pausar_after_someone_else_took_the_spool",
    ),
    pytest.param(
        arm_taken_over_by_juan(),
        completar(b.ARMADOR, b.ARM, 70),
        errors.LockExpirado,
        id="lapsed_holder_completar_after_someone_else_took_the_spool",
    ),
    pytest.param(
        arm_taken_over_by_juan().evolve(arm=EstadoOp.COMPLETADO, holder=None),
        completar(b.ARMADOR, b.ARM, 70),
        errors.LockExpirado,
        id="lapse_wins_over_already_completed_once_moved_on",
    ),
    pytest.param(
        arm_taken_over_by_juan().evolve(arm=EstadoOp.PAUSADO, holder=None),
        pausar(b.ARMADOR, b.ARM, 70),
        errors.LockExpirado,
        id="lapse_wins_over_not_started_once_moved_on",
    ),
    # 400 DEPENDENCIAS_NO_SATISFECHAS
    pytest.param(
        b.fresh(fecha_materiales=None),
        tomar(b.ARMADOR, b.ARM),
        errors.DependenciasNoSatisfechas,
        id="tomar_arm_without_materials",
    ),
    pytest.param(
        b.arm_done(fecha_materiales=None),
        tomar(b.SOLDADOR, b.SOLD),
        errors.DependenciasNoSatisfechas,
        id="tomar_sold_without_materials",
    ),
    pytest.param(
        b.fresh(),
        tomar(b.SOLDADOR, b.SOLD),
        errors.DependenciasNoSatisfechas,
        id="tomar_sold_before_arm_started",
    ),
    pytest.param(
        b.welded(),
        tomar(b.SIN_ROL, b.REP),
        errors.DependenciasNoSatisfechas,
        id="repair_not_rejected",
    ),
    pytest.param(
        b.fresh(),
        tomar(b.SIN_ROL, b.REP),
        errors.DependenciasNoSatisfechas,
        id="repair_on_fresh_spool",
    ),
    pytest.param(
        b.approved(),
        tomar(b.SIN_ROL, b.REP),
        errors.DependenciasNoSatisfechas,
        id="repair_on_approved_spool",
    ),
    pytest.param(
        b.repaired(1),
        tomar(b.SIN_ROL, b.REP),
        errors.DependenciasNoSatisfechas,
        id="repair_already_completed_awaiting_inspection",
    ),
    # 400 OPERACION_YA_COMPLETADA
    pytest.param(
        b.arm_done(),
        tomar(b.ARMADOR, b.ARM),
        errors.OperacionYaCompletada,
        id="tomar_completed_arm",
    ),
    pytest.param(
        b.welded(),
        tomar(b.SOLDADOR, b.SOLD),
        errors.OperacionYaCompletada,
        id="tomar_completed_sold",
    ),
    pytest.param(
        b.arm_done(),
        completar(b.ARMADOR, b.ARM),
        errors.OperacionYaCompletada,
        id="completar_completed_arm",
    ),
    pytest.param(
        b.welded(),
        completar(b.SOLDADOR, b.SOLD),
        errors.OperacionYaCompletada,
        id="completar_completed_sold",
    ),
    # 400 OPERACION_NO_INICIADA
    pytest.param(
        b.fresh(), pausar(b.ARMADOR, b.ARM), errors.OperacionNoIniciada, id="pausar_without_tomar"
    ),
    pytest.param(
        b.arm_paused(), pausar(b.ARMADOR, b.ARM), errors.OperacionNoIniciada, id="pausar_paused_arm"
    ),
    pytest.param(
        b.arm_paused(),
        completar(b.ARMADOR, b.ARM),
        errors.OperacionNoIniciada,
        id="completar_paused_arm",
    ),
    pytest.param(
        b.arm_done(),
        completar(b.SOLDADOR, b.SOLD),
        errors.OperacionNoIniciada,
        id="completar_pending_sold",
    ),
    pytest.param(
        b.rejected(1),
        pausar(b.SIN_ROL, b.REP),
        errors.OperacionNoIniciada,
        id="pausar_pending_repair",
    ),
    pytest.param(
        b.repair_paused(1),
        completar(b.SIN_ROL, b.REP),
        errors.OperacionNoIniciada,
        id="completar_paused_repair",
    ),
    pytest.param(
        b.rejected(1), cancelar(b.SIN_ROL), errors.OperacionNoIniciada, id="cancelar_pending_repair"
    ),
    pytest.param(
        b.repaired(1),
        cancelar(b.SIN_ROL),
        errors.OperacionNoIniciada,
        id="cancelar_completed_repair",
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        pausar(b.JUAN, b.ARM, AFTER),
        errors.OperacionNoIniciada,
        id="other_worker_pausar_after_lease_expired",
    ),
    pytest.param(
        b.held(b.arm_paused(), b.JUAN, b.SOLD),
        completar(b.MAURICIO, b.ARM),
        errors.OperacionNoIniciada,
        id="not_started_wins_over_not_holder",
    ),
    # 400 OPERACION_NO_APLICABLE
    pytest.param(
        b.welded(), tomar(b.METROLOGO, b.MET), errors.OperacionNoAplicable, id="tomar_metrologia"
    ),
    pytest.param(
        b.welded(), pausar(b.METROLOGO, b.MET), errors.OperacionNoAplicable, id="pausar_metrologia"
    ),
    # 403 NO_AUTORIZADO (last)
    pytest.param(
        arm_held(b.ARMADOR), pausar(b.JUAN, b.ARM), errors.NoAutorizado, id="non_holder_pausar_arm"
    ),
    pytest.param(
        arm_held(b.ARMADOR),
        completar(b.JUAN, b.ARM),
        errors.NoAutorizado,
        id="non_holder_completar_arm",
    ),
    pytest.param(
        sold_held(b.SOLDADOR),
        completar(b.JUAN, b.SOLD),
        errors.NoAutorizado,
        id="non_holder_completar_sold",
    ),
    pytest.param(
        repair_held(b.AYUDANTE),
        pausar(b.SIN_ROL, b.REP),
        errors.NoAutorizado,
        id="non_holder_pausar_repair",
    ),
    pytest.param(
        repair_held(b.AYUDANTE),
        cancelar(b.SIN_ROL),
        errors.NoAutorizado,
        id="non_holder_cancelar_repair_in_progress",
    ),
]


(
    test_allowed_occupation_command_changes_state_bumps_version_and_is_audited,
    test_rejected_occupation_command_raises_exact_error_and_changes_nothing,
) = table_tests(OCCUPATION_ALLOWED, OCCUPATION_REJECTED)


@pytest.mark.parametrize(
    ("spool", "worker", "op"),
    [
        pytest.param(arm_held(b.ARMADOR), b.ARMADOR, b.ARM, id="arm"),
        pytest.param(sold_held(b.AYUDANTE), b.AYUDANTE, b.SOLD, id="sold"),
        pytest.param(repair_held(b.SIN_ROL), b.SIN_ROL, b.REP, id="reparacion"),
    ],
)
def test_tomar_by_current_holder_renews_the_hold_without_events(
    spool: Spool, worker: Worker, op: Operacion
) -> None:
    before = spool.evolve(version=4)

    change = occupation.tomar(before, worker, op, b.at(30), b.TTL)

    assert change.changed is True
    assert change.events == ()
    assert change.after.version == 5
    assert change.after.holder is not None
    assert change.after.holder.since == b.T0
    assert change.after.holder.lease_expires_at == b.at(30) + timedelta(seconds=b.TTL)
    assert "renovada" in change.message
    assert summary(change.after) == summary(before)


def test_tomar_sets_lease_to_now_plus_ttl_and_records_it_in_the_event() -> None:
    now = b.at(5)

    change = occupation.tomar(b.fresh(), b.ARMADOR, b.ARM, now, 900)

    holder = change.after.holder
    assert holder is not None
    assert holder.since == now
    assert holder.worker_nombre == "AA(1)"
    assert holder.lease_expires_at == now + timedelta(seconds=900)
    assert (
        change.events[0].metadata["lease_expires_at"] == (now + timedelta(seconds=900)).isoformat()
    )
    assert change.events[0].worker_id == b.ARMADOR.id
    assert change.events[0].worker_nombre == "AA(1)"
    assert change.events[0].operacion is b.ARM


def test_ttl_0_lease_never_expires_and_holder_still_completes_a_month_later() -> None:
    taken = occupation.tomar(b.fresh(), b.ARMADOR, b.ARM, b.T0, 0)
    assert taken.after.holder is not None
    assert taken.after.holder.lease_expires_at is None
    assert taken.events[0].metadata["lease_expires_at"] is None

    much_later = b.T0 + timedelta(days=30)
    view, expired = effective(taken.after, much_later)
    assert expired is None
    assert view.holder == taken.after.holder

    done = occupation.completar(taken.after, b.ARMADOR, b.ARM, much_later, b.FECHA)
    assert done.after.arm is EstadoOp.COMPLETADO
    assert [e.evento_tipo for e in done.events] == [EventoTipo.COMPLETAR_ARM]


def test_version_increments_by_exactly_one_per_accepted_change_across_a_full_flow() -> None:
    spool = b.fresh()
    steps: list[Act] = [
        tomar(b.ARMADOR, b.ARM, 1),
        pausar(b.ARMADOR, b.ARM, 2),
        tomar(b.AYUDANTE, b.ARM, 3),
        completar(b.AYUDANTE, b.ARM, 4),
        tomar(b.SOLDADOR, b.SOLD, 5),
        completar(b.SOLDADOR, b.SOLD, 6),
        inspeccionar(b.METROLOGO, RECHAZADO, 7),
        tomar(b.SIN_ROL, b.REP, 8),
        completar(b.SIN_ROL, b.REP, 9),
        inspeccionar(b.METROLOGO, APROBADO, 10),
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
    spool = b.fresh()
    for step in [
        tomar(b.ARMADOR, b.ARM, 1),
        pausar(b.ARMADOR, b.ARM, 2),
        tomar(b.AYUDANTE, b.ARM, 3),
        completar(b.AYUDANTE, b.ARM, 4),
        tomar(b.SOLDADOR, b.SOLD, 5),
        pausar(b.SOLDADOR, b.SOLD, 6),
        tomar(b.JUAN, b.SOLD, 7),
        completar(b.JUAN, b.SOLD, 8),
    ]:
        spool = step(spool).after

    assert spool.armador == "AA(1)"
    assert spool.soldador == "SS(2)"


def test_other_worker_resuming_after_lease_expiry_keeps_the_first_armador() -> None:
    spool = occupation.tomar(b.fresh(), b.ARMADOR, b.ARM, b.T0, b.TTL).after

    change = occupation.tomar(spool, b.AYUDANTE, b.ARM, b.at(AFTER), b.TTL)

    assert change.after.armador == "AA(1)"
    assert change.after.holder is not None
    assert change.after.holder.worker_id == b.AYUDANTE.id


@pytest.mark.parametrize(
    ("spool", "field", "paused"),
    [
        pytest.param(arm_held(), "arm", EstadoOp.PAUSADO, id="arm"),
        pytest.param(sold_held(), "sold", EstadoOp.PAUSADO, id="sold"),
        pytest.param(repair_held(), "reparacion", EstadoReparacion.PAUSADA, id="reparacion"),
    ],
)
def test_expired_lease_frees_the_spool_and_its_operation_counts_as_paused(
    spool: Spool, field: str, paused: object
) -> None:
    inside, none_expired = effective(spool, b.at(59))
    assert none_expired is None
    assert inside.holder is not None

    view, expired = effective(spool, b.at(AFTER))

    assert view.holder is None
    assert getattr(view, field) == paused
    assert expired == spool.holder
    assert view.version == spool.version


def test_tomar_after_expiry_audits_the_expired_lease_before_the_new_tomar() -> None:
    spool = arm_held(b.ARMADOR).evolve(version=3)
    now = b.at(90)

    change = occupation.tomar(spool, b.JUAN, b.ARM, now, b.TTL)

    expiry, taken = change.events
    assert expiry.evento_tipo is EventoTipo.LEASE_EXPIRADO
    assert expiry.worker_id == b.ARMADOR.id
    assert expiry.worker_nombre == "AA(1)"
    assert expiry.operacion is b.ARM
    assert expiry.metadata["expired_at"] == (b.T0 + timedelta(seconds=b.TTL)).isoformat()
    assert expiry.metadata["estado_detalle"] == "Disponible - ARM pausado, SOLD pendiente"
    assert taken.evento_tipo is EventoTipo.TOMAR_SPOOL
    assert taken.worker_id == b.JUAN.id
    assert taken.timestamp == now
    assert change.after.version == 4


def test_lock_expired_names_who_holds_the_spool_now_and_when_the_hold_lapsed() -> None:
    with pytest.raises(errors.LockExpirado) as excinfo:
        occupation.completar(arm_taken_over_by_juan(), b.ARMADOR, b.ARM, b.at(70), b.FECHA)

    assert excinfo.value.data["owner_id"] == b.JUAN.id
    assert excinfo.value.data["owner_name"] == "JP(94)"
    assert excinfo.value.data["vencida_at"] == b.at(60)
    assert "venció a las 10:00 y después JP(94) lo tiene ahora" in excinfo.value.message_in(
        SANTIAGO
    )


def test_a_late_completar_on_a_lapsed_hold_notes_the_lapse_and_the_session_ends_expired() -> None:
    change = occupation.completar(arm_held(b.ARMADOR), b.ARMADOR, b.ARM, b.at(90), b.FECHA)

    expiry, done = change.events
    assert expiry.metadata["expired_at"] == b.at(60).isoformat()
    assert done.metadata["toma_vencida_at"] == b.at(60).isoformat()
    assert done.timestamp == b.at(90)
    assert change.after.lapsed is None


def test_taking_over_a_lapsed_hold_remembers_the_lapse_and_its_worker_taking_again_forgets_it() -> (
    None
):
    taken_over = occupation.tomar(arm_held(b.ARMADOR), b.JUAN, b.ARM, b.at(AFTER), b.TTL).after
    assert taken_over.lapsed == Lapse(b.ARMADOR.id, b.ARM, b.at(60))

    paused = occupation.pausar(taken_over, b.JUAN, b.ARM, b.at(70)).after
    assert paused.lapsed == taken_over.lapsed

    again = occupation.tomar(paused, b.ARMADOR, b.ARM, b.at(80), b.TTL).after
    assert again.lapsed is None


def test_spool_ocupado_error_carries_the_owner_id_and_name() -> None:
    with pytest.raises(errors.SpoolOcupado) as excinfo:
        occupation.tomar(arm_held(b.ARMADOR), b.JUAN, b.ARM, b.at(INSIDE), b.TTL)

    assert excinfo.value.data["owner_id"] == b.ARMADOR.id
    assert excinfo.value.data["owner_name"] == "AA(1)"
    assert "AA(1)" in excinfo.value.message
