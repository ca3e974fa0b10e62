"""Read-side queries. Expired leases are never shown as occupied (CONTRACT §1.2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.engine import Connection

from zeues.adapters.sql.rows import event_from_row, spool_from_row, worker_from_row
from zeues.adapters.sql.tables import audit_events, spools, workers
from zeues.domain.model import (
    AuditEvent,
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    Operacion,
    Spool,
    Worker,
)

c = spools.c


def occupied(now: datetime) -> ColumnElement[bool]:
    return and_(
        c.ocupado_por_id.is_not(None),
        or_(c.lease_expires_at.is_(None), c.lease_expires_at > now),
    )


def _free(now: datetime) -> ColumnElement[bool]:
    return or_(c.ocupado_por_id.is_(None), c.lease_expires_at <= now)


def _available(operacion: Operacion) -> ColumnElement[bool]:
    """Who could TOMAR (or inspect) this operation right now, leaving occupancy aside.
    An EN_PROGRESO row that is free can only be an expired lease: it counts as paused."""
    done = EstadoOp.COMPLETADO.value
    if operacion is Operacion.ARM:
        return and_(c.fecha_materiales.is_not(None), c.arm_estado != done)
    if operacion is Operacion.SOLD:
        return and_(
            c.fecha_materiales.is_not(None),
            c.arm_estado != EstadoOp.PENDIENTE.value,
            c.sold_estado != done,
        )
    if operacion is Operacion.METROLOGIA:
        return and_(
            c.arm_estado == done,
            c.sold_estado == done,
            c.metrologia_estado == EstadoMetrologia.PENDIENTE.value,
        )
    return and_(
        c.metrologia_estado == EstadoMetrologia.RECHAZADO.value,
        c.reparacion_estado != EstadoReparacion.COMPLETADA.value,
    )


def _like_tag(q: str) -> ColumnElement[bool]:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return c.tag_spool.like(f"%{escaped}%", escape="\\")


def _page(
    conn: Connection, where: list[ColumnElement[bool]], limit: int, offset: int, order: Any = None
) -> tuple[list[Spool], int]:
    total = conn.execute(select(func.count()).select_from(spools).where(*where)).scalar_one()
    stmt = select(spools).where(*where).order_by(order if order is not None else c.tag_spool)
    rows = conn.execute(stmt.limit(limit).offset(offset)).mappings()
    return [spool_from_row(r) for r in rows], int(total)


def disponibles(
    conn: Connection, operacion: Operacion, now: datetime, q: str | None, limit: int, offset: int
) -> tuple[list[Spool], int]:
    where = [c.bloqueado.is_(False), _free(now), _available(operacion)]
    if q:
        where.append(_like_tag(q))
    return _page(conn, where, limit, offset)


def ocupados(
    conn: Connection,
    now: datetime,
    worker_id: int | None,
    operacion: Operacion | None,
    q: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Spool], int]:
    where = [occupied(now)]
    if worker_id is not None:
        where.append(c.ocupado_por_id == worker_id)
    if operacion is not None:
        where.append(c.operacion_actual == operacion.value)
    if q:
        where.append(_like_tag(q))
    return _page(conn, where, limit, offset, c.fecha_ocupacion.desc())


def en_reparacion(
    conn: Connection, q: str | None, limit: int, offset: int
) -> tuple[list[Spool], int, int]:
    where = [or_(c.metrologia_estado == EstadoMetrologia.RECHAZADO.value, c.bloqueado.is_(True))]
    if q:
        where.append(_like_tag(q))
    found, total = _page(conn, where, limit, offset)
    bloqueados = conn.execute(
        select(func.count()).select_from(spools).where(*where, c.bloqueado.is_(True))
    ).scalar_one()
    return found, total, int(bloqueados)


def occupied_now(conn: Connection, now: datetime) -> list[Spool]:
    stmt = select(spools).where(occupied(now)).order_by(c.fecha_ocupacion.desc())
    return [spool_from_row(r) for r in conn.execute(stmt).mappings()]


def resumen(conn: Connection, now: datetime) -> dict[str, Any]:
    expired = and_(c.ocupado_por_id.is_not(None), c.lease_expires_at <= now)

    def counts(
        column: Any, running: str | None = None, paused: str | None = None
    ) -> dict[str, int]:
        # A running state whose lease expired counts as paused (CONTRACT §1.2).
        shown = (
            column
            if running is None
            else case((and_(column == running, expired), paused), else_=column)
        )
        rows = conn.execute(select(shown, func.count()).group_by(shown)).all()
        return {str(k): int(n) for k, n in rows if k is not None}

    running, paused = EstadoOp.EN_PROGRESO.value, EstadoOp.PAUSADO.value
    rep_running, rep_paused = (EstadoReparacion.EN_REPARACION.value, EstadoReparacion.PAUSADA.value)
    total = conn.execute(select(func.count()).select_from(spools)).scalar_one()
    n_occupied = conn.execute(select(func.count()).where(occupied(now))).scalar_one()
    blocked = conn.execute(select(func.count()).where(c.bloqueado.is_(True))).scalar_one()
    return {
        "total": int(total),
        "ocupados": int(n_occupied),
        "bloqueados": int(blocked),
        **_board_states(conn, now),
        "arm": counts(c.arm_estado, running, paused),
        "sold": counts(c.sold_estado, running, paused),
        "metrologia": counts(c.metrologia_estado),
        "reparacion": counts(c.reparacion_estado, rep_running, rep_paused),
    }


def all_spools(conn: Connection) -> list[Spool]:
    stmt = select(spools).order_by(c.tag_spool)
    return [spool_from_row(r) for r in conn.execute(stmt).mappings()]


# The live board's states: each spool in exactly one, the first that applies (so they add up
# to `total`). Free is "no running lease": an expired lease counts as paused (CONTRACT §1.2).
BOARD_FIELDS = {
    "BLOQUEADO": "bloqueados",
    "EN_PROGRESO": "en_progreso",
    "PAUSADO": "pausados",
    "RECHAZADO": "rechazados",
    "PENDIENTE_METROLOGIA": "pendiente_metrologia",
    "APROBADO": "aprobados",
    "SIN_MATERIALES": "sin_materiales",
    "DISPONIBLE": "disponibles",
}


def _board_state(now: datetime) -> Any:
    done, paused = EstadoOp.COMPLETADO.value, EstadoOp.PAUSADO.value
    rejected = c.metrologia_estado == EstadoMetrologia.RECHAZADO.value
    held_before = c.ocupado_por_id.is_not(None)  # not occupied now: its lease ran out
    return case(
        (c.bloqueado.is_(True), "BLOQUEADO"),
        (occupied(now), "EN_PROGRESO"),
        (
            and_(
                rejected,
                or_(c.reparacion_estado == EstadoReparacion.PAUSADA.value, held_before),
            ),
            "PAUSADO",
        ),
        (rejected, "RECHAZADO"),
        (or_(c.arm_estado == paused, c.sold_estado == paused, held_before), "PAUSADO"),
        (
            and_(
                c.arm_estado == done,
                c.sold_estado == done,
                c.metrologia_estado == EstadoMetrologia.PENDIENTE.value,
            ),
            "PENDIENTE_METROLOGIA",
        ),
        (c.metrologia_estado == EstadoMetrologia.APROBADO.value, "APROBADO"),
        (c.fecha_materiales.is_(None), "SIN_MATERIALES"),
        else_="DISPONIBLE",
    )


def _board_states(conn: Connection, now: datetime) -> dict[str, int]:
    state = _board_state(now).label("estado")
    rows = conn.execute(select(state, func.count()).select_from(spools).group_by(state)).all()
    found = {str(k): int(n) for k, n in rows}
    # `bloqueados` is already counted (same definition); the others are new fields.
    return {field: found.get(key, 0) for key, field in BOARD_FIELDS.items() if key != "BLOQUEADO"}


def get_spool(conn: Connection, tag: str) -> Spool | None:
    row = conn.execute(select(spools).where(c.tag_spool == tag)).mappings().first()
    return spool_from_row(row) if row else None


def spool_events(conn: Connection, tag: str) -> list[AuditEvent]:
    stmt = select(audit_events).where(audit_events.c.tag_spool == tag).order_by(audit_events.c.id)
    return [event_from_row(r) for r in conn.execute(stmt).mappings()]


def active_workers(conn: Connection) -> list[Worker]:
    stmt = select(workers).where(workers.c.activo.is_(True)).order_by(workers.c.id)
    return [worker_from_row(r) for r in conn.execute(stmt).mappings()]


def get_worker(conn: Connection, worker_id: int) -> Worker | None:
    row = conn.execute(select(workers).where(workers.c.id == worker_id)).mappings().first()
    return worker_from_row(row) if row else None
