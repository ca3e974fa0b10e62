"""TOMAR, PAUSAR and COMPLETAR of ARM, SOLD and REPARACION (CONTRACT §1.1-1.2)."""

from __future__ import annotations

from datetime import date, datetime

from zeues.domain import errors
from zeues.domain.estado import effective
from zeues.domain.guards import (
    check_holder,
    check_not_blocked,
    check_role,
    event,
    owner_data,
    with_expiry,
)
from zeues.domain.lease import (
    check_not_moved_on,
    closing_events,
    lease_until,
    moved_on,
    own_lapse,
    renewed,
)
from zeues.domain.model import (
    Change,
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
    Occupation,
    Operacion,
    Spool,
    Worker,
)

_ESTADO_FIELD = {Operacion.ARM: "arm", Operacion.SOLD: "sold"}


def _no_aplicable(tag: str) -> errors.OperacionNoAplicable:
    return errors.OperacionNoAplicable(
        f"METROLOGIA es una inspección instantánea: no se toma ni se pausa. Use COMPLETAR con "
        f"resultado APROBADO o RECHAZADO para el spool {tag}.",
    )


def _ya_completada(tag: str, operacion: Operacion) -> errors.OperacionYaCompletada:
    return errors.OperacionYaCompletada(
        f"{operacion} ya está completado en el spool {tag}.",
        {"tag_spool": tag, "operacion": operacion.value},
    )


def _no_iniciada(tag: str, operacion: Operacion) -> errors.OperacionNoIniciada:
    return errors.OperacionNoIniciada(
        f"Nadie está trabajando {operacion} en el spool {tag}: primero hay que TOMAR el spool.",
        {"tag_spool": tag, "operacion": operacion.value},
    )


def tomar(
    spool: Spool, worker: Worker, operacion: Operacion, now: datetime, lease_ttl_seconds: int
) -> Change:
    view, expired = effective(spool, now)
    tag = spool.tag_spool
    check_not_blocked(view)
    check_role(worker, operacion)
    holder = view.holder
    if holder and holder.worker_id == worker.id and holder.operacion is operacion:
        # The holder's TOMAR renews the hold (CONTRACT §1.2): no audit event, a new expiry.
        message = f"Spool {tag} ya tomado por {worker.nombre_completo}: toma renovada"
        if holder.lease_expires_at is None:
            return Change(view, (), message, False)
        return Change(renewed(view, holder, now, lease_ttl_seconds), (), message)
    if holder and holder.worker_id == worker.id:
        raise errors.SpoolOcupado(
            f"Usted ya tiene el spool {tag} tomado para {holder.operacion}: páuselo o "
            f"complételo antes de tomarlo para {operacion}.",
            owner_data(holder),
        )
    if holder:
        raise errors.SpoolOcupado(
            f"El spool {tag} está ocupado por {holder.worker_nombre} ({holder.operacion}). "
            "Espere a que lo pause o complete.",
            owner_data(holder),
        )
    if operacion is Operacion.METROLOGIA:
        raise _no_aplicable(tag)
    if view.fecha_materiales is None:
        raise errors.DependenciasNoSatisfechas(
            f"El spool {tag} no tiene fecha de materiales: no se puede iniciar trabajo sin "
            "materiales.",
            {"faltante": "fecha_materiales"},
        )
    lease = lease_until(now, lease_ttl_seconds)
    occupation = Occupation(worker.id, worker.nombre_completo, operacion, now, lease)
    if operacion is Operacion.REPARACION:
        after, tipo = _tomar_reparacion(view, occupation), EventoTipo.TOMAR_REPARACION
    else:
        after, tipo = _tomar_trabajo(view, worker, operacion, occupation), EventoTipo.TOMAR_SPOOL
    after = moved_on(after.evolve(version=spool.version + 1), expired, worker.id)
    lease_iso = lease.isoformat() if lease else None
    tomado = event(tipo, after, worker, operacion, "TOMAR", now, lease_expires_at=lease_iso)
    return Change(
        after,
        with_expiry(view, expired, now, tomado),
        f"Spool {tag} tomado por {worker.nombre_completo}",
    )


def _tomar_trabajo(
    view: Spool, worker: Worker, operacion: Operacion, occupation: Occupation
) -> Spool:
    estado: EstadoOp = getattr(view, _ESTADO_FIELD[operacion])
    if estado is EstadoOp.COMPLETADO:
        raise _ya_completada(view.tag_spool, operacion)
    if operacion is Operacion.SOLD and view.arm is EstadoOp.PENDIENTE:
        raise errors.DependenciasNoSatisfechas(
            f"SOLD requiere que ARM esté iniciado en el spool {view.tag_spool} (ARM pendiente).",
            {"faltante": "ARM"},
        )
    if operacion is Operacion.ARM:
        return view.evolve(
            arm=EstadoOp.EN_PROGRESO,
            armador=view.armador or worker.nombre_completo,
            holder=occupation,
        )
    return view.evolve(
        sold=EstadoOp.EN_PROGRESO,
        soldador=view.soldador or worker.nombre_completo,
        holder=occupation,
    )


def _tomar_reparacion(view: Spool, occupation: Occupation) -> Spool:
    if view.metrologia is not EstadoMetrologia.RECHAZADO or view.reparacion not in (
        EstadoReparacion.PENDIENTE,
        EstadoReparacion.PAUSADA,
    ):
        raise errors.DependenciasNoSatisfechas(
            f"REPARACION requiere un rechazo de METROLOGIA pendiente de reparar en el spool "
            f"{view.tag_spool}.",
            {"faltante": "METROLOGIA RECHAZADO"},
        )
    return view.evolve(reparacion=EstadoReparacion.EN_REPARACION, holder=occupation)


