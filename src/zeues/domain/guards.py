"""Checks shared by every command, in the precedence order of CONTRACT §2.1."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zeues.domain import errors
from zeues.domain.estado import detalle, texto
from zeues.domain.model import (
    EventDraft,
    EventoTipo,
    Occupation,
    Operacion,
    Rol,
    Spool,
    Worker,
)

ROLES_FOR: dict[Operacion, frozenset[Rol]] = {
    Operacion.ARM: frozenset({Rol.ARMADOR, Rol.AYUDANTE}),
    Operacion.SOLD: frozenset({Rol.SOLDADOR, Rol.AYUDANTE}),
    Operacion.METROLOGIA: frozenset({Rol.METROLOGIA}),
    Operacion.REPARACION: frozenset(),
}


def check_not_blocked(spool: Spool) -> None:
    if spool.bloqueado:
        raise errors.SpoolBloqueado(
            f"El spool {spool.tag_spool} está BLOQUEADO tras 3 rechazos de metrología. "
            "Un supervisor debe desbloquearlo antes de seguir trabajando.",
            {"tag_spool": spool.tag_spool, "ciclo": spool.ciclo},
        )


def check_role(worker: Worker, operacion: Operacion) -> None:
    needed = ROLES_FOR[operacion]
    if needed and not needed.intersection(worker.roles):
        nombres = " o ".join(sorted(r.value for r in needed))
        raise errors.RolNoAutorizado(
            f"{worker.nombre_completo} no tiene el rol necesario para {operacion} "
            f"(se requiere {nombres}).",
            {"worker_id": worker.id, "operacion": operacion.value, "roles": [*worker.roles]},
        )


def check_supervisor(worker: Worker) -> None:
    if Rol.SUPERVISOR not in worker.roles:
        raise errors.RolNoAutorizado(
            f"{worker.nombre_completo} no tiene el rol Supervisor.",
            {"worker_id": worker.id, "roles": [*worker.roles]},
        )


def owner_data(holder: Occupation) -> dict[str, Any]:
    return {
        "owner_id": holder.worker_id,
        "owner_name": holder.worker_nombre,
        "operacion": holder.operacion.value,
        "lease_expires_at": holder.lease_expires_at,
    }


def check_holder(spool: Spool, worker: Worker) -> Occupation:
    holder = spool.holder
    if holder is None:  # pragma: no cover - callers check the state first
        raise errors.OperacionNoIniciada(f"Nadie tiene tomado el spool {spool.tag_spool}.")
    if holder.worker_id != worker.id:
        raise errors.NoAutorizado(
            f"El spool {spool.tag_spool} lo tiene {holder.worker_nombre}; solo quien lo tomó "
            "puede pausarlo o completarlo.",
            owner_data(holder),
        )
    return holder


def event(
    tipo: EventoTipo,
    after: Spool,
    worker: Worker | None,
    operacion: Operacion | None,
    accion: str,
    now: datetime,
    **metadata: Any,
) -> EventDraft:
    fecha = metadata.pop("fecha_operacion", None)
    return EventDraft(
        evento_tipo=tipo,
        tag_spool=after.tag_spool,
        worker_id=worker.id if worker else None,
        worker_nombre=worker.nombre_completo if worker else None,
        operacion=operacion,
        accion=accion,
        timestamp=now,
        fecha_operacion=fecha,
        # estado_texto: the same state in plain words, for screens fed by the live stream
        metadata={**metadata, "estado_detalle": detalle(after), "estado_texto": texto(after)},
    )


def expiry_event(before: Spool, expired: Occupation, now: datetime) -> EventDraft:
    """Records a lease that ran out, when someone acts on the spool after it."""
    assert expired.lease_expires_at is not None
    return EventDraft(
        evento_tipo=EventoTipo.LEASE_EXPIRADO,
        tag_spool=before.tag_spool,
        worker_id=expired.worker_id,
        worker_nombre=expired.worker_nombre,
        operacion=expired.operacion,
        accion="EXPIRAR",
        timestamp=now,
        metadata={
            "expired_at": expired.lease_expires_at.isoformat(),
            "estado_detalle": detalle(before),
            "estado_texto": texto(before),
        },
    )


def with_expiry(
    before: Spool, expired: Occupation | None, now: datetime, *events: EventDraft
) -> tuple[EventDraft, ...]:
    if expired is None:
        return events
    return (expiry_event(before, expired, now), *events)
