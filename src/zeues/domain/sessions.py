"""Work sessions derived from the audit trail (CONTRACT §2.4). Nothing here is stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from zeues.domain.model import AuditEvent, EventoTipo, Occupation, Operacion

_OPENERS = {EventoTipo.TOMAR_SPOOL, EventoTipo.TOMAR_REPARACION}
_CLOSERS = {
    EventoTipo.PAUSAR_SPOOL: "PAUSAR",
    EventoTipo.PAUSAR_REPARACION: "PAUSAR",
    EventoTipo.COMPLETAR_ARM: "COMPLETAR",
    EventoTipo.COMPLETAR_SOLD: "COMPLETAR",
    EventoTipo.COMPLETAR_REPARACION: "COMPLETAR",
    EventoTipo.CANCELAR_REPARACION: "LIBERADO",  # released without completing
    EventoTipo.LEASE_EXPIRADO: "EXPIRADO",
    EventoTipo.LIBERACION_FORZADA: "LIBERADO",
    EventoTipo.SPOOL_RESET: "LIBERADO",
}


@dataclass(frozen=True)
class Session:
    worker_id: int
    worker_nombre: str
    operacion: Operacion
    start_time: datetime
    end_time: datetime | None
    end_reason: str | None
    duration_seconds: int
    # On a spool with unions: the unions the session finished and their PD, as its closing
    # event recorded them (None: a spool without unions, or a session not closed by its worker).
    uniones: list[int] | None = None
    pd: float | None = None

    @property
    def duration(self) -> str:
        return format_duration(self.duration_seconds)


def format_duration(seconds: int) -> str:
    """`2h 15m`; a 26-hour session reads `26h 0m` (days are never dropped)."""
    hours, rest = divmod(max(seconds, 0), 3600)
    return f"{hours}h {rest // 60}m"


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _session(
    start: AuditEvent,
    end: datetime | None,
    reason: str | None,
    now: datetime,
    closing: AuditEvent | None = None,
) -> Session:
    """A session opened by `start`; an open one (end None) lasts until `now` so far."""
    assert start.worker_id is not None and start.operacion is not None
    said = closing.metadata if closing is not None else {}
    return Session(
        worker_id=start.worker_id,
        worker_nombre=start.worker_nombre or "",
        operacion=start.operacion,
        start_time=start.timestamp,
        end_time=end,
        end_reason=reason,
        duration_seconds=int(((end or now) - start.timestamp).total_seconds()),
        uniones=said.get("uniones"),
        pd=said.get("pd"),
    )


def derive_sessions(
    events: Iterable[AuditEvent], now: datetime, holder: Occupation | None = None
) -> list[Session]:
    """`holder` is the spool row's holder: its lease, renewed without audit events, decides
    whether the last open session lapsed (the TOMAR event only knows the first lease)."""
    sessions: list[Session] = []
    open_: tuple[AuditEvent, datetime | None] | None = None
    for ev in events:
        if ev.evento_tipo in _CLOSERS and open_ is not None:
            end = ev.timestamp
            if ev.evento_tipo is EventoTipo.LEASE_EXPIRADO:
                end = _parse(ev.metadata.get("expired_at")) or ev.timestamp
            sessions.append(_session(open_[0], end, _CLOSERS[ev.evento_tipo], now, ev))
            open_ = None
        if ev.evento_tipo in _OPENERS:
            open_ = (ev, _parse(ev.metadata.get("lease_expires_at")))
    if open_ is not None:
        start, lease = open_
        if holder is not None and (holder.worker_id, holder.since) == (
            start.worker_id,
            start.timestamp,
        ):
            lease = holder.lease_expires_at
        expired = lease is not None and lease <= now
        sessions.append(
            _session(start, lease, "EXPIRADO", now) if expired else _session(start, None, None, now)
        )
    return sessions