def _check_in_progress(view: Spool, operacion: Operacion) -> None:
    if operacion is Operacion.REPARACION:
        if view.reparacion is not EstadoReparacion.EN_REPARACION:
            raise _no_iniciada(view.tag_spool, operacion)
        return
    estado: EstadoOp = getattr(view, _ESTADO_FIELD[operacion])
    if estado is EstadoOp.COMPLETADO:
        raise _ya_completada(view.tag_spool, operacion)
    if estado is not EstadoOp.EN_PROGRESO:
        raise _no_iniciada(view.tag_spool, operacion)


def held_operation(spool: Spool, worker: Worker, now: datetime) -> Operacion:
    """The operation `worker` holds on `spool`, for PAUSAR/COMPLETAR sent without `operacion`
    (existing v3.0 tablets never send it on COMPLETAR). A lapsed hold of this worker, whether
    or not someone moved the spool on since, still names its operation, so the command answers
    as it would with the operation sent. Holding nothing there: 403 if the spool is blocked,
    else 400 OPERACION_NO_INICIADA."""
    view, expired = effective(spool, now)
    for occupation in (view.holder, expired, spool.lapsed):
        if occupation is not None and occupation.worker_id == worker.id:
            return occupation.operacion
    check_not_blocked(view)
    holder = view.holder
    someone = f" (lo tiene {holder.worker_nombre}, {holder.operacion})" if holder else ""
    raise errors.OperacionNoIniciada(
        f"{worker.nombre_completo} no tiene tomado el spool {spool.tag_spool}{someone}: "
        "primero hay que TOMAR el spool, o indique la operación.",
        {"tag_spool": spool.tag_spool, "worker_id": worker.id},
    )


def _release(
    spool: Spool, worker: Worker, operacion: Operacion, now: datetime
) -> tuple[Spool, Occupation | None]:
    """Common guards of PAUSAR/COMPLETAR: the spool to act on and, when the worker's own hold
    lapsed with nobody moving the spool on since, that hold (the work goes on from it)."""
    view, expired = effective(spool, now)
    check_not_blocked(view)
    check_role(worker, operacion)
    lapsed = expired if own_lapse(expired, worker, operacion) else None
    if lapsed is not None:
        view = spool
    else:
        check_not_moved_on(spool, worker, operacion)
    if operacion is Operacion.METROLOGIA:
        raise _no_aplicable(spool.tag_spool)
    _check_in_progress(view, operacion)
    check_holder(view, worker)
    return view, lapsed


def pausar(spool: Spool, worker: Worker, operacion: Operacion, now: datetime) -> Change:
    view, lapsed = _release(spool, worker, operacion, now)
    if operacion is Operacion.REPARACION:
        after = view.evolve(reparacion=EstadoReparacion.PAUSADA, holder=None)
        tipo = EventoTipo.PAUSAR_REPARACION
    else:
        after = view.evolve(**{_ESTADO_FIELD[operacion]: EstadoOp.PAUSADO}, holder=None)
        tipo = EventoTipo.PAUSAR_SPOOL
    after = after.evolve(version=spool.version + 1)
    closing = event(tipo, after, worker, operacion, "PAUSAR", now)
    return Change(
        after,
        closing_events(spool, lapsed, now, closing),
        f"Spool {spool.tag_spool} pausado por {worker.nombre_completo} ({operacion})",
    )


def completar(
    spool: Spool, worker: Worker, operacion: Operacion, now: datetime, fecha: date
) -> Change:
    """COMPLETAR of ARM, SOLD or REPARACION; METROLOGIA lives in `inspection`."""
    view, lapsed = _release(spool, worker, operacion, now)
    if operacion is Operacion.REPARACION:
        after = view.evolve(
            reparacion=EstadoReparacion.COMPLETADA,
            metrologia=EstadoMetrologia.PENDIENTE,
            holder=None,
        )
        tipo = EventoTipo.COMPLETAR_REPARACION
    elif operacion is Operacion.ARM:
        after = view.evolve(arm=EstadoOp.COMPLETADO, fecha_armado=fecha, holder=None)
        tipo = EventoTipo.COMPLETAR_ARM
    else:
        after = view.evolve(sold=EstadoOp.COMPLETADO, fecha_soldadura=fecha, holder=None)
        tipo = EventoTipo.COMPLETAR_SOLD
    after = after.evolve(version=spool.version + 1)
    closing = event(tipo, after, worker, operacion, "COMPLETAR", now, fecha_operacion=fecha)
    done = (
        "Reparación completada" if operacion is Operacion.REPARACION else f"{operacion} completado"
    )
    return Change(
        after,
        closing_events(spool, lapsed, now, closing),
        f"{done} en el spool {spool.tag_spool} por {worker.nombre_completo}",
    )


def cancelar_reparacion(spool: Spool, worker: Worker, now: datetime) -> Change:
    """Returns an EN_REPARACION or PAUSADA spool to RECHAZADO (repair pending)."""
    view, expired = effective(spool, now)
    check_not_blocked(view)
    if view.reparacion not in (EstadoReparacion.EN_REPARACION, EstadoReparacion.PAUSADA):
        raise _no_iniciada(spool.tag_spool, Operacion.REPARACION)
    if view.reparacion is EstadoReparacion.EN_REPARACION:
        check_holder(view, worker)
    after = view.evolve(
        reparacion=EstadoReparacion.PENDIENTE, holder=None, version=spool.version + 1
    )
    after = moved_on(after, expired, worker.id)
    ev = event(EventoTipo.CANCELAR_REPARACION, after, worker, Operacion.REPARACION, "CANCELAR", now)
    return Change(
        after,
        with_expiry(view, expired, now, ev),
        f"Reparación cancelada en spool {spool.tag_spool}: vuelve a RECHAZADO",
    )
