"""Domain objects → response models, with times in the shop's timezone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from zeues.api import responses as r
from zeues.domain.estado import detalle, effective
from zeues.domain.model import AuditEvent, EventoTipo, Spool, Worker
from zeues.domain.sessions import Session


def in_tz(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    """API times are shown in the shop's timezone (ZEUES_TIMEZONE)."""
    return moment.astimezone(tz) if moment else None


def spool_out(spool: Spool, now: datetime, tz: ZoneInfo) -> r.SpoolOut:
    view, _ = effective(spool, now)
    holder = view.holder
    return r.SpoolOut(
        tag_spool=view.tag_spool,
        nv=view.nv,
        ot=view.ot,
        proyecto=view.proyecto,
        fecha_materiales=view.fecha_materiales,
        fecha_armado=view.fecha_armado,
        fecha_soldadura=view.fecha_soldadura,
        fecha_qc_metrologia=view.fecha_qc_metrologia,
        armador=view.armador,
        soldador=view.soldador,
        ocupado_por=holder.worker_nombre if holder else None,
        ocupado_por_id=holder.worker_id if holder else None,
        operacion_actual=holder.operacion.value if holder else None,
        fecha_ocupacion=in_tz(holder.since, tz) if holder else None,
        lease_expires_at=in_tz(holder.lease_expires_at, tz) if holder else None,
        version=view.version,
        estado_detalle=detalle(view),
        estado=r.EstadoOut(
            arm=view.arm.value,
            sold=view.sold.value,
            metrologia=view.metrologia.value,
            reparacion=view.reparacion.value if view.reparacion else None,
            ciclo=view.ciclo,
            bloqueado=view.bloqueado,
        ),
    )


def occupied_out(spool: Spool, tz: ZoneInfo) -> r.OccupiedItem:
    """A row of the dashboard; `spool` is held by a lease still running."""
    holder = spool.holder
    assert holder is not None
    since = in_tz(holder.since, tz)
    assert since is not None
    return r.OccupiedItem(
        tag_spool=spool.tag_spool,
        worker_id=holder.worker_id,
        worker_nombre=holder.worker_nombre,
        operacion=holder.operacion.value,
        estado_detalle=detalle(spool),
        fecha_ocupacion=since,
        lease_expires_at=in_tz(holder.lease_expires_at, tz),
    )


def worker_out(worker: Worker) -> r.WorkerOut:
    roles = [role.value for role in worker.roles]
    return r.WorkerOut(
        id=worker.id,
        nombre=worker.nombre,
        apellido=worker.apellido,
        rol=roles[0] if roles else None,
        roles=roles,
        activo=worker.activo,
        nombre_completo=worker.nombre_completo,
    )


def session_out(session: Session, tz: ZoneInfo) -> r.SessionOut:
    start = in_tz(session.start_time, tz)
    assert start is not None
    return r.SessionOut(
        worker_id=session.worker_id,
        worker_nombre=session.worker_nombre,
        operacion=session.operacion.value,
        start_time=start,
        end_time=in_tz(session.end_time, tz),
        duration=session.duration,
        duration_seconds=session.duration_seconds,
        end_reason=session.end_reason,
    )


def event_out(event: AuditEvent, tz: ZoneInfo) -> r.EventOut:
    stamp = in_tz(event.timestamp, tz)
    assert stamp is not None
    return r.EventOut(
        id=event.id,
        timestamp=stamp,
        evento_tipo=event.evento_tipo.value,
        tag_spool=event.tag_spool,
        worker_id=event.worker_id,
        worker_nombre=event.worker_nombre,
        operacion=event.operacion.value if event.operacion else None,
        accion=event.accion,
        fecha_operacion=event.fecha_operacion,
        metadata=event.metadata,
    )


# The v3.0 stream vocabulary existing clients switch on (CONTRACT §2.5); every audit type not
# listed (lease expiry, forced release, supervisor override, reset) is a STATE_CHANGE.
STREAM_TYPE: dict[EventoTipo, str] = {
    EventoTipo.TOMAR_SPOOL: "TOMAR",
    EventoTipo.PAUSAR_SPOOL: "PAUSAR",
    EventoTipo.COMPLETAR_ARM: "COMPLETAR",
    EventoTipo.COMPLETAR_SOLD: "COMPLETAR",
    EventoTipo.COMPLETAR_METROLOGIA: "COMPLETAR_METROLOGIA",
    EventoTipo.TOMAR_REPARACION: "TOMAR_REPARACION",
    EventoTipo.PAUSAR_REPARACION: "PAUSAR_REPARACION",
    EventoTipo.COMPLETAR_REPARACION: "COMPLETAR_REPARACION",
    EventoTipo.CANCELAR_REPARACION: "CANCELAR_REPARACION",
}
STATE_CHANGE = "STATE_CHANGE"


def stream_payload(event: AuditEvent, tz: ZoneInfo) -> dict[str, object]:
    """The SSE `data:` of CONTRACT §2.5: `type`/`event_type` in the v3.0 vocabulary, `evento_tipo`
    the audit name (both spellings existing clients read)."""
    stamp = in_tz(event.timestamp, tz)
    kind = STREAM_TYPE.get(event.evento_tipo, STATE_CHANGE)
    return {
        "id": event.id,
        "type": kind,
        "event_type": kind,
        "evento_tipo": event.evento_tipo.value,
        "tag_spool": event.tag_spool,
        "worker_id": event.worker_id,
        "worker": event.worker_nombre,
        "worker_nombre": event.worker_nombre,
        "operacion": event.operacion.value if event.operacion else None,
        "estado_detalle": event.metadata.get("estado_detalle"),
        "timestamp": stamp.isoformat() if stamp else None,
    }
