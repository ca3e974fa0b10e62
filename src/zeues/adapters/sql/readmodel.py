"""The read side of the store (the `ReadModel` port), one short connection per query.
Spool lists, spools and workers are read here; the dashboard counts (dashboard.py) and the
supervisor's day (production.py) are their own modules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, case, func, or_, select
from sqlalchemy.engine import Connection

from zeues.adapters.sql import dashboard, production
from zeues.adapters.sql.rows import (
    event_from_row,
    note_from_row,
    spool_from_row,
    union_from_row,
    worker_from_row,
)
from zeues.adapters.sql.spool_filters import available, free, occupied, tag_contains
from zeues.adapters.sql.tables import audit_events, notes, spools, unions, workers
from zeues.domain.model import (
    AuditEvent,
    EstadoMetrologia,
    EventoTipo,
    Operacion,
    Spool,
    Worker,
)
from zeues.domain.notes import Note
from zeues.domain.unions import Resumen, Union, pd

cols = spools.c  # the spools table's columns, read in most statements here


class SqlReadModel:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def spool(self, tag: str) -> Spool | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(spools).where(cols.tag_spool == tag)).mappings().first()
        return spool_from_row(row) if row else None

    def worker(self, worker_id: int) -> Worker | None:
        stmt = select(workers).where(workers.c.id == worker_id)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).mappings().first()
        return worker_from_row(row) if row else None

    def active_workers(self) -> list[Worker]:
        stmt = select(workers).where(workers.c.activo.is_(True)).order_by(workers.c.id)
        with self.engine.connect() as conn:
            return [worker_from_row(r) for r in conn.execute(stmt).mappings()]

    def spool_events(self, tag: str) -> list[AuditEvent]:
        stmt = (
            select(audit_events).where(audit_events.c.tag_spool == tag).order_by(audit_events.c.id)
        )
        with self.engine.connect() as conn:
            return [event_from_row(r) for r in conn.execute(stmt).mappings()]

    def disponibles(
        self, operacion: Operacion, now: datetime, q: str | None, limit: int, offset: int
    ) -> tuple[list[Spool], int]:
        where = [cols.bloqueado.is_(False), free(now), available(operacion)]
        if q:
            where.append(tag_contains(q))
        with self.engine.connect() as conn:
            return _page(conn, where, limit, offset)

    def ocupados(
        self,
        now: datetime,
        worker_id: int | None,
        operacion: Operacion | None,
        q: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Spool], int]:
        where = [occupied(now)]
        if worker_id is not None:
            where.append(cols.ocupado_por_id == worker_id)
        if operacion is not None:
            where.append(cols.operacion_actual == operacion.value)
        if q:
            where.append(tag_contains(q))
        with self.engine.connect() as conn:
            return _page(conn, where, limit, offset, cols.fecha_ocupacion.desc())

    def en_reparacion(self, q: str | None, limit: int, offset: int) -> tuple[list[Spool], int, int]:
        where = [
            or_(
                cols.metrologia_estado == EstadoMetrologia.RECHAZADO.value, cols.bloqueado.is_(True)
            )
        ]
        if q:
            where.append(tag_contains(q))
        blocked = select(func.count()).select_from(spools).where(*where, cols.bloqueado.is_(True))
        with self.engine.connect() as conn:
            found, total = _page(conn, where, limit, offset)
            bloqueados = conn.execute(blocked).scalar_one()
        return found, total, int(bloqueados)

    def occupied_now(self, now: datetime) -> list[Spool]:
        stmt = select(spools).where(occupied(now)).order_by(cols.fecha_ocupacion.desc())
        with self.engine.connect() as conn:
            return [spool_from_row(r) for r in conn.execute(stmt).mappings()]

    def resumen(self, now: datetime) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return dashboard.resumen(conn, now)

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
        stmt = select(spools).order_by(cols.tag_spool)
        with self.engine.connect() as conn:
            return [spool_from_row(r) for r in conn.execute(stmt).mappings()]

    def notes(self, tag: str) -> list[Note]:
        c = notes.c
        stmt = select(notes).where(c.tag_spool == tag).order_by(c.id)
        with self.engine.connect() as conn:
            return [note_from_row(r) for r in conn.execute(stmt).mappings()]

    def unions(self, tag: str) -> list[Union]:
        return self.unions_of([tag]).get(tag, [])

    def unions_of(self, tags: Sequence[str] | None) -> dict[str, list[Union]]:
        stmt = select(unions).order_by(unions.c.tag_spool, unions.c.n_union)
        if tags is not None:
            stmt = stmt.where(unions.c.tag_spool.in_(list(tags)))
        found: dict[str, list[Union]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(stmt).mappings():
                found.setdefault(row["tag_spool"], []).append(union_from_row(row))
        return found

    def last_inspections(self, tags: Sequence[str]) -> dict[str, AuditEvent]:
        if not tags:
            return {}
        c = audit_events.c
        stmt = (
            select(audit_events)
            .where(
                c.tag_spool.in_(list(tags)),
                c.evento_tipo == EventoTipo.COMPLETAR_METROLOGIA.value,
            )
            .order_by(c.id)
        )
        with self.engine.connect() as conn:
            # by id: the last one of each spool stays
            return {r["tag_spool"]: event_from_row(r) for r in conn.execute(stmt).mappings()}

    def union_summaries(self, tipos_sold: frozenset[str]) -> dict[str, Resumen]:
        c = unions.c
        # types are stored upper-case and trimmed (every writer normalises them)
        needs = c.tipo_union.in_(sorted(tipos_sold) or [""])
        armed = c.arm_fecha_fin.is_not(None)
        welded = c.sold_fecha_fin.is_not(None)

        def total(condition: ColumnElement[bool], value: Any = 1) -> Any:
            return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

        stmt = select(
            c.tag_spool,
            func.count(),
            total(armed),
            total(needs),
            total(and_(needs, welded)),
            total(armed, c.dn_decimas),
            total(welded, c.dn_decimas),
        ).group_by(c.tag_spool)
        with self.engine.connect() as conn:
            return {
                tag: Resumen(int(n), int(a), int(sr), int(sh), pd(int(pa)), pd(int(ps)))
                for tag, n, a, sr, sh, pa, ps in conn.execute(stmt)
            }

    def unions_finished(self, worker_id: int | None, start: datetime, end: datetime) -> list[Union]:
        c = unions.c

        def finished(prefix: str) -> ColumnElement[bool]:
            fin = c[f"{prefix}_fecha_fin"]
            where = [fin >= start, fin < end]
            if worker_id is not None:
                where.append(c[f"{prefix}_worker_id"] == worker_id)
            return and_(*where)

        stmt = (
            select(unions)
            .where(or_(finished("arm"), finished("sold")))
            .order_by(c.tag_spool, c.n_union)
        )
        with self.engine.connect() as conn:
            return [union_from_row(row) for row in conn.execute(stmt).mappings()]


def _page(
    conn: Connection, where: list[ColumnElement[bool]], limit: int, offset: int, order: Any = None
) -> tuple[list[Spool], int]:
    """One page of the spools matching `where` (by tag unless `order`), and how many match."""
    total = conn.execute(select(func.count()).select_from(spools).where(*where)).scalar_one()
    stmt = select(spools).where(*where).order_by(order if order is not None else cols.tag_spool)
    rows = conn.execute(stmt.limit(limit).offset(offset)).mappings()
    return [spool_from_row(r) for r in rows], int(total)
