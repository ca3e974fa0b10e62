"""An in-memory store for the use-case tests (cosmicpython's FakeUnitOfWork idea): a write
works on copies and commits them only when its block ends normally, like a real transaction,
so rollback, retry and Idempotency-Key rules run without HTTP or a database."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import datetime

from zeues.domain.model import AuditEvent, EventDraft, Operacion, Spool, Worker
from zeues.domain.unions import Recorded, Union
from zeues.services.ports import StoredAnswer


@dataclass
class Tables:
    spools: dict[str, Spool] = field(default_factory=dict)
    workers: dict[int, Worker] = field(default_factory=dict)
    events: list[AuditEvent] = field(default_factory=list)
    keys: dict[str, tuple[StoredAnswer, datetime]] = field(default_factory=dict)
    unions: dict[str, list[Union]] = field(default_factory=dict)
    notes: list[object] = field(default_factory=list)


class FakeTx:
    def __init__(self, tables: Tables, store: FakeStore) -> None:
        self.t = tables
        self._store = store

    def get_spool(self, tag: str) -> Spool | None:
        return self.t.spools.get(tag)

    def get_spool_and_worker(
        self, tag: str, worker_id: int | None
    ) -> tuple[Spool | None, Worker | None]:
        spool = self.t.spools.get(tag)
        if spool is None or worker_id is None:
            return spool, None
        return spool, self.t.workers.get(worker_id)

    def save_spool(self, before: Spool, after: Spool, now: datetime) -> bool:
        if self._store.conflicts:  # another writer got there first: the row moved on
            self._store.conflicts -= 1
            self.t.spools[before.tag_spool] = before.evolve(version=before.version + 1)
            return False
        if self.t.spools[before.tag_spool].version != before.version:
            return False
        self.t.spools[before.tag_spool] = after
        return True

    def insert_spool(self, spool: Spool) -> None:
        self.t.spools[spool.tag_spool] = spool

    def upsert_worker(self, worker: Worker) -> bool:
        created = worker.id not in self.t.workers
        self.t.workers[worker.id] = worker
        return created

    def add_events(self, drafts: Sequence[EventDraft]) -> list[AuditEvent]:
        first = len(self.t.events) + 1
        saved = [AuditEvent.from_draft(first + i, d) for i, d in enumerate(drafts)]
        self.t.events.extend(saved)
        return saved

    def get_unions(self, tag: str) -> list[Union]:
        return list(self.t.unions.get(tag, []))

    def record_unions(self, tag: str, recorded: Sequence[Recorded]) -> list[int]:
        rows = {u.n_union: u for u in self.t.unions.get(tag, [])}
        lost = []
        for item in recorded:
            row = rows[item.n_union]
            field_name = "arm" if item.operacion is Operacion.ARM else "sold"
            if getattr(row, field_name) is not None:
                lost.append(item.n_union)
                continue
            rows[item.n_union] = replace(row, **{field_name: item.work})
        self.t.unions[tag] = sorted(rows.values(), key=lambda u: u.n_union)
        return lost

    def put_unions(self, tag: str, rows: Sequence[Union]) -> None:
        self.t.unions[tag] = list(rows)

    def add_unions(self, rows: Sequence[Union]) -> None:
        for row in rows:
            self.t.unions.setdefault(row.tag_spool, []).append(row)

    def add_note(self, note: object) -> int:
        self.t.notes.append(note)
        return len(self.t.notes)

    def claim_key(
        self, key: str, request_hash: str, now: datetime, expired_before: datetime
    ) -> StoredAnswer | None:
        found = self.t.keys.get(key)
        if found is not None and found[1] >= expired_before:
            return found[0]
        self.t.keys[key] = (StoredAnswer(request_hash, 0, ""), now)
        return None

    def answer_key(self, key: str, status: int, body: str) -> None:
        claim, when = self.t.keys[key]
        self.t.keys[key] = (StoredAnswer(claim.request_hash, status, body), when)

    def purge_keys(self, expired_before: datetime) -> int:
        old = [k for k, (_, when) in self.t.keys.items() if when < expired_before]
        for k in old:
            del self.t.keys[k]
        return len(old)


class FakeStore:
    def __init__(self, spools: Sequence[Spool] = (), workers: Sequence[Worker] = ()) -> None:
        self.committed = Tables({s.tag_spool: s for s in spools}, {w.id: w for w in workers})
        self.transactions = 0
        self.conflicts = 0  # how many next conditional writes find the row changed

    @contextmanager
    def write(self) -> Iterator[FakeTx]:
        self.transactions += 1
        working = deepcopy(self.committed)
        yield FakeTx(working, self)
        self.committed = working  # reached only when the block ended normally

    def ping(self) -> None:
        return None


class RecordingBus:
    """Publishes into a list, and notes how many events were committed at that moment."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.published: list[list[AuditEvent]] = []
        self.committed_when_published: list[int] = []

    def publish(self, events: Sequence[AuditEvent]) -> None:
        self.published.append(list(events))
        self.committed_when_published.append(len(self.store.committed.events))
