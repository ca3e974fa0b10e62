"""Use cases of the floor: TOMAR, PAUSAR, COMPLETAR (incl. METROLOGIA), batch, repair cancel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from zeues.domain import errors, lease, union_actions
from zeues.domain import occupation as rules
from zeues.domain import unions as union_rules
from zeues.domain.model import Change, Operacion, Resultado, Spool, Worker
from zeues.services.runner import Outcome, Runner


def tomar(runner: Runner, tag: str, worker_id: int, operacion: Operacion) -> Outcome:
    ttl = runner.policy.lease_ttl_seconds

    def decide(spool: Spool, worker: Worker, now: datetime) -> Change:
        return rules.tomar(spool, worker, operacion, now, ttl)

    return runner.run(tag, worker_id, decide)


def pausar(
    runner: Runner,
    tag: str,
    worker_id: int,
    operacion: Operacion | None,
    uniones: Sequence[int] | None = None,
) -> Outcome:
    """`operacion` None: the one this worker holds on the spool, decided on the row read in the
    command's own transaction (no earlier read that could be stale). `uniones`: the unions this
    worker finished, recorded in the same transaction as the action and its audit event."""

    def decide(spool: Spool, worker: Worker, now: datetime) -> tuple[Change, UnionChange]:
        op = operacion or rules.held_operation(spool, worker, now)
        return union_actions.pausar(spool, worker, op, now, _unions(runner, tag, uniones))

    return _with_unions(runner, tag, worker_id, decide)


def completar(
    runner: Runner,
    tag: str,
    worker_id: int,
    operacion: Operacion | None,
    fecha: date,
    resultado: Resultado | None,
    uniones: Sequence[int] | None = None,
    defecto: str | None = None,
) -> Outcome:
    """`operacion` None: as in `pausar` (METROLOGIA is never held, so it must be named).
    Without `uniones` a COMPLETAR of ARM/SOLD finishes the spool's open unions in this worker's
    name (a v3.0 client's COMPLETAR). With METROLOGIA RECHAZADO, `uniones` and `defecto` say
    what to repair."""

    def decide(spool: Spool, worker: Worker, now: datetime) -> tuple[Change, UnionChange]:
        given = _unions(runner, tag, uniones)
        if operacion is Operacion.METROLOGIA:
            assert resultado is not None, "validated at the edge"
            change = union_actions.inspeccionar(
                spool, worker, resultado, now, fecha, given, defecto
            )
            return change, union_rules.NONE
        op = operacion or rules.held_operation(spool, worker, now)
        return union_actions.completar(spool, worker, op, now, fecha, given)

    return _with_unions(runner, tag, worker_id, decide)


UnionChange = union_rules.UnionChange


def _unions(runner: Runner, tag: str, seleccion: Sequence[int] | None) -> union_actions.Unions:
    """The spool's unions, read in the command's transaction after its row lock."""
    return union_actions.Unions(runner.tx.get_unions(tag), seleccion, runner.policy.tipos_sold)


def _with_unions(
    runner: Runner,
    tag: str,
    worker_id: int,
    decide: Callable[[Spool, Worker, datetime], tuple[Change, UnionChange]],
) -> Outcome:
    """Runs `decide` like any command, then records the unions it finished in the same
    transaction. A union someone else recorded in between (the conditional write finds it
    done) refuses the whole command: it rolls back and nothing is counted twice."""
    decided: list[UnionChange] = []

    def spool_change(spool: Spool, worker: Worker, now: datetime) -> Change:
        change, recorded = decide(spool, worker, now)
        decided[:] = [recorded]
        return change

    outcome = runner.run(tag, worker_id, spool_change)
    recorded = decided[-1].recorded if decided else ()
    if recorded:
        lost = runner.tx.record_unions(tag, recorded)
        if lost:
            raise union_rules.already_taken(tag, recorded[0].operacion, lost)
    return outcome


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


def batch_tomar(
    runner: Runner, tags: list[str], worker_id: int, operacion: Operacion
) -> list[BatchItem]:
    """Each spool decided on its own with the single-TOMAR rules, all in the command's one
    transaction. Decided in tag order (distinct tags: the order changes no answer), so two
    batches lock their spools in the same order and never wait on each other in a cycle;
    answered in the order asked."""
    items = {}
    for tag in sorted(tags):
        try:
            items[tag] = BatchItem(tag, tomar(runner, tag, worker_id, operacion), None)
        except errors.DomainError as exc:
            items[tag] = BatchItem(tag, None, exc)
    return [items[tag] for tag in tags]


def renovar(runner: Runner, tags: list[str], worker_id: int) -> list[BatchItem]:
    """The tablet's renewal of the holds it shows (CONTRACT §1.2), in the command's one
    transaction like a batch (tag order, answered in the order asked): no audit event, and a
    renewal too soon after the last one writes nothing."""
    ttl = runner.policy.lease_ttl_seconds

    def decide(spool: Spool, worker: Worker, now: datetime) -> Change:
        return lease.renovar(spool, worker, now, ttl)

    items = {}
    for tag in sorted(tags):
        try:
            items[tag] = BatchItem(tag, runner.run(tag, worker_id, decide), None)
        except errors.DomainError as exc:
            items[tag] = BatchItem(tag, None, exc)
    return [items[tag] for tag in tags]
