"""History and the dashboards: work sessions, raw audit, who holds what, counts by state and the
day's production (CONTRACT §2.4, §2.7)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from zeues.api.models import responses as r
from zeues.api.presenters.times import in_tz
from zeues.domain.estado import detalle, texto
from zeues.domain.model import AuditEvent, Spool
from zeues.domain.sessions import Session
from zeues.services.production import Day


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
        uniones=session.uniones,
        pd=session.pd,
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


def history_out(tag: str, sessions: Iterable[Session], tz: ZoneInfo) -> r.HistoryResponse:
    out = [session_out(s, tz) for s in sessions]
    return r.HistoryResponse(tag_spool=tag, sessions=out, total=len(out))


def events_out(tag: str, events: Iterable[AuditEvent], tz: ZoneInfo) -> r.EventsResponse:
    found = [event_out(e, tz) for e in events]
    return r.EventsResponse(tag_spool=tag, events=found, total=len(found))


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
        estado_texto=texto(spool),
        fecha_ocupacion=since,
        lease_expires_at=in_tz(holder.lease_expires_at, tz),
    )


def resumen_out(
    counts: dict[str, Any], now: datetime, tz: ZoneInfo, pd_hoy: float = 0.0
) -> r.ResumenResponse:
    return r.ResumenResponse(**counts, pd_hoy=pd_hoy, timestamp=now.astimezone(tz))


def produccion_out(
    found: dict[str, Any], day: Day, now: datetime, tz: ZoneInfo
) -> r.ProduccionResponse:
    for stage in found["en_proceso"]:
        stage["desde_mas_antiguo"] = in_tz(stage["desde_mas_antiguo"], tz)
    return r.ProduccionResponse(
        fecha=day.fecha,
        zona_horaria=str(tz),
        desde=day.start.astimezone(tz),
        hasta=day.end.astimezone(tz),
        timestamp=now.astimezone(tz),
        **found,
    )
