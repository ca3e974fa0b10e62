"""WHERE conditions on the spools table shared by the lists, the dashboard and production.
Expired leases are never shown as occupied (CONTRACT §1.2)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_

from zeues.adapters.sql.tables import spools
from zeues.domain.model import EstadoMetrologia, EstadoOp, EstadoReparacion, Operacion

c = spools.c


def occupied(now: datetime) -> ColumnElement[bool]:
    return and_(
        c.ocupado_por_id.is_not(None),
        or_(c.lease_expires_at.is_(None), c.lease_expires_at > now),
    )


def free(now: datetime) -> ColumnElement[bool]:
    return or_(c.ocupado_por_id.is_(None), c.lease_expires_at <= now)


def available(operacion: Operacion) -> ColumnElement[bool]:
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


def tag_contains(q: str) -> ColumnElement[bool]:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return c.tag_spool.like(f"%{escaped}%", escape="\\")
