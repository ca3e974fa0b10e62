"""The read side of the store, one short connection per query."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from zeues.adapters.sql import production, queries
from zeues.adapters.sql.tables import spools
from zeues.domain.model import AuditEvent, Operacion, Spool, Worker


class SqlReadModel:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def spool(self, tag: str) -> Spool | None:
        with self.engine.connect() as conn:
            return queries.get_spool(conn, tag)

    def worker(self, worker_id: int) -> Worker | None:
        with self.engine.connect() as conn:
            return queries.get_worker(conn, worker_id)

    def active_workers(self) -> list[Worker]:
        with self.engine.connect() as conn:
            return queries.active_workers(conn)

    def spool_events(self, tag: str) -> list[AuditEvent]:
        with self.engine.connect() as conn:
            return queries.spool_events(conn, tag)

    def disponibles(
        self, operacion: Operacion, now: datetime, q: str | None, limit: int, offset: int
    ) -> tuple[list[Spool], int]:
        with self.engine.connect() as conn:
            return queries.disponibles(conn, operacion, now, q, limit, offset)

    def ocupados(
        self,
        now: datetime,
        worker_id: int | None,
        operacion: Operacion | None,
        q: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Spool], int]:
        with self.engine.connect() as conn:
            return queries.ocupados(conn, now, worker_id, operacion, q, limit, offset)

    def en_reparacion(self, q: str | None, limit: int, offset: int) -> tuple[list[Spool], int, int]:
        with self.engine.connect() as conn:
            return queries.en_reparacion(conn, q, limit, offset)

    def occupied_now(self, now: datetime) -> list[Spool]:
        with self.engine.connect() as conn:
            return queries.occupied_now(conn, now)

    def resumen(self, now: datetime) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return queries.resumen(conn, now)

    def produccion(self, start: datetime, end: datetime, now: datetime) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return production.produccion(conn, start, end, now)

    def events_between(self, start: datetime, end: datetime) -> list[AuditEvent]:
        with self.engine.connect() as conn:
            return production.events_between(conn, start, end)

    def count_spools(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(spools)).scalar_one())

    def all_spools(self) -> list[Spool]:
        with self.engine.connect() as conn:
            return queries.all_spools(conn)
