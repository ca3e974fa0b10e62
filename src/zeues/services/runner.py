"""Runs one command in one transaction: read, decide (pure domain), conditional write, audit,
commit, then publish. Rollback is the default; nothing is published for a rejected command."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from zeues.domain import errors
from zeues.domain.model import AuditEvent, Change, Spool, Worker
from zeues.services.ports import Clock, EventBus, Store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5

Decide = Callable[[Spool, Worker, datetime], Change]
DecideSpool = Callable[[Spool, datetime], Change]


@dataclass(frozen=True)
class Outcome:
    change: Change
    events: list[AuditEvent]
    now: datetime


def spool_not_found(tag: str) -> errors.SpoolNoEncontrado:
    return errors.SpoolNoEncontrado(
        f"El spool {tag} no existe. Revise el código escaneado.", {"tag_spool": tag}
    )


def worker_not_found(worker_id: int) -> errors.WorkerNoEncontrado:
    return errors.WorkerNoEncontrado(
        f"El trabajador {worker_id} no existe o no está activo.", {"worker_id": worker_id}
    )


class Runner:
    def __init__(
        self,
        store: Store,
        bus: EventBus,
        clock: Clock,
        on_conflict: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.bus = bus
        self.clock = clock
        self._on_conflict = on_conflict

    def run(self, tag: str, worker_id: int, decide: Decide) -> Outcome:
        def with_worker(spool: Spool, worker: Worker | None, now: datetime) -> Change:
            if worker is None or not worker.activo:
                raise worker_not_found(worker_id)
            return decide(spool, worker, now)

        return self._run(tag, worker_id, with_worker)

    def run_spool(self, tag: str, decide: DecideSpool) -> Outcome:
        return self._run(tag, None, lambda spool, _worker, now: decide(spool, now))

    def _run(
        self,
        tag: str,
        worker_id: int | None,
        decide: Callable[[Spool, Worker | None, datetime], Change],
    ) -> Outcome:
        for _ in range(MAX_ATTEMPTS):
            with self.store.write() as tx:
                # One query for both: each round trip to the database costs more than the
                # query itself.
                spool, worker = tx.get_spool_and_worker(tag, worker_id)
                if spool is None:
                    raise spool_not_found(tag)
                now = self.clock()
                change = decide(spool, worker, now)
                if not change.changed:
                    return Outcome(change, [], now)
                if not tx.save_spool(spool, change.after, now):
                    if self._on_conflict:
                        self._on_conflict()
                    continue  # someone changed the row since we read it: decide again
                saved = tx.add_events(change.events)
            if saved:  # a lease renewal writes the row only
                self.publish(saved)
            return Outcome(change, saved, now)
        raise errors.ConflictoConcurrente(
            f"El spool {tag} cambió varias veces mientras se procesaba la solicitud. "
            "Intente de nuevo."
        )

    def publish(self, events: Sequence[AuditEvent]) -> None:
        try:
            self.bus.publish(events)
        except Exception:  # the change is committed; live updates must not undo it
            log.exception("no se pudo publicar %d eventos", len(events))
