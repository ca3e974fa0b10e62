"""What the use cases need from the outside world (implemented by adapters)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol, TypeVar

from zeues.domain.floor_access import Device, FloorSession, PinState
from zeues.domain.model import AuditEvent, EventDraft, Operacion, Spool, Worker
from zeues.domain.notes import Note
from zeues.domain.unions import Recorded, Resumen, Union

Clock = Callable[[], datetime]
T = TypeVar("T")


class StoreUnavailable(Exception):
    """The store cannot answer now (unreachable, disconnected, no free connection, locked):
    nothing was saved and the same request may succeed in a few seconds. Raised by the store
    adapters in place of their driver's errors, so callers need not know the driver."""


class StoreRefused(Exception):
    """The store refused a write transaction itself, at a statement or at its commit (one of
    the database's own constraints or triggers): nothing of it was saved, and nothing was
    published. Unlike StoreUnavailable a retry is likely refused again, until someone fixes
    the database."""


@dataclass(frozen=True)
class StoredAnswer:
    """The answer stored for an `Idempotency-Key`, with the hash of the request that made it."""

    request_hash: str
    status: int
    body: str


class FloorTx(Protocol):
    """Worker PINs and sessions inside a command's transaction (issue 22)."""

    def floor_session(self, token_hash: str) -> FloorSession | None: ...
    def open_floor_session(self, session: FloorSession) -> int:
        """Stores a new session; its id."""
        ...

    def touch_floor_session(self, session_id: int, now: datetime) -> None: ...
    def end_floor_sessions(
        self,
        now: datetime,
        reason: str,
        *,
        session_id: int | None = None,
        worker_id: int | None = None,
    ) -> int:
        """Ends one session, or every open session of a worker; how many."""
        ...

    def pin_state(self, worker_id: int) -> PinState:
        """The worker's PIN row, locked for this transaction (an empty state without one)."""
        ...

    def save_pin_state(self, worker_id: int, state: PinState, now: datetime) -> None: ...

    # Enrolled tablets (dispositivo+pin).
    def device_by_token(self, token_hash: str) -> Device | None: ...
    def device_by_code(self, code_hash: str) -> Device | None:
        """The pending device with this enrolment code, locked for this transaction."""
        ...

    def add_device(self, nombre: str, code_hash: str, expires: datetime, now: datetime) -> int: ...
    def enrol_device(self, device_id: int, token_hash: str, now: datetime) -> None: ...
    def touch_device(self, device_id: int, now: datetime) -> None: ...
    def revoke_device(self, device_id: int, now: datetime) -> Device | None:
        """The device as it was before (None: no such device)."""
        ...


class FloorReads(Protocol):
    """The console's view of PINs, lockouts and tablets, and a PIN's hash read before the slow
    check."""

    def pin_state(self, worker_id: int) -> PinState: ...
    def pin_states(self) -> dict[int, PinState]: ...
    def devices(self) -> list[Device]: ...
    def device_by_token(self, token_hash: str) -> Device | None: ...
    def floor_session(self, token_hash: str) -> FloorSession | None: ...


class WriteTx(FloorTx, Protocol):
    def get_spool(self, tag: str) -> Spool | None: ...
    def get_spool_and_worker(
        self, tag: str, worker_id: int | None
    ) -> tuple[Spool | None, Worker | None]:
        """The spool, locked for this transaction, and the worker; the worker is None when
        not asked for, not found, or the spool does not exist."""
        ...

    def save_spool(self, before: Spool, after: Spool, now: datetime) -> bool: ...
    def insert_spool(self, spool: Spool) -> None: ...
    def upsert_worker(self, worker: Worker) -> bool: ...
    def add_events(self, drafts: Sequence[EventDraft]) -> list[AuditEvent]: ...
    def get_unions(self, tag: str) -> list[Union]:
        """The unions of a spool this transaction read for update, by number."""
        ...

    def record_unions(self, tag: str, recorded: Sequence[Recorded]) -> list[int]:
        """Marks unions finished where nobody did yet; the numbers already done (not marked)."""
        ...

    def put_unions(self, tag: str, rows: Sequence[Union]) -> None:
        """Replaces the spool's unions."""
        ...

    def add_unions(self, rows: Sequence[Union]) -> None:
        """Inserts unions of any spools that have none yet (demo data)."""
        ...

    def add_note(self, note: Note) -> int:
        """Appends a note; its id."""
        ...

    def claim_key(
        self, key: str, request_hash: str, now: datetime, expired_before: datetime
    ) -> StoredAnswer | None:
        """Claims an `Idempotency-Key` for this transaction (None), waiting for a concurrent
        transaction that claimed it first; or, when a committed claim stored at or after
        `expired_before` exists, that stored answer. An older one is replaced by this claim."""
        ...

    def answer_key(self, key: str, status: int, body: str) -> None:
        """Stores the answer of the key this transaction claimed."""
        ...

    def purge_keys(self, expired_before: datetime) -> int:
        """Deletes the keys stored before `expired_before`; how many."""
        ...


