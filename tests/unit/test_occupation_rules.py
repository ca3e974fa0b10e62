"""TOMAR, PAUSAR, COMPLETAR and CANCELAR REPARACION (zeues.domain.occupation): allowed
transitions, rejections with the precedence of CONTRACT §2.1, idempotent TOMAR and lease expiry.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.unit.builders import (
    ARMADOR,
    AYUDANTE,
    FECHA,
    JUAN,
    MAURICIO,
    METROLOGO,
    SIN_ROL,
    SOLDADOR,
    SUPERVISOR,
    T0,
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
from tests.unit.rule_acts import (
    AFTER,
    APROBADO,
    ARM,
    INSIDE,
    MET,
    RECHAZADO,
    REP,
    SIN_ROLES_ANA,
    SOLD,
    Act,
    arm_held,
    arm_taken_over_by_juan,
    cancelar,
    check_allowed,
    check_rejected,
    completar,
    inspeccionar,
    pausar,
    repair_held,
    sold_done_arm_held_again,
    sold_held,
    tomar,
)
from zeues.domain import errors, occupation
from zeues.domain.errors import DomainError
from zeues.domain.estado import effective
from zeues.domain.model import (
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
    Operacion,
    Spool,
    Worker,
)

E = EventoTipo
OCCUPATION_ALLOWED = [
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
        arm_held(),
        pausar(ARMADOR, ARM),
        {"arm": EstadoOp.PAUSADO, "holder": None, "armador": "AA(1)"},
        [E.PAUSAR_SPOOL],
        id="holder_pauses_arm",
    ),
    pytest.param(
        sold_held(),
        pausar(SOLDADOR, SOLD),
        {"sold": EstadoOp.PAUSADO, "holder": None},
        [E.PAUSAR_SPOOL],
        id="holder_pauses_sold",
    ),
    pytest.param(
        repair_held(),
        pausar(AYUDANTE, REP),
        {"reparacion": EstadoReparacion.PAUSADA, "holder": None},
        [E.PAUSAR_REPARACION],
        id="holder_pauses_repair",
    ),
    # COMPLETAR
    pytest.param(
        arm_held(),
        completar(ARMADOR, ARM),
        {"arm": EstadoOp.COMPLETADO, "holder": None, "fecha_armado": FECHA},
        [E.COMPLETAR_ARM],
        id="holder_completes_arm",
    ),
    pytest.param(
        sold_held(),
        completar(SOLDADOR, SOLD),
        {"sold": EstadoOp.COMPLETADO, "holder": None, "fecha_soldadura": FECHA},
        [E.COMPLETAR_SOLD],
        id="holder_completes_sold",
    ),
    pytest.param(
        repair_held(ciclo=2),
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
    # CANCELAR REPARACION
    pytest.param(
        repair_held(),
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
    # Lease expiry: whoever acts first records LEASE_EXPIRADO, then its own event
    pytest.param(
        arm_held(ARMADOR),
        tomar(JUAN, ARM, AFTER),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (94, ARM), "armador": "AA(1)"},
        [E.LEASE_EXPIRADO, E.TOMAR_SPOOL],
        id="other_worker_takes_arm_after_lease_expired",
    ),
    pytest.param(
        arm_held(ARMADOR),
        tomar(SOLDADOR, SOLD, AFTER),
        {"arm": EstadoOp.PAUSADO, "sold": EstadoOp.EN_PROGRESO, "holder": (2, SOLD)},
        [E.LEASE_EXPIRADO, E.TOMAR_SPOOL],
        id="other_worker_takes_sold_after_arm_lease_expired",
    ),
    pytest.param(
        arm_held(ARMADOR),
        tomar(ARMADOR, ARM, AFTER),
        {"arm": EstadoOp.EN_PROGRESO, "holder": (1, ARM)},
        [E.LEASE_EXPIRADO, E.TOMAR_SPOOL],
        id="expired_holder_takes_arm_again",
    ),
    pytest.param(
        repair_held(AYUDANTE),
        tomar(SIN_ROL, REP, AFTER),
        {"reparacion": EstadoReparacion.EN_REPARACION, "holder": (6, REP)},
        [E.LEASE_EXPIRADO, E.TOMAR_REPARACION],
        id="other_worker_takes_repair_after_lease_expired",
    ),
    pytest.param(
        repair_held(AYUDANTE),
        cancelar(SIN_ROL, AFTER),
        {"reparacion": EstadoReparacion.PENDIENTE, "holder": None},
        [E.LEASE_EXPIRADO, E.CANCELAR_REPARACION],
        id="other_worker_cancels_repair_after_lease_expired",
    ),
]
OCCUPATION_REJECTED = [
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
    pytest.param(blocked(), cancelar(SIN_ROL), errors.SpoolBloqueado, id="cancelar_on_blocked"),
    pytest.param(
        blocked(),
        tomar(SOLDADOR, ARM),
        errors.SpoolBloqueado,
        id="blocked_wins_over_missing_role_on_tomar",
    ),
    # 403 ROL_NO_AUTORIZADO
    pytest.param(fresh(), tomar(SOLDADOR, ARM), errors.RolNoAutorizado, id="soldador_tomar_arm"),
    pytest.param(fresh(), tomar(METROLOGO, ARM), errors.RolNoAutorizado, id="metrologo_tomar_arm"),
    pytest.param(
        fresh(), tomar(SUPERVISOR, ARM), errors.RolNoAutorizado, id="supervisor_tomar_arm"
    ),
    pytest.param(arm_done(), tomar(ARMADOR, SOLD), errors.RolNoAutorizado, id="armador_tomar_sold"),
    pytest.param(
        fresh(),
        tomar(ARMADOR, SOLD),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_missing_arm_prerequisite",
    ),
    pytest.param(
        arm_held(ARMADOR),
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
        arm_held(ARMADOR),
        tomar(SIN_ROLES_ANA, ARM),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_idempotent_tomar_by_holder",
    ),
    pytest.param(
        arm_held(ARMADOR),
        pausar(SOLDADOR, ARM),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_not_holder_on_pausar",
    ),
    pytest.param(
        arm_held(ARMADOR),
        pausar(SIN_ROLES_ANA, ARM, AFTER),
        errors.RolNoAutorizado,
        id="missing_role_wins_over_lock_expired",
    ),
    # 409 SPOOL_OCCUPIED
    pytest.param(
        arm_held(ARMADOR), tomar(JUAN, ARM), errors.SpoolOcupado, id="second_worker_tomar_arm"
    ),
    pytest.param(
        arm_held(ARMADOR),
        tomar(SOLDADOR, SOLD),
        errors.SpoolOcupado,
        id="second_worker_tomar_sold_while_arm_held",
    ),
    pytest.param(
        repair_held(AYUDANTE),
        tomar(SIN_ROL, REP),
        errors.SpoolOcupado,
        id="second_worker_tomar_repair",
    ),
    pytest.param(
        sold_done_arm_held_again(),
        tomar(JUAN, SOLD),
        errors.SpoolOcupado,
        id="occupied_wins_over_already_completed",
    ),
    pytest.param(
        arm_held(ARMADOR),
        tomar(MAURICIO, MET),
        errors.SpoolOcupado,
        id="occupied_wins_over_metrologia_not_applicable",
    ),
    pytest.param(
        arm_held(ARMADOR),
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
        arm_held(ARMADOR),
        pausar(ARMADOR, ARM, AFTER),
        errors.LockExpirado,
        id="expired_holder_pausar_arm",
    ),
    pytest.param(
        arm_held(ARMADOR),
        completar(ARMADOR, ARM, AFTER),
        errors.LockExpirado,
        id="expired_holder_completar_arm",
    ),
    pytest.param(
        sold_held(SOLDADOR),
        pausar(SOLDADOR, SOLD, AFTER),
        errors.LockExpirado,
        id="expired_holder_pausar_sold",
    ),
    pytest.param(
        sold_held(SOLDADOR),
        completar(SOLDADOR, SOLD, AFTER),
        errors.LockExpirado,
        id="expired_holder_completar_sold",
    ),
    pytest.param(
        repair_held(AYUDANTE),
        pausar(AYUDANTE, REP, AFTER),
        errors.LockExpirado,
        id="expired_holder_pausar_repair",
    ),
    pytest.param(
        repair_held(AYUDANTE),
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
        arm_held(ARMADOR),
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
        arm_held(ARMADOR), pausar(JUAN, ARM), errors.NoAutorizado, id="non_holder_pausar_arm"
    ),
    pytest.param(
        arm_held(ARMADOR),
        completar(JUAN, ARM),
        errors.NoAutorizado,
        id="non_holder_completar_arm",
    ),
    pytest.param(
        sold_held(SOLDADOR),
        completar(JUAN, SOLD),
        errors.NoAutorizado,
        id="non_holder_completar_sold",
    ),
    pytest.param(
        repair_held(AYUDANTE),
        pausar(SIN_ROL, REP),
        errors.NoAutorizado,
        id="non_holder_pausar_repair",
    ),
    pytest.param(
        repair_held(AYUDANTE),
        cancelar(SIN_ROL),
        errors.NoAutorizado,
        id="non_holder_cancelar_repair_in_progress",
    ),
    pytest.param(
        arm_taken_over_by_juan(),
        pausar(ARMADOR, ARM, 70),
        errors.NoAutorizado,
        id="expired_holder_pausar_after_someone_else_took_spool",
    ),
]


@pytest.mark.parametrize(("spool", "act", "expected", "tipos"), OCCUPATION_ALLOWED)
def test_allowed_occupation_command_changes_state_bumps_version_and_is_audited(
    spool: Spool, act: Act, expected: dict[str, Any], tipos: list[EventoTipo]
) -> None:
    check_allowed(spool, act, expected, tipos)


@pytest.mark.parametrize(("spool", "act", "error"), OCCUPATION_REJECTED)
def test_rejected_occupation_command_raises_exact_error_and_changes_nothing(
    spool: Spool, act: Act, error: type[DomainError]
) -> None:
    check_rejected(spool, act, error)


@pytest.mark.parametrize(
    ("spool", "worker", "op"),
    [
        pytest.param(arm_held(ARMADOR), ARMADOR, ARM, id="arm"),
        pytest.param(sold_held(AYUDANTE), AYUDANTE, SOLD, id="sold"),
        pytest.param(repair_held(SIN_ROL), SIN_ROL, REP, id="reparacion"),
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
    inside, none_expired = effective(spool, at(59))
    assert none_expired is None
    assert inside.holder is not None

    view, expired = effective(spool, at(AFTER))

    assert view.holder is None
    assert getattr(view, field) == paused
    assert expired == spool.holder
    assert view.version == spool.version


def test_tomar_after_expiry_audits_the_expired_lease_before_the_new_tomar() -> None:
    spool = arm_held(ARMADOR).evolve(version=3)
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
        occupation.completar(arm_held(ARMADOR), ARMADOR, ARM, at(AFTER), FECHA)

    assert excinfo.value.data["owner_id"] == ARMADOR.id
    assert excinfo.value.data["owner_name"] == "AA(1)"


def test_spool_ocupado_error_carries_the_owner_id_and_name() -> None:
    with pytest.raises(errors.SpoolOcupado) as excinfo:
        occupation.tomar(arm_held(ARMADOR), JUAN, ARM, at(INSIDE), TTL)

    assert excinfo.value.data["owner_id"] == ARMADOR.id
    assert excinfo.value.data["owner_name"] == "AA(1)"
    assert "AA(1)" in excinfo.value.message
