"""Supervisor overrides and the test-spool reset (CONTRACT §2.7)."""

from __future__ import annotations

from datetime import date, datetime

from zeues.domain import errors
from zeues.domain.estado import detalle, effective
from zeues.domain.guards import check_supervisor, event, with_expiry
from zeues.domain.lease import moved_on
from zeues.domain.model import (
    Change,
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
    Operacion,
    Spool,
    Worker,
)


def liberar(spool: Spool, supervisor: Worker, motivo: str, now: datetime) -> Change:
    """Force-release a held spool (abandoned tablet); its operation becomes paused."""
    check_supervisor(supervisor)
    view, _ = effective(spool, now)
    holder = view.holder
    if holder is None:
        raise errors.OperacionNoIniciada(
            f"El spool {spool.tag_spool} no está ocupado: no hay nada que liberar."
        )
    if holder.operacion is Operacion.REPARACION:
        after = view.evolve(reparacion=EstadoReparacion.PAUSADA, holder=None)
    elif holder.operacion is Operacion.ARM:
        after = view.evolve(arm=EstadoOp.PAUSADO, holder=None)
    else:
        after = view.evolve(sold=EstadoOp.PAUSADO, holder=None)
    after = after.evolve(version=spool.version + 1)
    ev = event(
        EventoTipo.LIBERACION_FORZADA,
        after,
        supervisor,
        holder.operacion,
        "LIBERAR",
        now,
        motivo=motivo,
        liberado_worker_id=holder.worker_id,
        liberado_worker_nombre=holder.worker_nombre,
    )
    return Change(
        after, (ev,), f"Spool {spool.tag_spool} liberado por {supervisor.nombre_completo}"
    )


def desbloquear(spool: Spool, supervisor: Worker, motivo: str, now: datetime) -> Change:
    """BLOQUEADO → RECHAZADO with the cycle counter back at 0."""
    check_supervisor(supervisor)
    if not spool.bloqueado:
        raise errors.SpoolNoBloqueado(f"El spool {spool.tag_spool} no está BLOQUEADO.")
    after = spool.evolve(
        bloqueado=False,
        ciclo=0,
        metrologia=EstadoMetrologia.RECHAZADO,
        reparacion=EstadoReparacion.PENDIENTE,
        version=spool.version + 1,
    )
    ev = event(
        EventoTipo.SUPERVISOR_OVERRIDE, after, supervisor, None, "DESBLOQUEAR", now, motivo=motivo
    )
    return Change(
        after, (ev,), f"Spool {spool.tag_spool} desbloqueado por {supervisor.nombre_completo}"
    )


def reset(spool: Spool, now: datetime, today: date) -> Change:
    """Back to a fresh spool with materials, keeping its identity and audit trail."""
    view, expired = effective(spool, now)
    after = Spool(
        tag_spool=spool.tag_spool,
        fecha_materiales=spool.fecha_materiales or today,
        nv=spool.nv,
        ot=spool.ot,
        proyecto=spool.proyecto,
        version=spool.version + 1,
    )
    after = moved_on(after, expired, None)
    ev = event(
        EventoTipo.SPOOL_RESET, after, None, None, "RESET", now, estado_anterior=detalle(view)
    )
    return Change(
        after,
        with_expiry(view, expired, now, ev),
        f"Spool {spool.tag_spool} reiniciado a estado inicial",
    )
