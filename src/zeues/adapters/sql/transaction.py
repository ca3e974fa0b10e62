"""One write transaction of a use case: the locked spool, its conditional update, workers and
audit rows (the `WriteTx` port)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from zeues.adapters.sql import floor_access as floor
from zeues.adapters.sql import idempotency_keys as keys
from zeues.adapters.sql.audit_order import INSERT_EVENT_TAKING_ORDER_LOCK, needs_order_lock
from zeues.adapters.sql.rows import (
    note_values,
    spool_from_row,
    spool_values,
    union_from_row,
    union_values,
    worker_from_row,
)
from zeues.adapters.sql.statements import (
    INSERT_EVENT,
    SELECT_SPOOL_AND_WORKER,
    SELECT_SPOOL_FOR_UPDATE,
    TAKE_SPOOL,
    UPDATE_SPOOL,
    WORKER_LABELS,
)
from zeues.adapters.sql.tables import notes, spools, unions, workers
from zeues.domain.floor_access import Device, FloorSession, PinState
from zeues.domain.model import AuditEvent, EventDraft, Operacion, Spool, Worker
from zeues.domain.notes import Note
from zeues.domain.unions import Recorded, Union
from zeues.services.ports import StoredAnswer


class SqlTx:
    """One open write transaction. Rollback unless the block ends normally."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._ordered = not needs_order_lock(conn)  # see audit_order.py

    def get_spool(self, tag: str) -> Spool | None:
        row = self.conn.execute(SELECT_SPOOL_FOR_UPDATE, {"b_tag": tag}).mappings().first()
        return spool_from_row(row) if row else None

    def get_spool_and_worker(
        self, tag: str, worker_id: int | None
    ) -> tuple[Spool | None, Worker | None]:
        if worker_id is None:
            return self.get_spool(tag), None
        params = {"b_tag": tag, "b_id": worker_id}
        row = self.conn.execute(SELECT_SPOOL_AND_WORKER, params).mappings().first()
        if row is None:
            return None, None  # no such spool: that answer comes first (CONTRACT §2.1 precedence)
        worker = {name: row[label] for label, name in WORKER_LABELS.items()}
        return spool_from_row(row), worker_from_row(worker) if worker["id"] is not None else None

    def save_spool(self, before: Spool, after: Spool, now: datetime) -> bool:
        """Conditional update: the row must still be the version we decided on, and a TOMAR
        additionally needs the spool free (or its lease expired). False = someone got there
        first; the caller re-reads and decides again."""
        taking, params = update_params(before, after, now)
        result = self.conn.execute(TAKE_SPOOL if taking else UPDATE_SPOOL, params)
        return result.rowcount == 1

    def insert_spool(self, spool: Spool) -> None:
        self.conn.execute(insert(spools).values(**spool_values(spool)))

    def upsert_worker(self, worker: Worker) -> bool:
        """True when the worker is new."""
        values = {
            "nombre": worker.nombre,
            "apellido": worker.apellido,
            "roles": [r.value for r in worker.roles],
            "activo": worker.activo,
        }
        found = self.conn.execute(update(workers).where(workers.c.id == worker.id).values(values))
        if found.rowcount:
            return False
        self.conn.execute(insert(workers).values(id=worker.id, **values))
        return True

    def add_events(self, drafts: Sequence[EventDraft]) -> list[AuditEvent]:
        saved = []
        for draft in drafts:
            ordered = self._ordered
            self._ordered = True  # the first audit row took the lock; it holds until the end
            result = self.conn.execute(
                INSERT_EVENT if ordered else INSERT_EVENT_TAKING_ORDER_LOCK, event_values(draft)
            )
            if ordered:
                pk = result.inserted_primary_key
                assert pk is not None
                event_id = int(pk[0])
            else:
                event_id = int(result.scalar_one())
            saved.append(AuditEvent.from_draft(event_id, draft))
        return saved

    def get_unions(self, tag: str) -> list[Union]:
        """The spool's unions. Called after the spool row was read for update: that lock (or
        SQLite's single writer) keeps them from changing under the command."""
        rows = self.conn.execute(_SELECT_UNIONS, {"b_tag": tag}).mappings()
        return [union_from_row(row) for row in rows]

    def record_unions(self, tag: str, recorded: Sequence[Recorded]) -> list[int]:
        """Marks each union finished for its operation, only where nobody did yet (conditional,
        as the spool's own write): the numbers that were already done, i.e. not recorded."""
        lost = []
        for item in recorded:
            work = item.work
            params = {
                "b_tag": tag,
                "b_n": item.n_union,
                "worker_id": work.worker_id,
                "worker": work.worker,
                "inicio": work.fecha_inicio,
                "fin": work.fecha_fin,
            }
            statement = _RECORD_ARM if item.operacion is Operacion.ARM else _RECORD_SOLD
            if self.conn.execute(statement, params).rowcount != 1:
                lost.append(item.n_union)
        return lost

    def put_unions(self, tag: str, rows: Sequence[Union]) -> None:
        """Replaces the spool's unions with `rows` (imports, demo data, tests)."""
        self.conn.execute(delete(unions).where(unions.c.tag_spool == tag))
        if rows:
            self.conn.execute(insert(unions), [union_values(row) for row in rows])

    def add_unions(self, rows: Sequence[Union]) -> None:
        if rows:
            self.conn.execute(insert(unions), [union_values(row) for row in rows])

    def add_note(self, note: Note) -> int:
        pk = self.conn.execute(insert(notes), note_values(note)).inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def claim_key(
        self, key: str, request_hash: str, now: datetime, expired_before: datetime
    ) -> StoredAnswer | None:
        return keys.claim_key(self.conn, key, request_hash, now, expired_before)

    def answer_key(self, key: str, status: int, body: str) -> None:
        keys.answer_key(self.conn, key, status, body)

    def purge_keys(self, expired_before: datetime) -> int:
        return keys.purge_keys(self.conn, expired_before)

    # --- floor identity (issue 22) ---

    def floor_session(self, token_hash: str) -> FloorSession | None:
        return floor.floor_session(self.conn, token_hash)

    def open_floor_session(self, session: FloorSession) -> int:
        return floor.open_floor_session(self.conn, session)

    def touch_floor_session(self, session_id: int, now: datetime) -> None:
        floor.touch_floor_session(self.conn, session_id, now)

    def end_floor_sessions(
        self,
        now: datetime,
        reason: str,
        *,
        session_id: int | None = None,
        worker_id: int | None = None,
    ) -> int:
        return floor.end_floor_sessions(self.conn, now, reason, session_id, worker_id)

    def pin_state(self, worker_id: int) -> PinState:
        return floor.pin_state(self.conn, worker_id, lock=True)

    def save_pin_state(self, worker_id: int, state: PinState, now: datetime) -> None:
        floor.save_pin_state(self.conn, worker_id, state, now)

    def device_by_token(self, token_hash: str) -> Device | None:
        return floor.device_by_token(self.conn, token_hash)

    def device_by_code(self, code_hash: str) -> Device | None:
        return floor.device_by_code(self.conn, code_hash)

    def add_device(self, nombre: str, code_hash: str, expires: datetime, now: datetime) -> int:
        return floor.add_device(self.conn, nombre, code_hash, expires, now)

    def enrol_device(self, device_id: int, token_hash: str, now: datetime) -> None:
        floor.enrol_device(self.conn, device_id, token_hash, now)

    def touch_device(self, device_id: int, now: datetime) -> None:
        floor.touch_device(self.conn, device_id, now)

    def revoke_device(self, device_id: int, now: datetime) -> Device | None:
        return floor.revoke_device(self.conn, device_id, now)


