"""WHERE conditions on the spools table shared by the lists, the dashboard and production.
Expired leases are never shown as occupied (CONTRACT §1.2)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_

from zeues.adapters.sql.tables import spools
from zeues.domain.model import EstadoMetrologia, EstadoOp, EstadoReparacion, Operacion

cols = spools.c  # the spools table's columns, read in most statements here


def occupied(now: datetime) -> ColumnElement[bool]:
    return and_(
        cols.ocupado_por_id.is_not(None),
        or_(cols.lease_expires_at.is_(None), cols.lease_expires_at > now),
    )


def free(now: datetime) -> ColumnElement[bool]:
    return or_(cols.ocupado_por_id.is_(None), cols.lease_expires_at <= now)


def available(operacion: Operacion) -> ColumnElement[bool]:
    """Who could TOMAR (or inspect) this operation right now, leaving occupancy aside.
    An EN_PROGRESO row that is free can only be an expired lease: it counts as paused."""
    done = EstadoOp.COMPLETADO.value
    if operacion is Operacion.ARM:
        return and_(cols.fecha_materiales.is_not(None), cols.arm_estado != done)
    if operacion is Operacion.SOLD:
        return and_(
            cols.fecha_materiales.is_not(None),
            cols.arm_estado != EstadoOp.PENDIENTE.value,
            cols.sold_estado != done,
        )
    if operacion is Operacion.METROLOGIA:
        return and_(
            cols.arm_estado == done,
            cols.sold_estado == done,
            cols.metrologia_estado == EstadoMetrologia.PENDIENTE.value,
        )
    return and_(
        cols.metrologia_estado == EstadoMetrologia.RECHAZADO.value,
        cols.reparacion_estado != EstadoReparacion.COMPLETADA.value,
    )


def tag_contains(q: str) -> ColumnElement[bool]:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cols.tag_spool.like(f"%{escaped}%", escape="\\")
