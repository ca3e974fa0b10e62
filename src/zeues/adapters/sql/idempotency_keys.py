"""Stored responses of Idempotency-Key requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from zeues.adapters.sql.tables import idempotency_keys


class SqlIdempotencyKeys:
    def __init__(self, engine: Engine, writer: Engine) -> None:
        self.engine = engine
        self._writer = writer  # the engine's pool, transactions announcing writes (engine.py)

    def idempotent_response(self, key: str) -> tuple[str, int, str, datetime] | None:
        """(request hash, status, body, created_at) stored for an Idempotency-Key."""
        stmt = select(idempotency_keys).where(idempotency_keys.c.key == key)
        with self.engine.connect() as conn:
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