_SELECT_UNIONS = (
    select(unions).where(unions.c.tag_spool == bindparam("b_tag")).order_by(unions.c.n_union)
)


def _record(prefix: str) -> Any:
    cols = unions.c
    return (
        update(unions)
        .where(
            and_(
                cols.tag_spool == bindparam("b_tag"),
                cols.n_union == bindparam("b_n"),
                cols[f"{prefix}_fecha_fin"].is_(None),
            )
        )
        .values(
            {
                f"{prefix}_worker_id": bindparam("worker_id"),
                f"{prefix}_worker": bindparam("worker"),
                f"{prefix}_fecha_inicio": bindparam(
                    "inicio", type_=cols[f"{prefix}_fecha_inicio"].type
                ),
                f"{prefix}_fecha_fin": bindparam("fin", type_=cols[f"{prefix}_fecha_fin"].type),
            }
        )
    )


_RECORD_ARM = _record("arm")
_RECORD_SOLD = _record("sold")


def update_params(before: Spool, after: Spool, now: datetime) -> tuple[bool, dict[str, Any]]:
    """Whether the change takes the spool (a new holder: the write must find it free, TAKE_SPOOL),
    and the parameters of the conditional update."""
    taking = after.holder is not None and (
        before.holder is None or before.holder.since != after.holder.since
    )
    params = spool_values(after)
    del params["tag_spool"]
    params.update(b_tag=before.tag_spool, b_version=before.version)
    if taking:
        params["b_now"] = now
    return taking, params


def event_values(draft: EventDraft) -> dict[str, Any]:
    """An audit row's columns but its id (drawn by the database)."""
    return {
        "timestamp": draft.timestamp,
        "evento_tipo": draft.evento_tipo.value,
        "tag_spool": draft.tag_spool,
        "worker_id": draft.worker_id,
        "worker_nombre": draft.worker_nombre,
        "operacion": draft.operacion.value if draft.operacion else None,
        "accion": draft.accion,
        "fecha_operacion": draft.fecha_operacion,
        "metadata": draft.metadata,
    }
