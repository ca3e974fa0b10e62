"""Spools, workers and instants shared by the domain unit tests (no I/O, no fixtures)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from zeues.domain import model
from zeues.domain.model import (
    AuditEvent,
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventDraft,
    Occupation,
    Operacion,
    Rol,
    Spool,
    Worker,
)

# Short names the tables use for operations.
ARM, SOLD, MET, REP = Operacion.ARM, Operacion.SOLD, Operacion.METROLOGIA, Operacion.REPARACION

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TTL = 3600
FECHA = date(2026, 11, 23)
MATERIALES = date(2026, 11, 1)
TAG = "TEST-01"


def at(minutes: float = 0) -> datetime:
    """An instant `minutes` after T0."""
    return T0 + timedelta(minutes=minutes)


# Workers, one role each unless said otherwise. nombre_completo in the comment.
ARMADOR = Worker(1, "Ana", "Araya", (Rol.ARMADOR,))  # AA(1)
SOLDADOR = Worker(2, "Sergio", "Soto", (Rol.SOLDADOR,))  # SS(2)
AYUDANTE = Worker(3, "Pedro", "Ayala", (Rol.AYUDANTE,))  # PA(3)
METROLOGO = Worker(4, "Marta", "Mella", (Rol.METROLOGIA,))  # MM(4)
SUPERVISOR = Worker(5, "Susana", "Silva", (Rol.SUPERVISOR,))  # SS(5)
SIN_ROL = Worker(6, "Nadia", "Nunez", ())  # NN(6)
MAURICIO = Worker(
    93, "Mauricio", "Rodriguez", (Rol.ARMADOR, Rol.SOLDADOR, Rol.METROLOGIA)
)  # MR(93)
JUAN = Worker(94, "Juan", "Perez", (Rol.ARMADOR, Rol.SOLDADOR))  # JP(94)


def fresh(**changes: object) -> Spool:
    """A spool with materials and nothing started."""
    return Spool(tag_spool=TAG, fecha_materiales=MATERIALES, nv="NV-1", ot="OT-1").evolve(**changes)


def occupation(
    worker: Worker, operacion: Operacion, since: datetime = T0, ttl: int = TTL
) -> Occupation:
    lease = since + timedelta(seconds=ttl) if ttl > 0 else None
    return Occupation(worker.id, worker.nombre_completo, operacion, since, lease)


def held(
    spool: Spool, worker: Worker, operacion: Operacion, since: datetime = T0, ttl: int = TTL
) -> Spool:
    """`spool` taken by `worker` for `operacion` at `since` (the op state becomes in progress)."""
    changes: dict[str, object] = {"holder": occupation(worker, operacion, since, ttl)}
    if operacion is Operacion.ARM:
        changes["arm"] = EstadoOp.EN_PROGRESO
        changes["armador"] = spool.armador or worker.nombre_completo
    elif operacion is Operacion.SOLD:
        changes["sold"] = EstadoOp.EN_PROGRESO
        changes["soldador"] = spool.soldador or worker.nombre_completo
    elif operacion is Operacion.REPARACION:
        changes["reparacion"] = EstadoReparacion.EN_REPARACION
    return spool.evolve(**changes)


def arm_paused(**changes: object) -> Spool:
    return fresh(arm=EstadoOp.PAUSADO, armador=ARMADOR.nombre_completo).evolve(**changes)


def arm_done(**changes: object) -> Spool:
    return fresh(
        arm=EstadoOp.COMPLETADO, armador=ARMADOR.nombre_completo, fecha_armado=FECHA
    ).evolve(**changes)


def welded(**changes: object) -> Spool:
    """ARM and SOLD completed: ready for METROLOGIA."""
    return arm_done(
        sold=EstadoOp.COMPLETADO, soldador=SOLDADOR.nombre_completo, fecha_soldadura=FECHA
    ).evolve(**changes)


def approved(**changes: object) -> Spool:
    return welded(metrologia=EstadoMetrologia.APROBADO, fecha_qc_metrologia=FECHA).evolve(**changes)


def rejected(ciclo: int = 1, **changes: object) -> Spool:
    """METROLOGIA RECHAZADO, repair pending."""
    return welded(
        metrologia=EstadoMetrologia.RECHAZADO,
        reparacion=EstadoReparacion.PENDIENTE,
        ciclo=ciclo,
        fecha_qc_metrologia=FECHA,
        fecha_rechazo=FECHA,
    ).evolve(**changes)


def repair_paused(ciclo: int = 1) -> Spool:
    return rejected(ciclo, reparacion=EstadoReparacion.PAUSADA)


def repaired(ciclo: int = 1) -> Spool:
    """Repair completed: METROLOGIA pending again."""
    return rejected(
        ciclo, reparacion=EstadoReparacion.COMPLETADA, metrologia=EstadoMetrologia.PENDIENTE
    )


def blocked() -> Spool:
    return rejected(3, bloqueado=True)


def audit(drafts: Iterable[EventDraft], first_id: int = 1) -> list[AuditEvent]:
    """Drafts as the store would write them, with monotonic ids."""
    return [AuditEvent.from_draft(first_id + i, d) for i, d in enumerate(drafts)]


def committed_tomar(event_id: int, tag: str = "TEST-05") -> AuditEvent:
    """A committed TOMAR ARM audit event as the bus carries it (for fan-out and stream tests)."""
    return AuditEvent(
        id=event_id,
        evento_tipo=model.EventoTipo.TOMAR_SPOOL,
        tag_spool=tag,
        worker_id=93,
        worker_nombre="MR(93)",
        operacion=Operacion.ARM,
        accion="TOMAR",
        timestamp=datetime(2026, 11, 23, 15, 0, tzinfo=UTC),
        fecha_operacion=None,
        metadata={"estado_detalle": "MR(93) trabajando ARM (ARM en progreso, SOLD pendiente)"},
    )
