"""Entities and value types of the shop floor. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Operacion(StrEnum):
    ARM = "ARM"
    SOLD = "SOLD"
    METROLOGIA = "METROLOGIA"
    REPARACION = "REPARACION"


class EstadoOp(StrEnum):
    """State of ARM and SOLD."""

    PENDIENTE = "PENDIENTE"
    EN_PROGRESO = "EN_PROGRESO"
    PAUSADO = "PAUSADO"
    COMPLETADO = "COMPLETADO"


class EstadoMetrologia(StrEnum):
    PENDIENTE = "PENDIENTE"
    APROBADO = "APROBADO"
    RECHAZADO = "RECHAZADO"


class EstadoReparacion(StrEnum):
    PENDIENTE = "PENDIENTE"
    EN_REPARACION = "EN_REPARACION"
    PAUSADA = "PAUSADA"
    COMPLETADA = "COMPLETADA"


class Resultado(StrEnum):
    APROBADO = "APROBADO"
    RECHAZADO = "RECHAZADO"


class Rol(StrEnum):
    ARMADOR = "Armador"
    SOLDADOR = "Soldador"
    METROLOGIA = "Metrologia"
    AYUDANTE = "Ayudante"
    SUPERVISOR = "Supervisor"


class EventoTipo(StrEnum):
    TOMAR_SPOOL = "TOMAR_SPOOL"
    PAUSAR_SPOOL = "PAUSAR_SPOOL"
    COMPLETAR_ARM = "COMPLETAR_ARM"
    COMPLETAR_SOLD = "COMPLETAR_SOLD"
    COMPLETAR_METROLOGIA = "COMPLETAR_METROLOGIA"
    TOMAR_REPARACION = "TOMAR_REPARACION"
    PAUSAR_REPARACION = "PAUSAR_REPARACION"
    COMPLETAR_REPARACION = "COMPLETAR_REPARACION"
    CANCELAR_REPARACION = "CANCELAR_REPARACION"
    LEASE_EXPIRADO = "LEASE_EXPIRADO"
    LIBERACION_FORZADA = "LIBERACION_FORZADA"
    SUPERVISOR_OVERRIDE = "SUPERVISOR_OVERRIDE"
    SPOOL_RESET = "SPOOL_RESET"
    # One per applied spreadsheet import (tag_spool "*": it is about a whole file).
    IMPORTACION = "IMPORTACION"
    # An append-only note on a spool (issue 21); the note's text is in the metadata.
    NOTA = "NOTA"


MAX_CICLOS = 3


def nombre_completo(worker_id: int, nombre: str, apellido: str) -> str:
    """`MR(93)`: initials of the first word of name and surname, then the id."""

    def initial(text: str) -> str:
        words = text.split()
        return words[0][0].upper() if words else ""

    return f"{initial(nombre)}{initial(apellido)}({worker_id})"


@dataclass(frozen=True)
class Worker:
    id: int
    nombre: str
    apellido: str
    roles: tuple[Rol, ...]
    activo: bool = True

    @property
    def nombre_completo(self) -> str:
        return nombre_completo(self.id, self.nombre, self.apellido)


@dataclass(frozen=True)
class Occupation:
    """Who holds the spool, for which operation, until when (None = no expiry)."""

    worker_id: int
    worker_nombre: str
    operacion: Operacion
    since: datetime
    lease_expires_at: datetime | None

    def expired(self, now: datetime) -> bool:
        return self.lease_expires_at is not None and self.lease_expires_at <= now


@dataclass(frozen=True)
class Lapse:
    """A hold that lapsed and that someone else then took or moved on (CONTRACT §1.2): its
    worker's late PAUSAR/COMPLETAR is answered 410."""

    worker_id: int
    operacion: Operacion
    at: datetime


@dataclass(frozen=True)
class Spool:
    tag_spool: str
    fecha_materiales: date | None = None
    nv: str | None = None
    ot: str | None = None
    proyecto: str | None = None
    fecha_armado: date | None = None
    fecha_soldadura: date | None = None
    fecha_qc_metrologia: date | None = None
    fecha_rechazo: date | None = None
    armador: str | None = None
    soldador: str | None = None
    arm: EstadoOp = EstadoOp.PENDIENTE
    sold: EstadoOp = EstadoOp.PENDIENTE
    metrologia: EstadoMetrologia = EstadoMetrologia.PENDIENTE
    reparacion: EstadoReparacion | None = None
    ciclo: int = 0
    bloqueado: bool = False
    holder: Occupation | None = None
    version: int = 1
    lapsed: Lapse | None = None

    def evolve(self, **changes: Any) -> Spool:
        # dataclasses.replace re-runs __init__ and dominates deciding on every spool at once
        # (the worker app's queue); a copy of the field dict does the same for this plain
        # frozen dataclass (no __post_init__, no slots), and unknown names still fail.
        unknown = changes.keys() - _SPOOL_FIELDS
        if unknown:
            raise TypeError(f"Spool no tiene los campos {sorted(unknown)}")
        new = object.__new__(Spool)
        new.__dict__.update(self.__dict__, **changes)
        return new


_SPOOL_FIELDS = frozenset(f.name for f in fields(Spool))


@dataclass(frozen=True)
class EventDraft:
    """An audit event about to be written; the store gives it an id."""

    evento_tipo: EventoTipo
    tag_spool: str
    worker_id: int | None
    worker_nombre: str | None
    operacion: Operacion | None
    accion: str
    timestamp: datetime
    fecha_operacion: date | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditEvent:
    id: int
    evento_tipo: EventoTipo
    tag_spool: str
    worker_id: int | None
    worker_nombre: str | None
    operacion: Operacion | None
    accion: str
    timestamp: datetime
    fecha_operacion: date | None
    metadata: dict[str, Any]

    @classmethod
    def from_draft(cls, event_id: int, draft: EventDraft) -> AuditEvent:
        return cls(
            id=event_id,
            evento_tipo=draft.evento_tipo,
            tag_spool=draft.tag_spool,
            worker_id=draft.worker_id,
            worker_nombre=draft.worker_nombre,
            operacion=draft.operacion,
            accion=draft.accion,
            timestamp=draft.timestamp,
            fecha_operacion=draft.fecha_operacion,
            metadata=draft.metadata,
        )


@dataclass(frozen=True)
class Change:
    """The outcome of a command: the new spool and the audit events that explain it."""

    after: Spool
    events: tuple[EventDraft, ...]
    message: str
    changed: bool = True
