"""SQL for imports and exports: the stored spools and workers a file touches, bulk writes,
and streamed reads for exports. Portable SQLAlchemy Core (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Column,
    RowMapping,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    update,
)

from zeues.adapters.sql.rows import (
    event_from_row,
    note_from_row,
    note_values,
    spool_from_row,
    spool_values,
    union_from_row,
    union_values,
    worker_from_row,
)
from zeues.adapters.sql.store import SqlStore
from zeues.adapters.sql.tables import audit_events, notes, spools, unions, workers
from zeues.adapters.sql.transaction import SqlTx
from zeues.domain.model import AuditEvent, Spool, Worker
from zeues.domain.notes import Note
from zeues.domain.unions import Union
from zeues.services.ports import WriteTx

Extra = dict[str, str]
_BATCH = 1000
_UPDATED_COLUMNS = [c.name for c in spools.c if c.name != "tag_spool"]
_UPDATE = (
    update(spools)
    .where(spools.c.tag_spool == bindparam("b_tag"))
    .values({name: bindparam(name) for name in _UPDATED_COLUMNS})
)


def _values(spool: Spool, extra: Extra) -> dict[str, Any]:
    return {**spool_values(spool), "extra": extra or None}


class SqlImportTx(SqlTx):
    def spools_by_tag(self, tags: Sequence[str]) -> dict[str, tuple[Spool, Extra]]:
        if not tags:
            return {}
        # Locked in tag order, as a batch locks them (services/commands.py): no lock cycles.
        wanted = spools.c.tag_spool.in_(list(set(tags)))
        stmt = select(spools).where(wanted).order_by(spools.c.tag_spool).with_for_update()
        return {
            row["tag_spool"]: (spool_from_row(row), dict(row["extra"] or {}))
            for row in self.conn.execute(stmt).mappings()
        }

    def insert_spools(self, rows: Sequence[tuple[Spool, Extra]]) -> None:
        self.conn.execute(insert(spools), [_values(s, e) for s, e in rows])

    def update_spools(self, rows: Sequence[tuple[Spool, Extra]]) -> None:
        params = []
        for spool, extra in rows:
            values = _values(spool, extra)
            values["b_tag"] = values.pop("tag_spool")
            params.append(values)
        self.conn.execute(_UPDATE, params)

    def workers_by_id(self, ids: Iterable[int]) -> dict[int, Worker]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        stmt = select(workers).where(workers.c.id.in_(wanted))
        return {row["id"]: worker_from_row(row) for row in self.conn.execute(stmt).mappings()}

    def unions_by_tag(self, tags: Sequence[str]) -> dict[str, list[Union]]:
        found: dict[str, list[Union]] = {}
        if not tags:
            return found
        stmt = (
            select(unions)
            .where(unions.c.tag_spool.in_(list(set(tags))))
            .order_by(unions.c.tag_spool, unions.c.n_union)
        )
        for row in self.conn.execute(stmt).mappings():
            found.setdefault(row["tag_spool"], []).append(union_from_row(row))
        return found

    def notes_by_tag(self, tags: Sequence[str]) -> dict[str, list[Note]]:
        found: dict[str, list[Note]] = {}
        wanted = list(set(tags))
        for start in range(0, len(wanted), _BATCH):
            page = wanted[start : start + _BATCH]
            stmt = select(notes).where(notes.c.tag_spool.in_(page)).order_by(notes.c.id)
            for row in self.conn.execute(stmt).mappings():
                found.setdefault(row["tag_spool"], []).append(note_from_row(row))
        return found

    def add_notes(self, rows: Sequence[Note]) -> list[int]:
        """Appends the notes in one statement per batch; their ids, in order."""
        ids: list[int] = []
        stmt = insert(notes).returning(notes.c.id, sort_by_parameter_order=True)
        for start in range(0, len(rows), _BATCH):
            page = [note_values(n) for n in rows[start : start + _BATCH]]
            ids += [int(i) for i in self.conn.execute(stmt, page).scalars()]
        return ids

    def upsert_unions(self, rows: Sequence[Union]) -> None:
        """Delete and insert by key: one portable statement pair for both backends."""
        for start in range(0, len(rows), _BATCH):
            page = rows[start : start + _BATCH]
            for row in page:
                self.conn.execute(
                    delete(unions).where(
                        and_(unions.c.tag_spool == row.tag_spool, unions.c.n_union == row.n_union)
                    )
                )
            self.conn.execute(insert(unions), [union_values(row) for row in page])


class SqlImportStore:
    def __init__(self, store: SqlStore) -> None:
        self.store = store

    @contextmanager
    def transaction(self) -> Iterator[SqlImportTx]:
        with self.store.write() as tx:
            yield SqlImportTx(tx.conn)

    def within(self, tx: WriteTx) -> SqlImportTx:
        assert isinstance(tx, SqlTx), "a transaction of this store"
        return SqlImportTx(tx.conn)


class SqlExportSource:
    """Reads in keyset pages so memory stays bounded whatever the table size."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def extra_headers(self) -> list[str]:
        seen: dict[str, None] = {}
        stmt = (
            select(spools.c.extra).where(spools.c.extra.is_not(None)).order_by(spools.c.tag_spool)
        )
        with self.store.read() as conn:
            for (extra,) in conn.execute(stmt):
                seen.update(dict.fromkeys(extra))
        return list(seen)

    def _rows(self, table: Table, key: Column[Any], first: object) -> Iterator[RowMapping]:
        """Every row of `table` in `key` order, read in batches (keyset paging), each batch in
        its own short read so a large export never holds the database."""
        last = first
        while True:
            stmt = select(table).where(key > last).order_by(key).limit(_BATCH)
            with self.store.read() as conn:
                page = list(conn.execute(stmt).mappings())
            yield from page
            if len(page) < _BATCH:
                return
            last = page[-1][key.name]

    def spools(self) -> Iterator[tuple[Spool, Extra]]:
        for row in self._rows(spools, spools.c.tag_spool, ""):
            yield spool_from_row(row), dict(row["extra"] or {})

    def events(self) -> Iterator[AuditEvent]:
        for row in self._rows(audit_events, audit_events.c.id, 0):
            yield event_from_row(row)

    def workers(self) -> list[Worker]:
        with self.store.read() as conn:
            rows = conn.execute(select(workers).order_by(workers.c.id)).mappings()
            return [worker_from_row(r) for r in rows]

    def unions(self) -> Iterator[Union]:
        last = ("", 0)
        c = unions.c
        while True:
            after = (c.tag_spool > last[0]) | and_(c.tag_spool == last[0], c.n_union > last[1])
            stmt = select(unions).where(after).order_by(c.tag_spool, c.n_union).limit(_BATCH)
            with self.store.read() as conn:
                page = [union_from_row(r) for r in conn.execute(stmt).mappings()]
            yield from page
            if len(page) < _BATCH:
                return
            last = (page[-1].tag_spool, page[-1].n_union)

    def union_totals(self) -> dict[str, tuple[int, int, int]]:
        c = unions.c
        armed = func.sum(case((c.arm_fecha_fin.is_not(None), c.dn_decimas), else_=0))
        welded = func.sum(case((c.sold_fecha_fin.is_not(None), c.dn_decimas), else_=0))
        stmt = select(c.tag_spool, func.count(), armed, welded).group_by(c.tag_spool)
        with self.store.read() as conn:
            return {tag: (int(n), int(a or 0), int(w or 0)) for tag, n, a, w in conn.execute(stmt)}

    def notes_by_tag(self) -> dict[str, list[Note]]:
        found: dict[str, list[Note]] = {}
        for row in self._rows(notes, notes.c.id, 0):
            found.setdefault(row["tag_spool"], []).append(note_from_row(row))
        return found