class EventLog(Protocol):
    """The committed audit events, in id order: what SSE clients replay after a reconnection."""

    def events_after(
        self, last_id: int, tag: str | None, limit: int = 1000
    ) -> list[AuditEvent]: ...

    def last_event_id(self) -> int: ...


class Store(Protocol):
    def write(self) -> AbstractContextManager[WriteTx]: ...
    def ping(self) -> None: ...


class CommandLane(Protocol):
    """Where commands run, and so how many write at once in this process: the one
    concurrency bound of every write."""

    async def submit(self, command: Callable[[], T], inline: bool = True) -> T:
        """`inline=False`: a long command (an import step of hundreds of rows) that must run
        on a command thread, never on the event loop's thread."""
        ...

    def close(self) -> None:
        """Lets a command in flight finish its commit."""
        ...


class ReadModel(Protocol):
    def spool(self, tag: str) -> Spool | None: ...
    def worker(self, worker_id: int) -> Worker | None: ...
    def active_workers(self) -> list[Worker]: ...
    def spool_events(self, tag: str) -> list[AuditEvent]: ...
    def disponibles(
        self, operacion: Operacion, now: datetime, q: str | None, limit: int, offset: int
    ) -> tuple[list[Spool], int]: ...
    def ocupados(
        self,
        now: datetime,
        worker_id: int | None,
        operacion: Operacion | None,
        q: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Spool], int]: ...
    def en_reparacion(
        self, q: str | None, limit: int, offset: int
    ) -> tuple[list[Spool], int, int]: ...
    def occupied_now(self, now: datetime) -> list[Spool]: ...
    def resumen(self, now: datetime) -> dict[str, Any]: ...
    def produccion(self, start: datetime, end: datetime, now: datetime) -> dict[str, Any]: ...
    def events_between(self, start: datetime, end: datetime) -> list[AuditEvent]: ...
    def count_spools(self) -> int: ...
    def all_spools(self) -> list[Spool]:
        """Every spool, by tag (the worker app's queue decides on each)."""
        ...

    def unions(self, tag: str) -> list[Union]:
        """The spool's unions, by number."""
        ...

    def unions_of(self, tags: Sequence[str] | None) -> dict[str, list[Union]]:
        """The unions of these spools (None: of every spool), by tag then number; a spool
        without unions is absent."""
        ...

    def notes(self, tag: str) -> list[Note]:
        """The spool's notes, oldest first."""
        ...

    def last_inspections(self, tags: Sequence[str]) -> dict[str, AuditEvent]:
        """Per spool of these that was ever inspected, its last METROLOGIA event (one query):
        what a pending rejection says for the repair crew."""
        ...

    def union_summaries(self, tipos_sold: frozenset[str]) -> dict[str, Resumen]:
        """Per spool with unions, its progress (counted in the database, one query)."""
        ...

    def unions_finished(self, worker_id: int | None, start: datetime, end: datetime) -> list[Union]:
        """Unions with an ARM or SOLD finished in [start, end) (by this worker, when given)."""
        ...


class EventBus(Protocol):
    def publish(self, events: Sequence[AuditEvent]) -> None:
        """Called after commit; must never raise into the caller."""
        ...


@dataclass(frozen=True)
class RedisStatus:
    state: Literal["ok", "error", "disabled"]
    error: str | None = None
    pool: dict[str, object] | None = None


class RedisMonitor(Protocol):
    """Truthful view of this process's Redis connection (absent in the embedded mode)."""

    def status(self) -> RedisStatus: ...
    def health(self) -> dict[str, Any]: ...
    def pool_stats(self) -> dict[str, Any]: ...
