"""SQL of floor identity (issue 22): worker PIN rows and worker sessions, inside a command's
transaction (the `FloorTx` half of SqlTx) and for the console's reads (`FloorReads`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, bindparam, insert, select, update
from sqlalchemy.engine import Connection

from zeues.adapters.sql.tables import devices, floor_sessions, worker_pins
from zeues.domain.floor_access import Device, FloorSession, PinState

_PIN_COLUMNS = ("pin_hash", "must_change", "wrong_count", "locked_until", "last_wrong_at")


def _pin_from_row(row: Mapping[Any, Any] | None) -> PinState:
    if row is None:
        return PinState()
    return PinState(**{name: row[name] for name in _PIN_COLUMNS})


def session_from_row(row: Mapping[Any, Any]) -> FloorSession:
    return FloorSession(
        token_hash=row["token_hash"],
        worker_id=row["worker_id"],
        opened_at=row["opened_at"],
        last_seen_at=row["last_seen_at"],
        ended_at=row["ended_at"],
        id=row["id"],
        device_id=row["device_id"],
        origin=row["origin"],
    )


def pin_state(conn: Connection, worker_id: int, *, lock: bool) -> PinState:
    stmt = select(worker_pins).where(worker_pins.c.worker_id == worker_id)
    if lock:
        stmt = stmt.with_for_update()  # concurrent wrong PINs for one worker count one by one
    return _pin_from_row(conn.execute(stmt).mappings().first())


def save_pin_state(conn: Connection, worker_id: int, state: PinState, now: datetime) -> None:
    values = {name: getattr(state, name) for name in _PIN_COLUMNS}
    found = conn.execute(
        update(worker_pins).where(worker_pins.c.worker_id == worker_id).values(values)
    )
    if not found.rowcount:
        conn.execute(insert(worker_pins).values(worker_id=worker_id, set_at=now, **values))


SELECT_SESSION = select(floor_sessions).where(floor_sessions.c.token_hash == bindparam("h"))


def floor_session(conn: Connection, token_hash: str) -> FloorSession | None:
    row = conn.execute(SELECT_SESSION, {"h": token_hash}).mappings().first()
    return session_from_row(row) if row else None


def open_floor_session(conn: Connection, session: FloorSession) -> int:
    values = {
        "token_hash": session.token_hash,
        "worker_id": session.worker_id,
        "device_id": session.device_id,
        "origin": session.origin,
        "opened_at": session.opened_at,
        "last_seen_at": session.last_seen_at,
    }
    pk = conn.execute(insert(floor_sessions).values(values)).inserted_primary_key
    assert pk is not None
    return int(pk[0])


def touch_floor_session(conn: Connection, session_id: int, now: datetime) -> None:
    conn.execute(
        update(floor_sessions).where(floor_sessions.c.id == session_id).values(last_seen_at=now)
    )


def end_floor_sessions(
    conn: Connection,
    now: datetime,
    reason: str,
    session_id: int | None,
    worker_id: int | None,
) -> int:
    stmt = update(floor_sessions).where(floor_sessions.c.ended_at.is_(None))
    if session_id is not None:
        stmt = stmt.where(floor_sessions.c.id == session_id)
    if worker_id is not None:
        stmt = stmt.where(floor_sessions.c.worker_id == worker_id)
    return conn.execute(stmt.values(ended_at=now, ended_reason=reason)).rowcount


def _device_from_row(row: Mapping[Any, Any]) -> Device:
    return Device(
        id=row["id"],
        nombre=row["nombre"],
        created_at=row["created_at"],
        enrolled_at=row["enrolled_at"],
        last_seen_at=row["last_seen_at"],
        revoked_at=row["revoked_at"],
        code_expires_at=row["enrol_code_expires_at"],
    )


def device_by_token(conn: Connection, token_hash: str) -> Device | None:
    row = conn.execute(select(devices).where(devices.c.token_hash == token_hash)).mappings().first()
    return _device_from_row(row) if row else None


def device_by_code(conn: Connection, code_hash: str) -> Device | None:
    stmt = select(devices).where(devices.c.enrol_code_hash == code_hash).with_for_update()
    row = conn.execute(stmt).mappings().first()
    return _device_from_row(row) if row else None


def add_device(
    conn: Connection, nombre: str, code_hash: str, expires: datetime, now: datetime
) -> int:
    values = {
        "nombre": nombre,
        "enrol_code_hash": code_hash,
        "enrol_code_expires_at": expires,
        "created_at": now,
    }
    pk = conn.execute(insert(devices).values(values)).inserted_primary_key
    assert pk is not None
    return int(pk[0])


def enrol_device(conn: Connection, device_id: int, token_hash: str, now: datetime) -> None:
    # The code is spent: cleared, so it can never enrol a second tablet.
    values = {
        "token_hash": token_hash,
        "enrolled_at": now,
        "last_seen_at": now,
        "enrol_code_hash": None,
        "enrol_code_expires_at": None,
    }
    conn.execute(update(devices).where(devices.c.id == device_id).values(values))


def touch_device(conn: Connection, device_id: int, now: datetime) -> None:
    conn.execute(update(devices).where(devices.c.id == device_id).values(last_seen_at=now))


def revoke_device(conn: Connection, device_id: int, now: datetime) -> Device | None:
    stmt = select(devices).where(devices.c.id == device_id).with_for_update()
    row = conn.execute(stmt).mappings().first()
    if row is None:
        return None
    if row["revoked_at"] is None:
        values = {"revoked_at": now, "enrol_code_hash": None, "enrol_code_expires_at": None}
        conn.execute(update(devices).where(devices.c.id == device_id).values(values))
        ended = update(floor_sessions).where(
            floor_sessions.c.device_id == device_id, floor_sessions.c.ended_at.is_(None)
        )
        conn.execute(ended.values(ended_at=now, ended_reason="REVOCADA"))
    return _device_from_row(row)


class SqlFloorReads:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def pin_state(self, worker_id: int) -> PinState:
        with self.engine.connect() as conn:
            return pin_state(conn, worker_id, lock=False)

    def pin_states(self) -> dict[int, PinState]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(worker_pins)).mappings().all()
        return {row["worker_id"]: _pin_from_row(row) for row in rows}

    def devices(self) -> list[Device]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(devices).order_by(devices.c.id)).mappings().all()
        return [_device_from_row(row) for row in rows]

    def device_by_token(self, token_hash: str) -> Device | None:
        with self.engine.connect() as conn:
            return device_by_token(conn, token_hash)

    def floor_session(self, token_hash: str) -> FloorSession | None:
        with self.engine.connect() as conn:
            return floor_session(conn, token_hash)
