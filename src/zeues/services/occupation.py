"""Use cases of the floor: TOMAR, PAUSAR, COMPLETAR (incl. METROLOGIA), batch, repair cancel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from zeues.domain import errors, inspection, lease
from zeues.domain import occupation as rules
from zeues.domain.model import Change, Operacion, Resultado, Spool, Worker
from zeues.services.runner import Outcome, Runner


def tomar(runner: Runner, tag: str, worker_id: int, operacion: Operacion, ttl: int) -> Outcome:
    def decide(spool: Spool, worker: Worker, now: datetime) -> Change:
        return rules.tomar(spool, worker, operacion, now, ttl)

    return runner.run(tag, worker_id, decide)


def pausar(runner: Runner, tag: str, worker_id: int, operacion: Operacion | None) -> Outcome:
    """`operacion` None: the one this worker holds on the spool, decided on the row read in the
    command's own transaction (no earlier read that could be stale)."""

    def decide(spool: Spool, worker: Worker, now: datetime) -> Change:
        op = operacion or rules.held_operation(spool, worker, now)
        return rules.pausar(spool, worker, op, now)

    return runner.run(tag, worker_id, decide)


def completar(
    runner: Runner,
    tag: str,
    worker_id: int,
    operacion: Operacion | None,
    fecha: date,
    resultado: Resultado | None,
) -> Outcome:
    """`operacion` None: as in `pausar` (METROLOGIA is never held, so it must be named)."""

    def decide(spool: Spool, worker: Worker, now: datetime) -> Change:
        if operacion is Operacion.METROLOGIA:
            assert resultado is not None, "validated at the edge"
            return inspection.inspeccionar(spool, worker, resultado, now, fecha)
        op = operacion or rules.held_operation(spool, worker, now)
        return rules.completar(spool, worker, op, now, fecha)

    return runner.run(tag, worker_id, decide)


def cancelar_reparacion(runner: Runner, tag: str, worker_id: int) -> Outcome:
    def decide(spool: Spool, worker: Worker, now: datetime) -> Change:
        return rules.cancelar_reparacion(spool, worker, now)

    return runner.run(tag, worker_id, decide)


def operacion_of(outcome: Outcome) -> Operacion:
    """The operation a PAUSAR/COMPLETAR acted on (its audit event names it; both always write
    one)."""
    operacion = outcome.change.events[-1].operacion
    assert operacion is not None, "PAUSAR and COMPLETAR events name their operation"
    return operacion


@dataclass(frozen=True)
class BatchItem:
    tag_spool: str
    outcome: Outcome | None
    error: errors.DomainError | None


def _each(tags: list[str], run_one: Callable[[str], Outcome]) -> list[BatchItem]:
    """One command per spool, each in its own transaction; a refusal is that spool's answer."""
    items = []
    for tag in tags:
        try:
            items.append(BatchItem(tag, run_one(tag), None))
        except errors.DomainError as exc:
            items.append(BatchItem(tag, None, exc))
    return items


def batch_tomar(
    runner: Runner, tags: list[str], worker_id: int, operacion: Operacion, ttl: int
) -> list[BatchItem]:
    """Each spool decided on its own with the single-TOMAR rules."""
    return _each(tags, lambda tag: tomar(runner, tag, worker_id, operacion, ttl))


def renovar(runner: Runner, tags: list[str], worker_id: int, ttl: int) -> list[BatchItem]:
    """The tablet's renewal of the holds it shows (CONTRACT §1.2): each spool in its own
    transaction, no audit event; a renewal too soon after the last one writes nothing."""

    def decide(spool: Spool, worker: Worker, now: datetime) -> Change:
        return lease.renovar(spool, worker, now, ttl)

    return _each(tags, lambda tag: runner.run(tag, worker_id, decide))
