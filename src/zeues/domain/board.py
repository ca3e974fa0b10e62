"""What one spool adds to the live board's counts (`/api/dashboard/resumen`), at `now`: the same
rules as the dashboard's SQL (adapters/sql/dashboard.py), one spool at a time, so the board can
be kept by moving one spool per change (issue 17). tests/api/test_board_stream.py checks both
agree on random floors."""

from __future__ import annotations

from datetime import datetime

from zeues.domain.model import EstadoMetrologia, EstadoOp, EstadoReparacion, Spool

# The live board's states, as the resumen's field names; each spool is in exactly one
# (bloqueados is counted with its own field).
BOARD_STATES = (
    "en_progreso",
    "pausados",
    "rechazados",
    "pendiente_metrologia",
    "aprobados",
    "sin_materiales",
    "disponibles",
)
# The counts per stage state, keyed by the state's value (a state with no spool is absent).
STAGES = ("arm", "sold", "metrologia", "reparacion")


def held_now(spool: Spool, now: datetime) -> bool:
    """Held by a lease still running (an expired lease is never shown as held)."""
    holder = spool.holder
    return holder is not None and (holder.lease_expires_at is None or holder.lease_expires_at > now)


def board_state(spool: Spool, now: datetime) -> str | None:
    """Its live-board state (None: blocked, counted in `bloqueados`); the first that applies."""
    if spool.bloqueado:
        return None
    if held_now(spool, now):
        return "en_progreso"
    held_before = spool.holder is not None  # not held now: its lease ran out
    rejected = spool.metrologia is EstadoMetrologia.RECHAZADO
    if rejected and (spool.reparacion is EstadoReparacion.PAUSADA or held_before):
        return "pausados"
    if rejected:
        return "rechazados"
    paused = EstadoOp.PAUSADO
    if spool.arm is paused or spool.sold is paused or held_before:
        return "pausados"
    done = EstadoOp.COMPLETADO
    if spool.arm is done and spool.sold is done and spool.metrologia is EstadoMetrologia.PENDIENTE:
        return "pendiente_metrologia"
    if spool.metrologia is EstadoMetrologia.APROBADO:
        return "aprobados"
    if spool.fecha_materiales is None:
        return "sin_materiales"
    return "disponibles"


def stage_states(spool: Spool, now: datetime) -> tuple[str, str, str, str | None]:
    """Its ARM, SOLD, metrología and reparación states as the resumen counts them: a running
    state under any expired lease counts as paused (CONTRACT §1.2)."""
    expired = (
        spool.holder is not None
        and spool.holder.lease_expires_at is not None
        and spool.holder.lease_expires_at <= now
    )

    def op(state: EstadoOp) -> str:
        return EstadoOp.PAUSADO.value if expired and state is EstadoOp.EN_PROGRESO else state.value

    rep = spool.reparacion
    if rep is EstadoReparacion.EN_REPARACION and expired:
        rep = EstadoReparacion.PAUSADA
    return op(spool.arm), op(spool.sold), spool.metrologia.value, rep.value if rep else None
