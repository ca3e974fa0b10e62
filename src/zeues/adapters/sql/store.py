"""The SQL store: write transactions for use cases, and database health."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    Engine,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from zeues.adapters.sql.engine import writer
from zeues.adapters.sql.probe import BoundedPing
from zeues.adapters.sql.rows import (
    event_from_row,
    spool_from_row,
    spool_values,
    worker_from_row,
)
from zeues.adapters.sql.tables import audit_events, idempotency_keys, spools, workers
from zeues.adapters.sql.writelock import SqliteWriterLock
from zeues.domain.model import AuditEvent, EventDraft, Spool, Worker

# Statements are built once with bind parameters: building `.values(**literals)` per call
# costs more CPU than SQLite spends executing them.
_SELECT_SPOOL = select(spools).where(spools.c.tag_spool == bindparam("b_tag")).with_for_update()
_SELECT_WORKER = select(workers).where(workers.c.id == bindparam("b_id"))
_WORKER_LABELS = {f"w_{col.name}": col.name for col in workers.c}
# The spool (row-locked) and the acting worker in one round trip; no worker row → NULLs.
_SELECT_SPOOL_AND_WORKER = (
    select(spools, *[workers.c[name].label(label) for label, name in _WORKER_LABELS.items()])
    .select_from(spools.outerjoin(workers, workers.c.id == bindparam("b_id")))
    .where(spools.c.tag_spool == bindparam("b_tag"))
    .with_for_update(of=spools)
)
# `extra` (imported spreadsheet columns) is written only by imports (adapters/sql/transfer.py).
_SPOOL_COLUMNS = [col.name for col in spools.c if col.name not in ("tag_spool", "extra")]
_SAME_VERSION = and_(
    spools.c.tag_spool == bindparam("b_tag"), spools.c.version == bindparam("b_version")
)
_UPDATE_SPOOL = (
    update(spools).where(_SAME_VERSION).values({name: bindparam(name) for name in _SPOOL_COLUMNS})
)
# A TOMAR also requires the spool to be free, or its lease expired, at write time.
_TAKE_SPOOL = _UPDATE_SPOOL.where(
    or_(spools.c.ocupado_por_id.is_(None), spools.c.lease_expires_at <= bindparam("b_now"))
)
_INSERT_EVENT = insert(audit_events)
# PostgreSQL allocates sequence ids at INSERT, but transactions commit in their own order, so
# without this a reader could see id 12 committed, replay `id > 12`, and never see id 11
# that commits a moment later (SSE Last-Event-ID and the Redis subscriber's replay both rely
# on "id > last" missing nothing). Every audit-writing transaction takes this lock in the
# statement that inserts its first audit row, before the id is drawn, and holds it until it
# ends (commit or rollback): ids are then allocated in commit order. Taken after the spool
# row lock and followed by no other lock, so it cannot deadlock; it serialises only
# insert → commit, not the whole command, and taking it inside the INSERT (not in a SELECT
# before it) keeps one client round trip out of that serialised stretch.
# SQLite needs nothing: one writer at a time already.
AUDIT_ORDER_LOCK = 7_350_013  # arbitrary; migrate.py uses 7_350_012
_EVENT_COLUMNS = [col for col in audit_events.c if col.name != "id"]
_ORDER_LOCK = select(func.pg_advisory_xact_lock(AUDIT_ORDER_LOCK).label("locked")).cte(
    "audit_order"
)
# The lock CTE is volatile, hence materialised and scanned before the row (and its
# nextval() default) is formed: lock first, id second. Casts: INSERT ... SELECT gives PG no
# column context for the parameters.
_INSERT_EVENT_IN_ORDER = (
    insert(audit_events)
    .from_select(
        [col.name for col in _EVENT_COLUMNS],
        select(
            *[cast(bindparam(col.name, type_=col.type), col.type) for col in _EVENT_COLUMNS]
        ).select_from(_ORDER_LOCK),
    )
    .returning(audit_events.c.id)
)


class SqlTx:
    """One open write transaction. Rollback unless the block ends normally."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._ordered = conn.dialect.name != "postgresql"  # see _AUDIT_ORDER

    def get_spool(self, tag: str) -> Spool | None:
        row = self.conn.execute(_SELECT_SPOOL, {"b_tag": tag}).mappings().first()
        return spool_from_row(row) if row else None

    def get_worker(self, worker_id: int) -> Worker | None:
        row = self.conn.execute(_SELECT_WORKER, {"b_id": worker_id}).mappings().first()
        return worker_from_row(row) if row else None

    def get_spool_and_worker(
        self, tag: str, worker_id: int | None
    ) -> tuple[Spool | None, Worker | None]:
        if worker_id is None:
            return self.get_spool(tag), None
        params = {"b_tag": tag, "b_id": worker_id}
        row = self.conn.execute(_SELECT_SPOOL_AND_WORKER, params).mappings().first()
        if row is None:
            return None, None  # no such spool: that answer comes first (CONTRACT §2.1 precedence)
        worker = {name: row[label] for label, name in _WORKER_LABELS.items()}
        return spool_from_row(row), worker_from_row(worker) if worker["id"] is not None else None

    def save_spool(self, before: Spool, after: Spool, now: datetime) -> bool:
        """Conditional update: the row must still be the version we decided on, and a TOMAR
        additionally needs the spool free (or its lease expired). False = someone got there
        first; the caller re-reads and decides again."""
        taking = after.holder is not None and (
            before.holder is None or before.holder.since != after.holder.since
        )
        params = spool_values(after)
        del params["tag_spool"]
        params.update(b_tag=before.tag_spool, b_version=before.version)
        if taking:
            params["b_now"] = now
        result = self.conn.execute(_TAKE_SPOOL if taking else _UPDATE_SPOOL, params)
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
            self._ordered = True  # see _INSERT_EVENT_IN_ORDER
            result = self.conn.execute(
                _INSERT_EVENT if ordered else _INSERT_EVENT_IN_ORDER,
                {
                    "timestamp": draft.timestamp,
                    "evento_tipo": draft.evento_tipo.value,
                    "tag_spool": draft.tag_spool,
                    "worker_id": draft.worker_id,
                    "worker_nombre": draft.worker_nombre,
                    "operacion": draft.operacion.value if draft.operacion else None,
                    "accion": draft.accion,
                    "fecha_operacion": draft.fecha_operacion,
                    "metadata": draft.metadata,
                },
            )
            if ordered:
                pk = result.inserted_primary_key
                assert pk is not None
                event_id = int(pk[0])
            else:
                event_id = int(result.scalar_one())
            saved.append(AuditEvent.from_draft(event_id, draft))
        return saved


