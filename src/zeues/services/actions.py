"""Read-only use cases of the worker app: the actions a worker could do on a spool, and the
queue of an operation grouped by what the worker can do (CONTRACT §2.4). Nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from zeues.domain import actions as rules
from zeues.domain.estado import effective
from zeues.domain.lease import own_lapse
from zeues.domain.model import Operacion, Spool, Worker
from zeues.domain.union_actions import NO_UNIONS, Unions
from zeues.domain.unions import Resumen
from zeues.services.not_found import spool_not_found, worker_not_found
from zeues.services.ports import ReadModel
from zeues.services.unions import Rechazo, pending_rechazos


def active_worker(read: ReadModel, worker_id: int) -> Worker:
    worker = read.worker(worker_id)
    if worker is None or not worker.activo:
        raise worker_not_found(worker_id)
    return worker


def acciones(
    read: ReadModel,
    tag: str,
    worker_id: int,
    now: datetime,
    ttl: int,
    fecha: date,
    tipos_sold: frozenset[str],
) -> tuple[Spool, list[rules.Verdict]]:
    """The spool as read, and every action's verdict on it (its unions' rules included)."""
    # Same order of 404s as the Runner: the spool first, then the worker.
    spool = read.spool(tag)
    if spool is None:
        raise spool_not_found(tag)
    worker = active_worker(read, worker_id)
    given = Unions(read.unions(tag), None, tipos_sold)
    return spool, rules.acciones(spool, worker, now, ttl, fecha, given)


@dataclass(frozen=True)
class Refused:
    spool: Spool
    verdict: rules.Verdict


@dataclass(frozen=True)
class Queue:
    mios: list[Spool]
    disponibles: list[Spool]
    no_disponibles: list[Refused]
    # Per spool with unions, its progress ("ARM 3/7 · SOLD 0/6 · 12.5 PD" on each row).
    progreso: dict[str, Resumen] = field(default_factory=dict)
    # Per spool waiting for its repair, what metrología rejected (the repair crew's rows).
    rechazos: dict[str, Rechazo] = field(default_factory=dict)


Group = Literal["mios", "disponibles", "no_disponibles"]


@dataclass(frozen=True)
class Placed:
    """Where one spool stands in a worker's queue of an operation: its group, and the refusal
    for `no_disponibles`."""

    group: Group
    spool: Spool
    verdict: rules.Verdict | None = None


def place(
    spool: Spool,
    worker: Worker,
    operacion: Operacion,
    now: datetime,
    ttl: int,
    fecha: date,
    unions: Unions = NO_UNIONS,
) -> Placed | None:
    """The one decision of /api/cola for one spool; None when the spool is not in the queue
    (the operation has nothing left to do on it)."""
    view, expired = effective(spool, now)
    holder = view.holder
    if holder and holder.worker_id == worker.id and holder.operacion is operacion:
        return Placed("mios", spool)
    if own_lapse(expired, worker, operacion):
        return Placed("mios", spool)  # still theirs to pause or complete (CONTRACT §1.2)
    if rules.pendiente(spool, operacion, now):
        decided = rules.queue_decision(spool, worker, operacion, now, ttl, fecha, unions)
        if decided.permitida:
            return Placed("disponibles", spool)
        return Placed("no_disponibles", spool, decided)
    return None


def cola(
    read: ReadModel,
    worker_id: int,
    operacion: Operacion,
    now: datetime,
    ttl: int,
    fecha: date,
    tipos_sold: frozenset[str],
) -> Queue:
    worker = active_worker(read, worker_id)
    queue = Queue([], [], [], read.union_summaries(tipos_sold))
    # Only METROLOGIA's queue decision reads unions (every weld done); TOMAR never does.
    by_tag = read.unions_of(None) if operacion is Operacion.METROLOGIA else {}
    for spool in read.all_spools():
        given = Unions(by_tag.get(spool.tag_spool, ()), None, tipos_sold)
        placed = place(spool, worker, operacion, now, ttl, fecha, given)
        if placed is None:
            continue
        if placed.group == "mios":
            queue.mios.append(spool)
        elif placed.group == "disponibles":
            queue.disponibles.append(spool)
        else:
            assert placed.verdict is not None
            queue.no_disponibles.append(Refused(spool, placed.verdict))
    listed = [*queue.mios, *queue.disponibles, *(x.spool for x in queue.no_disponibles)]
    queue.rechazos.update(pending_rechazos(read, listed))
    return queue
