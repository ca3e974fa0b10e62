"""What a worker could do to a spool right now: the commands' own decisions, run without
writing (CONTRACT §2.4). No rule lives here; each entry calls the function its command calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from zeues.domain import errors, occupation, union_actions
from zeues.domain.estado import effective
from zeues.domain.guards import check_role
from zeues.domain.model import (
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
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

# The pairs a client can send. METROLOGIA is instant: only COMPLETAR (APROBADO and RECHAZADO
# share every precondition, so one entry covers both). CANCELAR exists only for REPARACION.
PAIRS: tuple[tuple[Operacion, str], ...] = (
    (ARM, "TOMAR"),
    (ARM, "PAUSAR"),
    (ARM, "COMPLETAR"),
    (SOLD, "TOMAR"),
    (SOLD, "PAUSAR"),
    (SOLD, "COMPLETAR"),
    (MET, "COMPLETAR"),
    (REP, "TOMAR"),
    (REP, "PAUSAR"),
    (REP, "COMPLETAR"),
    (REP, "CANCELAR"),
)


@dataclass(frozen=True)
class Verdict:
    operacion: Operacion
    accion: str
    error: errors.DomainError | None

    @property
    def permitida(self) -> bool:
        return self.error is None


def _decision(
    operacion: Operacion, accion: str, ttl: int, fecha: date, unions: union_actions.Unions
) -> Callable[[Spool, Worker, datetime], object]:
    if accion == "TOMAR":
        return lambda s, w, now: occupation.tomar(s, w, operacion, now, ttl)
    if accion == "PAUSAR":
        return lambda s, w, now: union_actions.pausar(s, w, operacion, now, unions)
    if accion == "CANCELAR":
        return lambda s, w, now: occupation.cancelar_reparacion(s, w, now)
    if operacion is MET:
        return lambda s, w, now: union_actions.inspeccionar(
            s, w, Resultado.APROBADO, now, fecha, unions
        )
    return lambda s, w, now: union_actions.completar(s, w, operacion, now, fecha, unions)


def verdict(
    spool: Spool,
    worker: Worker,
    operacion: Operacion,
    accion: str,
    now: datetime,
    ttl: int,
    fecha: date,
    unions: union_actions.Unions = union_actions.NO_UNIONS,
) -> Verdict:
    """The decision of one command; the Change it would make is thrown away. With the spool's
    unions, PAUSAR/COMPLETAR/METROLOGIA are decided as a client sending no selection would be
    (a v3.0 COMPLETAR finishes the open unions), so the union refusals show before acting."""
    try:
        _decision(operacion, accion, ttl, fecha, unions)(spool, worker, now)
    except errors.DomainError as exc:
        return Verdict(operacion, accion, exc)
    return Verdict(operacion, accion, None)


def acciones(
    spool: Spool,
    worker: Worker,
    now: datetime,
    ttl: int,
    fecha: date,
    unions: union_actions.Unions = union_actions.NO_UNIONS,
) -> list[Verdict]:
    return [verdict(spool, worker, op, accion, now, ttl, fecha, unions) for op, accion in PAIRS]


def pendiente(spool: Spool, operacion: Operacion, now: datetime) -> bool:
    """Whether the operation still has work on this spool, i.e. belongs in its queue (shown as
    available or not available); a display choice, not a rule: the commands never call it."""
    view, _ = effective(spool, now)
    if operacion is ARM:
        return view.arm is not EstadoOp.COMPLETADO
    if operacion is SOLD:
        return view.sold is not EstadoOp.COMPLETADO
    if operacion is MET:
        return view.metrologia is not EstadoMetrologia.APROBADO and (
            view.sold is not EstadoOp.PENDIENTE
        )
    return (
        view.bloqueado
        or view.metrologia is EstadoMetrologia.RECHAZADO
        or view.reparacion
        in (
            EstadoReparacion.EN_REPARACION,
            EstadoReparacion.PAUSADA,
        )
    )


def queue_decision(
    spool: Spool,
    worker: Worker,
    operacion: Operacion,
    now: datetime,
    ttl: int,
    fecha: date,
    unions: union_actions.Unions = union_actions.NO_UNIONS,
) -> Verdict:
    """Whether the worker can start this operation on the spool now: TOMAR, or for METROLOGIA
    the inspection itself."""
    accion = "COMPLETAR" if operacion is MET else "TOMAR"
    return verdict(spool, worker, operacion, accion, now, ttl, fecha, unions)


def allowed(worker: Worker, operacion: Operacion) -> bool:
    """Whether the worker's roles allow the operation (the commands' own role check)."""
    try:
        check_role(worker, operacion)
    except errors.RolNoAutorizado:
        return False
    return True
