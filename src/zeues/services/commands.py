"""The one way in for every write: each command is ONE transaction, and a repeated
`Idempotency-Key` is answered from that same transaction's record.

- A command runs in one write transaction from its first read to its commit, and its audit
  rows are written last, just before the commit. Then the events are published.
- With a key, the transaction's first statement claims it (a unique row). A duplicate that
  arrives while the first runs waits on that row, then replays the first answer; the answer is
  stored by the command's own transaction, so a command that committed has its answer stored
  and a retry after any crash replays it (never runs twice, also across processes).
- A refused command (a `DomainError`) rolls everything back, its claim too. Its refusal is
  then remembered in a short transaction of its own: a retry within the window gets the same
  refusal. If the process dies before that, the retry is decided again, which is safe: the
  refused attempt changed nothing. If a duplicate claimed the key in between, the refused one
  answers with what the duplicate stored, so every attempt with one key answers the same.
- A batch (batch-tomar) is one transaction too, not one per spool: a claim covering several
  transactions would need an "in progress" state and a rule for an owner that died half way.
  Its spools are decided in tag order, and every transaction writes its audit rows after its
  last row lock, so no two commands wait on each other in a cycle (PostgreSQL's audit-order
  lock, adapters/sql/audit_order.py, must be the last lock a transaction takes).
- A dry run (the work raises Discard) rolls back and answers like a refusal.
- Outside `abierto`, a floor command's first step is its gate (services/floor_access.py): the
  worker session it carries, checked in the same transaction, so a session ended or a tablet
  revoked stops the very next write. A refused gate (AccesoDenegado) is never remembered under
  the key: once the worker signs in, the same attempt is decided on its merits. The session
  (and tablet) that acted is recorded in the metadata of the command's audit rows.
- Keys older than WINDOW are replaced when reused and purged now and then (PURGE_EVERY)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from zeues.domain.errors import AccesoDenegado, DomainError
from zeues.domain.model import AuditEvent, EventDraft
from zeues.services.floor_access import Actor, Gate
from zeues.services.policy import Policy
from zeues.services.ports import Clock, EventBus, Store, StoredAnswer, WriteTx
from zeues.services.runner import Runner

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)
PURGE_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Key:
    name: str  # as stored: the caller scopes it (per route) and bounds its length
    request_hash: str


@dataclass(frozen=True)
class Answer:
    """What the caller answers: a status and a body, opaque to the use cases."""

    status: int
    body: str


class KeyReused(Exception):
    """The key was used within the window for another request."""


class Discard(Exception):
    """Raised by a command's work: roll everything back and answer this (a dry run). With a
    key it is remembered like a refusal."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.status)
        self.answer = answer


Respond = Callable[[Runner], Answer]
Refuse = Callable[[DomainError], Answer]


@dataclass
class Commands:
    store: Store
    bus: EventBus
    clock: Clock
    policy: Policy
    on_conflict: Callable[[], None] | None = None  # a conditional write found the row moved
    # Told after the commit of the spools a command wrote without an audit event (a renewal):
    # a live-only notice, so what shows those spools (the floor's queues, boards) moves now.
    on_quiet_write: list[Callable[[list[str]], None]] = field(default_factory=list)
    _next_purge: datetime | None = field(default=None, init=False)

    def execute(
        self, respond: Respond, refuse: Refuse, key: Key | None = None, gate: Gate | None = None
    ) -> Answer:
        """`respond` does the work on the runner and says the answer; `refuse` says the answer
        to a refusal; `gate` who may act (None: anyone). Raises KeyReused, StoreUnavailable
        (nothing saved) or a bug."""
        try:
            answer, saved, quiet = self._once(respond, key, gate)
        except AccesoDenegado as exc:
            return refuse(exc)
        except (DomainError, Discard) as exc:
            answer = exc.answer if isinstance(exc, Discard) else refuse(exc)
            if key is None:
                return answer
            answer = self._remember(key, answer)
        else:
            self.publish(saved)
            self._tell_quiet(quiet)
        if key is not None:
            self._purge_now_and_then()
        return answer

    def _once(
        self, respond: Respond, key: Key | None, gate: Gate | None
    ) -> tuple[Answer, list[AuditEvent], list[str]]:
        with self.store.write() as tx:
            actor = gate(tx, self.clock()) if gate is not None else None
            if key is not None:
                stored = self._claim(tx, key)
                if stored is not None:
                    return stored, [], []
            runner = Runner(tx, self.clock, self.policy, self.on_conflict)
            answer = respond(runner)
            drafts = _signed(runner.drafts, actor) if actor is not None else runner.drafts
            saved = runner.written + (tx.add_events(drafts) if drafts else [])
            if key is not None:
                tx.answer_key(key.name, answer.status, answer.body)
        return answer, saved, runner.quiet

    def _claim(self, tx: WriteTx, key: Key) -> Answer | None:
        """None: claimed by this transaction. Else the answer to replay."""
        now = self.clock()
        stored = tx.claim_key(key.name, key.request_hash, now, now - WINDOW)
        return None if stored is None else _replayed(stored, key)

    def _remember(self, key: Key, refusal: Answer) -> Answer:
        with self.store.write() as tx:
            stored = self._claim(tx, key)
            if stored is not None:
                return stored  # a duplicate answered first: every attempt answers the same
            tx.answer_key(key.name, refusal.status, refusal.body)
        return refusal

    def publish(self, events: Sequence[AuditEvent]) -> None:
        if not events:
            return
        try:
            self.bus.publish(events)
        except Exception:  # the change is committed; live updates must not undo it
            log.exception("no se pudo publicar %d eventos", len(events))

    def _tell_quiet(self, tags: list[str]) -> None:
        if not tags:
            return
        for listener in self.on_quiet_write:
            try:
                listener(tags)
            except Exception:  # committed; a live notice must not undo it
                log.exception("no se pudo avisar %d spools renovados", len(tags))

    def _purge_now_and_then(self) -> None:
        now = self.clock()
        if self._next_purge is not None and now < self._next_purge:
            return
        self._next_purge = now + PURGE_EVERY
        with self.store.write() as tx:
            purged = tx.purge_keys(now - WINDOW)
        if purged:
            log.info("%d Idempotency-Key vencidas borradas", purged)


def _signed(drafts: list[EventDraft], actor: Actor) -> list[EventDraft]:
    """The audit rows name the session (and tablet) they came from: fields added to the
    metadata, never in place of one."""
    extra = actor.metadata()
    return [replace(d, metadata={**d.metadata, **extra}) for d in drafts]


def _replayed(stored: StoredAnswer, key: Key) -> Answer:
    if stored.request_hash != key.request_hash:
        raise KeyReused(key.name)
    return Answer(stored.status, stored.body)
