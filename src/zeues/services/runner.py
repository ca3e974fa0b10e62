"""Decides commands on spools inside one open write transaction: read the row (locked), decide
(pure domain), conditional write. The audit rows of every change are collected and written by
the command path (services/commands.py) last, just before the commit: see there why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from zeues.domain import errors
from zeues.domain.model import AuditEvent, Change, EventDraft, Spool, Worker
from zeues.services.not_found import spool_not_found, worker_not_found
from zeues.services.policy import Policy
from zeues.services.ports import Clock, WriteTx

MAX_ATTEMPTS = 5

Decide = Callable[[Spool, Worker, datetime], Change]
DecideSpool = Callable[[Spool, datetime], Change]


@dataclass(frozen=True)
class Outcome:
    change: Change
    now: datetime


@dataclass
class Runner:
    """One command's view of its transaction. Made by `Commands.execute` for each command."""

    tx: WriteTx
    clock: Clock
    policy: Policy
    on_conflict: Callable[[], None] | None = None
    drafts: list[EventDraft] = field(default_factory=list)  # audit rows to write at the end
    # Audit rows a command wrote itself as its last write (an import's, whose answer names
    # the row's id): published with the others after the commit.
    written: list[AuditEvent] = field(default_factory=list)
    # Spools written without an audit event (a renewal): told to the floor after the commit.
    quiet: list[str] = field(default_factory=list)

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
            # One query for both: each round trip to the database costs more than the query.
            spool, worker = self.tx.get_spool_and_worker(tag, worker_id)
            if spool is None:
                raise spool_not_found(tag)
            now = self.clock()
            change = decide(spool, worker, now)
            if not change.changed:
                return Outcome(change, now)
            if not self.tx.save_spool(spool, change.after, now):
                if self.on_conflict:
                    self.on_conflict()
                continue  # the row is not the version we read: read it again and decide again
            self.drafts.extend(change.events)
            if not change.events:
                self.quiet.append(tag)
            return Outcome(change, now)
        raise errors.ConflictoConcurrente(
            f"El spool {tag} cambió varias veces mientras se procesaba la solicitud. "
            "Intente de nuevo."
        )
