"""The supervisor's reads of one business day, computed from the audit trail (CONTRACT §3):
completions per worker, inspection results, rejection rate per welder, and the work in
progress per stage with its age."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.engine import Connection

from zeues.adapters.sql.rows import event_from_row
from zeues.adapters.sql.spool_filters import occupied
from zeues.adapters.sql.tables import audit_events, spools
from zeues.domain.model import (
    AuditEvent,
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
)

a = audit_events.c
s = spools.c
MAX_EVENTS_PER_DAY = 200_000  # a bound on one CSV; a busy shop writes a few thousand a day


def _day(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(a.timestamp >= start, a.timestamp < end)


def events_between(conn: Connection, start: datetime, end: datetime) -> list[AuditEvent]:
    stmt = select(audit_events).where(_day(start, end)).order_by(a.id).limit(MAX_EVENTS_PER_DAY)
    return [event_from_row(r) for r in conn.execute(stmt).mappings()]


def _completions(conn: Connection, start: datetime, end: datetime) -> list[dict[str, Any]]:
    arm = func.sum(case((a.evento_tipo == EventoTipo.COMPLETAR_ARM.value, 1), else_=0))
    sold = func.sum(case((a.evento_tipo == EventoTipo.COMPLETAR_SOLD.value, 1), else_=0))
    kinds = (EventoTipo.COMPLETAR_ARM.value, EventoTipo.COMPLETAR_SOLD.value)
    stmt = (
        select(a.worker_id, func.max(a.worker_nombre), arm, sold)
        .where(_day(start, end), a.evento_tipo.in_(kinds))
        .group_by(a.worker_id)
        .order_by(a.worker_id)
    )
    return [
        {"worker_id": w, "worker_nombre": n, "arm": int(x), "sold": int(y)}
        for w, n, x, y in conn.execute(stmt).all()
    ]


def _inspections(conn: Connection, start: datetime, end: datetime) -> list[tuple[Any, ...]]:
    """(soldador, resultado) of each inspection of the day; soldador from the spool row."""
    resultado = a.metadata["resultado"].as_string()
    stmt = (
        select(s.soldador, resultado)
        .select_from(audit_events.join(spools, spools.c.tag_spool == a.tag_spool))
        .where(_day(start, end), a.evento_tipo == EventoTipo.COMPLETAR_METROLOGIA.value)
    )
    return [tuple(row) for row in conn.execute(stmt).all()]


def _stage_started(
    in_stage: ColumnElement[bool], kinds: tuple[str, ...], first: bool, op: str | None
) -> Any:
    """Per spool in the stage, when the stage began: the first (or last) audit event of these
    kinds. Only the stage's spools are read (through the tag index), not the whole trail."""
    agg = func.min(a.timestamp) if first else func.max(a.timestamp)
    where: list[ColumnElement[bool]] = [
        a.tag_spool.in_(select(s.tag_spool).where(in_stage)),
        a.evento_tipo.in_(kinds),
    ]
    if op is not None:
        where.append(a.operacion == op)
    return select(a.tag_spool, agg.label("since")).where(*where).group_by(a.tag_spool).subquery()


def _wip(conn: Connection, now: datetime) -> list[dict[str, Any]]:
    """Spools in each stage now and since when. A stage starts at the first TOMAR of ARM or
    SOLD, at the completion that made the spool ready for inspection, or at the rejection
    that sent it to repair. Spools seeded without audit events have no known start."""
    running = (EstadoOp.EN_PROGRESO.value, EstadoOp.PAUSADO.value)
    done = EstadoOp.COMPLETADO.value
    tomar = (EventoTipo.TOMAR_SPOOL.value,)
    ready = (EventoTipo.COMPLETAR_SOLD.value, EventoTipo.COMPLETAR_REPARACION.value)
    rejected = (EventoTipo.COMPLETAR_METROLOGIA.value,)
    arm = s.arm_estado.in_(running)
    sold = s.sold_estado.in_(running)
    metrologia = and_(
        s.arm_estado == done,
        s.sold_estado == done,
        s.metrologia_estado == EstadoMetrologia.PENDIENTE.value,
    )
    reparacion = and_(
        s.metrologia_estado == EstadoMetrologia.RECHAZADO.value,
        s.bloqueado.is_(False),
        s.reparacion_estado != EstadoReparacion.COMPLETADA.value,
    )
    stages = [
        ("ARM", arm, _stage_started(arm, tomar, True, "ARM")),
        ("SOLD", sold, _stage_started(sold, tomar, True, "SOLD")),
        ("METROLOGIA", metrologia, _stage_started(metrologia, ready, False, None)),
        ("REPARACION", reparacion, _stage_started(reparacion, rejected, False, None)),
    ]
    out = []
    for etapa, where, started in stages:
        stmt = (
            select(
                func.count(),
                func.count(started.c.since),
                func.min(started.c.since),
                func.sum(case((occupied(now), 1), else_=0)),
            )
            .select_from(spools.outerjoin(started, started.c.tag_spool == s.tag_spool))
            .where(where)
        )
        total, known, oldest, held = conn.execute(stmt).one()
        oldest_tag = None
        if oldest is not None:
            oldest_tag = conn.execute(
                select(s.tag_spool)
                .select_from(spools.join(started, started.c.tag_spool == s.tag_spool))
                .where(where, started.c.since == oldest)
                .limit(1)
            ).scalar()
        out.append(
            {
                "etapa": etapa,
                "total": int(total),
                "ocupados": int(held or 0),
                "con_inicio_conocido": int(known),
                "desde_mas_antiguo": oldest,
                "tag_mas_antiguo": oldest_tag,
            }
        )
    return out


def produccion(conn: Connection, start: datetime, end: datetime, now: datetime) -> dict[str, Any]:
    inspections = _inspections(conn, start, end)
    return {
        "completados": _completions(conn, start, end),
        "inspecciones": inspections,
        "en_proceso": _wip(conn, now),
    }