PING_TIMEOUT_SECONDS = 2.0


class SqlStore:
    def __init__(self, engine: Engine, ping_timeout: float = PING_TIMEOUT_SECONDS) -> None:
        self.engine = engine
        self._bounded_ping = BoundedPing(self._ping, ping_timeout)
        self._writer = writer(engine)
        # SQLite has one writer at a time: writers queue on a lock (see writelock.py).
        self._sqlite_lock = (
            SqliteWriterLock(_database_file(engine)) if engine.dialect.name == "sqlite" else None
        )
        self._local_writer: AbstractContextManager[object] = self._sqlite_lock or nullcontext()

    @contextmanager
    def write(self) -> Iterator[SqlTx]:
        with self._local_writer, self._writer.begin() as conn:
            yield SqlTx(conn)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def ping(self) -> None:
        """Raises when the database cannot answer, within `ping_timeout` seconds."""
        self._bounded_ping()

    def _ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def last_event_id(self) -> int:
        with self.read() as conn:
            return int(conn.execute(select(func.max(audit_events.c.id))).scalar() or 0)

    def events_after(self, last_id: int, tag: str | None, limit: int = 1000) -> list[AuditEvent]:
        stmt = select(audit_events).where(audit_events.c.id > last_id)
        if tag:
            stmt = stmt.where(audit_events.c.tag_spool == tag)
        stmt = stmt.order_by(audit_events.c.id).limit(limit)
        with self.read() as conn:
            return [event_from_row(r) for r in conn.execute(stmt).mappings()]

    def idempotent_response(self, key: str) -> tuple[str, int, str, datetime] | None:
        """(request hash, status, body, created_at) stored for an Idempotency-Key."""
        stmt = select(idempotency_keys).where(idempotency_keys.c.key == key)
        with self.read() as conn:
            row = conn.execute(stmt).mappings().first()
        if row is None:
            return None
        return row["request_hash"], row["status_code"], row["response_body"], row["created_at"]

    def remember_response(
        self, key: str, request_hash: str, status: int, body: str, now: datetime, stale: bool
    ) -> None:
        with self._writer.begin() as conn:
            if stale:
                conn.execute(delete(idempotency_keys).where(idempotency_keys.c.key == key))
            try:
                with conn.begin_nested():
                    conn.execute(
                        insert(idempotency_keys).values(
                            key=key,
                            request_hash=request_hash,
                            status_code=status,
                            response_body=body,
                            created_at=now,
                        )
                    )
            except IntegrityError:
                pass  # a concurrent request with the same key stored its response first

    def dispose(self) -> None:
        self.engine.dispose()
        if self._sqlite_lock is not None:
            self._sqlite_lock.close()


def _database_file(engine: Engine) -> Path | None:
    name = engine.url.database
    return Path(name) if name and name != ":memory:" else None
