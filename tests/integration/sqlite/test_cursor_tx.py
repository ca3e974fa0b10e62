"""The SQLite write transaction's statements on the driver's cursor (adapters/sql/sqlite_tx.py)
store and read values exactly as SQLAlchemy does: same text in the file, same objects back."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.unit.builders import JUAN, MAURICIO, T0, blocked, held
from zeues.adapters.sql.sqlite.cursor_tx import SqliteTx
from zeues.adapters.sql.transaction import SqlTx
from zeues.container import Container
from zeues.domain.floor_access import FloorSession
from zeues.domain.model import EventDraft, EventoTipo, Operacion, Spool
from zeues.services.ports import StoreUnavailable

SINCE = T0 + timedelta(microseconds=123_456)  # microseconds must survive both ways
LEASE_AT_WHOLE_SECOND = T0 + timedelta(hours=1)  # stored with ".000000" all the same


def _insert(container: Container, tag: str) -> Spool:
    spool = blocked().evolve(tag_spool=tag)
    with container.store.write() as tx:
        tx.insert_spool(spool)
    return spool


def _raw_row(container: Container, table: str, key: str, value: object) -> dict[str, Any]:
    with container.store.read() as conn:
        driver = conn.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        cur = driver.execute(f"SELECT * FROM {table} WHERE {key} = ?", (value,))
        return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))


def _taken(spool: Spool) -> Spool:
    after = held(spool, MAURICIO, Operacion.REPARACION, since=SINCE)
    assert after.holder
    holder = replace(after.holder, lease_expires_at=LEASE_AT_WHOLE_SECOND)
    return after.evolve(holder=holder, version=spool.version + 1)


def test_a_spool_written_on_the_cursor_is_stored_as_sqlalchemy_stores_it(
    container: Container,
) -> None:
    on_cursor, on_sqlalchemy = _insert(container, "RAW-1"), _insert(container, "SQLA-1")
    with container.store.write() as tx:
        assert isinstance(tx, SqliteTx)
        assert tx.save_spool(on_cursor, _taken(on_cursor), SINCE)
        assert SqlTx(tx.conn).save_spool(on_sqlalchemy, _taken(on_sqlalchemy), SINCE)
    raw, reference = (
        _raw_row(container, "spools", "tag_spool", "RAW-1"),
        _raw_row(container, "spools", "tag_spool", "SQLA-1"),
    )
    assert raw["fecha_ocupacion"] == "2026-11-23 12:00:00.123456"
    assert raw["lease_expires_at"] == "2026-11-23 13:00:00.000000"
    assert {**raw, "tag_spool": "SQLA-1"} == reference


def test_the_cursor_reads_back_what_sqlalchemy_reads(container: Container) -> None:
    spool = _insert(container, "RAW-2")
    expected = _taken(spool)
    with container.store.write() as tx:
        assert tx.save_spool(spool, expected, SINCE)
    with container.store.write() as tx:
        on_cursor = tx.get_spool_and_worker("RAW-2", MAURICIO.id)
        on_sqlalchemy = SqlTx(tx.conn).get_spool_and_worker("RAW-2", MAURICIO.id)
    assert on_cursor == on_sqlalchemy
    assert on_cursor[0] == expected
    assert on_cursor[1] is not None and on_cursor[1].roles == MAURICIO.roles


def test_a_missing_worker_or_spool_reads_as_none(container: Container) -> None:
    _insert(container, "RAW-3")
    with container.store.write() as tx:
        spool, worker = tx.get_spool_and_worker("RAW-3", 99_999)
        assert spool is not None and worker is None
        assert tx.get_spool_and_worker("NO-EXISTE", MAURICIO.id) == (None, None)


def test_an_audit_row_written_on_the_cursor_is_stored_as_sqlalchemy_stores_it(
    container: Container,
) -> None:
    draft = EventDraft(
        evento_tipo=EventoTipo.TOMAR_SPOOL,
        tag_spool="RAW-4",
        worker_id=MAURICIO.id,
        worker_nombre=MAURICIO.nombre_completo,
        operacion=Operacion.ARM,
        accion="TOMAR",
        timestamp=SINCE,
        fecha_operacion=SINCE.date(),
        metadata={"motivo": "Soldadura rechazada: poro ø 2 mm", "ciclo": 2, "ok": True},
    )
    with container.store.write() as tx:
        [on_cursor] = tx.add_events([draft])
        [on_sqlalchemy] = SqlTx(tx.conn).add_events([draft])
    assert on_sqlalchemy.id == on_cursor.id + 1
    raw = _raw_row(container, "audit_events", "id", on_cursor.id)
    reference = _raw_row(container, "audit_events", "id", on_sqlalchemy.id)
    assert {**raw, "id": on_sqlalchemy.id} == reference
    assert container.events.events_after(on_cursor.id - 1, None, limit=1)[0] == on_cursor


@pytest.mark.parametrize(
    ("now", "taken"),
    [(LEASE_AT_WHOLE_SECOND - timedelta(milliseconds=1), False), (LEASE_AT_WHOLE_SECOND, True)],
    ids=["lease-still-running", "lease-expired"],
)
def test_a_tomar_on_the_cursor_takes_a_held_spool_only_once_its_lease_expired(
    container: Container, now: datetime, taken: bool
) -> None:
    spool = _insert(container, "RAW-5")
    with container.store.write() as tx:
        assert tx.save_spool(spool, _taken(spool), SINCE)
    with container.store.write() as tx:
        current, _ = tx.get_spool_and_worker("RAW-5", JUAN.id)
        assert current is not None
        again = held(current.evolve(holder=None), JUAN, Operacion.REPARACION, since=now)
        assert tx.save_spool(current, again.evolve(version=current.version + 1), now) is taken


def test_a_database_that_refuses_the_write_is_store_unavailable(container: Container) -> None:
    spool = _insert(container, "RAW-6")
    with pytest.raises(StoreUnavailable, match="readonly"), container.store.write() as tx:
        driver = tx.conn.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.execute("PRAGMA query_only = ON")
        try:
            tx.save_spool(spool, _taken(spool), SINCE)
        finally:
            driver.execute("PRAGMA query_only = OFF")
    assert container.read.spool("RAW-6") == spool  # unchanged


def test_a_worker_session_read_on_the_cursor_is_the_one_sqlalchemy_reads(
    container: Container,
) -> None:
    session = FloorSession("h" * 64, 93, SINCE, SINCE + timedelta(minutes=1), device_id=4)
    with container.store.write() as tx:
        assert isinstance(tx, SqliteTx)
        session_id = tx.open_floor_session(session)
        tx.end_floor_sessions(SINCE + timedelta(minutes=2), "CAMBIO", session_id=session_id)
        on_cursor = tx.floor_session("h" * 64)
        assert on_cursor == SqlTx(tx.conn).floor_session("h" * 64)
        assert tx.floor_session("x" * 64) is None
    assert on_cursor == replace(session, id=session_id, ended_at=SINCE + timedelta(minutes=2))
