"""`Idempotency-Key` claims inside a command's own write transaction (the `WriteTx` port's
claim_key / answer_key / purge_keys; services/commands.py says why).

The claim is an INSERT ... ON CONFLICT DO NOTHING on the key's primary key. On PostgreSQL a
concurrent transaction that inserted the same key and has not ended makes this INSERT wait for
it: if it commits, nothing is inserted and its stored answer is read; if it rolls back, this
claim goes in. On SQLite writers take turns, so a duplicate finds the first one committed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from zeues.adapters.sql.tables import idempotency_keys as keys
from zeues.services.ports import StoredAnswer

# Claimed, no answer yet: only ever seen by the claiming transaction itself, which stores the
# answer before it commits.
_PENDING = {"status_code": 0, "response_body": ""}
_ROW: dict[str, Any] = {
    "key": bindparam("k"),
    "request_hash": bindparam("h"),
    "created_at": bindparam("now"),
}
_CLAIM = {
    "postgresql": postgresql.insert(keys)
    .values(**_ROW, **_PENDING)
    .on_conflict_do_nothing(index_elements=["key"])
    .returning(keys.c.key),
    "sqlite": sqlite.insert(keys)
    .values(**_ROW, **_PENDING)
    .on_conflict_do_nothing(index_elements=["key"])
    .returning(keys.c.key),
}
_STORED = select(keys.c.request_hash, keys.c.status_code, keys.c.response_body, keys.c.created_at)
_STORED = _STORED.where(keys.c.key == bindparam("k"))
# Reclaims an expired key; conditional, so of two reclaiming at once only one succeeds.
_RECLAIM = (
    update(keys)
    .where(keys.c.key == bindparam("k"), keys.c.created_at == bindparam("old"))
    .values(request_hash=bindparam("h"), created_at=bindparam("now"), **_PENDING)
)
_ANSWER = (
    update(keys)
    .where(keys.c.key == bindparam("k"))
    .values(status_code=bindparam("s"), response_body=bindparam("b"))
)
_PURGE = delete(keys).where(keys.c.created_at < bindparam("before"))
_ATTEMPTS = 5  # each lost round means another transaction claimed or removed the key just now


def claim_key(
    conn: Connection, key: str, request_hash: str, now: datetime, expired_before: datetime
) -> StoredAnswer | None:
    params = {"k": key, "h": request_hash, "now": now}
    for _ in range(_ATTEMPTS):
        # RETURNING, not rowcount: the driver's rowcount of an INSERT ... ON CONFLICT is not
        # reliable across drivers (on PostgreSQL it did not say 1 for a row that went in).
        if conn.execute(_CLAIM[conn.dialect.name], params).first() is not None:
            return None
        row = conn.execute(_STORED, params).first()
        if row is None:
            continue  # purged since the INSERT looked: claim again
        stored_hash, status, body, created_at = row
        if created_at >= expired_before:
            return StoredAnswer(stored_hash, status, body)
        if conn.execute(_RECLAIM, {**params, "old": created_at}).rowcount == 1:
            return None
    raise RuntimeError(f"Idempotency-Key {key!r} disputada {_ATTEMPTS} veces seguidas")


def answer_key(conn: Connection, key: str, status: int, body: str) -> None:
    conn.execute(_ANSWER, {"k": key, "s": status, "b": body})


def purge_keys(conn: Connection, expired_before: datetime) -> int:
    return conn.execute(_PURGE, {"before": expired_before}).rowcount
