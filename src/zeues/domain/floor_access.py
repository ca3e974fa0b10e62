"""Who may act on the floor (issue 22): the access modes, worker PINs and worker sessions.
Pure rules over values the store hands in; nothing here reads a clock or a table."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal


class FloorMode(StrEnum):
    """`ZEUES_FLOOR_AUTH`: `abierto` is v3.0's floor (anyone on the LAN acts for any worker)."""

    ABIERTO = "abierto"
    PIN = "pin"
    DISPOSITIVO_PIN = "dispositivo+pin"

    @property
    def needs_session(self) -> bool:
        return self is not FloorMode.ABIERTO

    @property
    def needs_device(self) -> bool:
        return self is FloorMode.DISPOSITIVO_PIN


MAX_WRONG_PINS = 5  # per worker, whichever tablets they came from
PIN_RE = re.compile(r"^[0-9]{4,6}$")
# A session's last use is written at most this often: a command every second from one tablet
# must not rewrite its session row every time (idle expiry is minutes, not seconds).
TOUCH_EVERY = timedelta(seconds=30)

# scrypt with the parameters RFC 7914 §2 suggests for interactive logins (16 MiB, ~50 ms):
# slow enough that a stolen table does not give every 4-digit PIN in a blink, quick enough for
# a tablet waiting on its worker.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
# A crew sheet's initial PINs live until their worker's first sign-in (which replaces them):
# hashed at a quarter of the cost, so a sheet for a whole crew answers in seconds, not minutes.
INITIAL_PIN_N = 2**12
_SALT_BYTES = 16


def valid_pin(pin: str) -> bool:
    return PIN_RE.fullmatch(pin) is not None


def hash_pin(pin: str, salt: bytes | None = None, n: int = _SCRYPT_N) -> str:
    """`scrypt$N$r$p$salt$hash` (hex): the parameters travel with the hash, so they can be
    raised later without invalidating the PINs already set."""
    salt = os.urandom(_SALT_BYTES) if salt is None else salt
    digest = _scrypt(pin, salt, n, _SCRYPT_R, _SCRYPT_P)
    return f"scrypt${n}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        found = _scrypt(pin, bytes.fromhex(salt), int(n), int(r), int(p))
        return hmac.compare_digest(found, bytes.fromhex(digest))
    except ValueError:  # a malformed stored hash never matches
        return False


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def demo_pin(worker_id: int) -> str:
    """The demo's PIN of a worker: its number twice, padded to 4 digits (93 → 9393, 7 → 0707),
    cut to 6."""
    return (f"{worker_id:02d}" * 2)[:6].rjust(4, "0")


@dataclass(frozen=True)
class PinState:
    """A worker's PIN and its wrong attempts. `pin_hash` None: no PIN (cannot open a session)."""

    pin_hash: str | None = None
    must_change: bool = False
    wrong_count: int = 0
    locked_until: datetime | None = None
    last_wrong_at: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def wrong_in_row(self, now: datetime) -> int:
        """The wrong PINs that count now: a locked worker keeps the five that locked them (the
        console shows them); once the lockout has passed the count starts again."""
        if self.locked_until is not None and now >= self.locked_until:
            return 0
        return self.wrong_count

    def attempts_left(self, now: datetime) -> int:
        return MAX_WRONG_PINS - self.wrong_in_row(now)


def after_wrong_pin(state: PinState, now: datetime, lockout: timedelta) -> PinState:
    """The fifth wrong PIN in a row locks the worker for `lockout`; after it the count starts
    again."""
    count = state.wrong_in_row(now) + 1
    if count >= MAX_WRONG_PINS:
        return replace(state, wrong_count=count, locked_until=now + lockout, last_wrong_at=now)
    return replace(state, wrong_count=count, locked_until=None, last_wrong_at=now)


def after_right_pin(state: PinState) -> PinState:
    return replace(state, wrong_count=0, locked_until=None)


def with_new_pin(state: PinState, pin_hash: str, must_change: bool) -> PinState:
    """A PIN set (by a supervisor: must_change) or changed (by the worker): lockout lifted."""
    return PinState(pin_hash=pin_hash, must_change=must_change, last_wrong_at=state.last_wrong_at)


@dataclass(frozen=True)
class FloorSession:
    """A worker session on a tablet: opened with the worker's PIN, ended by "Cambiar
    trabajador", by a supervisor setting a new PIN, or after `idle` without use."""

    token_hash: str
    worker_id: int
    opened_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None = None
    id: int | None = None
    device_id: int | None = None
    origin: str = "pin"  # "pin", or "admin" (a test session the admin token made)


SessionVerdict = Literal["ok", "ended", "idle", "too_old"]


def session_verdict(
    session: FloorSession, now: datetime, idle: timedelta, longest: timedelta
) -> SessionVerdict:
    """Whether the session may act now: not ended, used within `idle`, opened within
    `longest` (a shift: a session never outlives the day it was opened for)."""
    if session.ended_at is not None:
        return "ended"
    if now - session.last_seen_at >= idle:
        return "idle"
    if now - session.opened_at >= longest:
        return "too_old"
    return "ok"


def needs_touch(session: FloorSession, now: datetime) -> bool:
    return now - session.last_seen_at >= TOUCH_EVERY


def token_hash(token: str) -> str:
    """Session and device tokens are random (256 bits): a fast hash is enough to keep a copy
    of the table from being a list of live tokens."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Device:
    """A tablet a supervisor enrolled (`dispositivo+pin`): pending until its code is typed on
    it, then enrolled until revoked."""

    id: int
    nombre: str
    created_at: datetime
    enrolled_at: datetime | None = None
    last_seen_at: datetime | None = None
    revoked_at: datetime | None = None
    code_expires_at: datetime | None = None

    @property
    def estado(self) -> Literal["pendiente", "enrolada", "revocada"]:
        if self.revoked_at is not None:
            return "revocada"
        return "enrolada" if self.enrolled_at is not None else "pendiente"

    def code_valid(self, now: datetime) -> bool:
        return (
            self.estado == "pendiente"
            and self.code_expires_at is not None
            and now < self.code_expires_at
        )


def device_needs_touch(device: Device, now: datetime) -> bool:
    return device.last_seen_at is None or now - device.last_seen_at >= TOUCH_EVERY


# Enrolment codes: 8 characters a supervisor reads out and a worker types, without the ones
# that look alike (0/O, 1/I/L); 31^8 ≈ 8.5 × 10^11 values for a code that lives 10 minutes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ENROL_CODE_TTL = timedelta(minutes=10)


def normal_code(typed: str) -> str:
    """What a typed code means: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch not in " -")
