"""The supervisor dashboard's counts (`resumen`): spools per stage state and per live-board
state. Expired leases are never shown as occupied (CONTRACT §1.2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Connection

from zeues.adapters.sql.spool_filters import occupied
from zeues.adapters.sql.tables import spools
from zeues.domain.model import EstadoMetrologia, EstadoOp, EstadoReparacion

cols = spools.c  # the spools table's columns, read in most statements here


def resumen(conn: Connection, now: datetime) -> dict[str, Any]:
    expired = and_(cols.ocupado_por_id.is_not(None), cols.lease_expires_at <= now)

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
    blocked = conn.execute(select(func.count()).where(cols.bloqueado.is_(True))).scalar_one()
    return {
        "total": int(total),
        "ocupados": int(n_occupied),
        "bloqueados": int(blocked),
        **_board_states(conn, now),
        "arm": counts(cols.arm_estado, running, paused),
        "sold": counts(cols.sold_estado, running, paused),
        "metrologia": counts(cols.metrologia_estado),
        "reparacion": counts(cols.reparacion_estado, rep_running, rep_paused),
    }


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
    rejected = cols.metrologia_estado == EstadoMetrologia.RECHAZADO.value
    held_before = cols.ocupado_por_id.is_not(None)  # not occupied now: its lease ran out
    return case(
        (cols.bloqueado.is_(True), "BLOQUEADO"),
        (occupied(now), "EN_PROGRESO"),
        (
            and_(
                rejected,
                or_(cols.reparacion_estado == EstadoReparacion.PAUSADA.value, held_before),
            ),
            "PAUSADO",
        ),
        (rejected, "RECHAZADO"),
        (or_(cols.arm_estado == paused, cols.sold_estado == paused, held_before), "PAUSADO"),
        (
            and_(
                cols.arm_estado == done,
                cols.sold_estado == done,
                cols.metrologia_estado == EstadoMetrologia.PENDIENTE.value,
            ),
            "PENDIENTE_METROLOGIA",
        ),
        (cols.metrologia_estado == EstadoMetrologia.APROBADO.value, "APROBADO"),
        (cols.fecha_materiales.is_(None), "SIN_MATERIALES"),
        else_="DISPONIBLE",
    )


def _board_states(conn: Connection, now: datetime) -> dict[str, int]:
    state = _board_state(now).label("estado")
    rows = conn.execute(select(state, func.count()).select_from(spools).group_by(state)).all()
    found = {str(k): int(n) for k, n in rows}
    # `bloqueados` is already counted (same definition); the others are new fields.
    return {field: found.get(key, 0) for key, field in BOARD_FIELDS.items() if key != "BLOQUEADO"}
