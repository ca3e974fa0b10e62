"""PAUSAR, COMPLETAR and METROLOGIA on a spool together with its unions: the spool's own rules
first (occupation.py, inspection.py), then the unions' (unions.py). One decision for the
commands and for the preview (actions.py), so a refusal is shown before acting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from zeues.domain import inspection, occupation
from zeues.domain import unions as u
from zeues.domain.estado import effective
from zeues.domain.model import Change, Operacion, Resultado, Spool, Worker


@dataclass(frozen=True)
class Unions:
    """The spool's unions as read in the command's transaction, what the worker ticked (None: a
    client that sends no selection), and which types need SOLD."""

    rows: Sequence[u.Union] = ()
    seleccion: Sequence[int] | None = None
    tipos_sold: frozenset[str] = u.DEFAULT_TIPOS_SOLD


NO_UNIONS = Unions()


def since_of(spool: Spool, worker: Worker, now: datetime) -> datetime | None:
    """When this worker's session on the spool started (their hold, or their own lapsed one)."""
    view, expired = effective(spool, now)
    for hold in (view.holder, expired):
        if hold is not None and hold.worker_id == worker.id:
            return hold.since
    return None


def merged(change: Change, recorded: u.UnionChange) -> Change:
    """The action's closing audit event gains the unions and their PD; its message names them."""
    extra = recorded.metadata()
    if not extra:
        return change
    *before, closing = change.events
    closing = replace(closing, metadata={**closing.metadata, **extra})
    return replace(change, events=(*before, closing), message=change.message + recorded.message())


def pausar(
    spool: Spool, worker: Worker, operacion: Operacion, now: datetime, unions: Unions
) -> tuple[Change, u.UnionChange]:
    change = occupation.pausar(spool, worker, operacion, now)
    recorded = _release(spool, worker, operacion, now, unions, completing=False)
    return merged(change, recorded), recorded


def completar(
    spool: Spool,
    worker: Worker,
    operacion: Operacion,
    now: datetime,
    fecha: date,
    unions: Unions,
) -> tuple[Change, u.UnionChange]:
    change = occupation.completar(spool, worker, operacion, now, fecha)
    recorded = _release(spool, worker, operacion, now, unions, completing=True)
    return merged(change, recorded), recorded


def _release(
    spool: Spool,
    worker: Worker,
    operacion: Operacion,
    now: datetime,
    unions: Unions,
    completing: bool,
) -> u.UnionChange:
    return u.on_release(
        spool.tag_spool,
        unions.rows,
        operacion,
        completing,
        unions.seleccion,
        worker,
        since_of(spool, worker, now),
        now,
        unions.tipos_sold,
    )


def inspeccionar(
    spool: Spool,
    worker: Worker,
    resultado: Resultado,
    now: datetime,
    fecha: date,
    unions: Unions,
    defecto: str | None = None,
) -> Change:
    """With RECHAZADO, `unions.seleccion` are the rejected unions and `defecto` the defect: both
    go to the audit event, where the repair crew's screens read them."""
    change = inspection.inspeccionar(spool, worker, resultado, now, fecha)
    u.check_welded(spool.tag_spool, unions.rows, unions.tipos_sold)
    if resultado is not Resultado.RECHAZADO:
        return change
    found = u.rejection(spool.tag_spool, unions.rows, unions.seleccion, defecto)
    if not found:
        return change
    *before, closing = change.events
    closing = replace(closing, metadata={**closing.metadata, "rechazo": found})
    return replace(change, events=(*before, closing))
