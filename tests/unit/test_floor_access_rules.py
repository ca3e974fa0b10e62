"""The pure rules of floor identity (issue 22): PIN format and hashes, the lockout after five
wrong PINs, and when a worker session may still act."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from zeues.domain.floor_access import (
    CODE_ALPHABET,
    ENROL_CODE_TTL,
    INITIAL_PIN_N,
    MAX_WRONG_PINS,
    Device,
    FloorSession,
    PinState,
    after_right_pin,
    after_wrong_pin,
    demo_pin,
    hash_pin,
    needs_touch,
    normal_code,
    session_verdict,
    valid_pin,
    verify_pin,
    with_new_pin,
)

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
LOCKOUT = timedelta(minutes=15)
IDLE, LONGEST = timedelta(minutes=15), timedelta(hours=12)


@pytest.mark.parametrize(("pin", "ok"), [("1234", True), ("123456", True), ("0000", True),
    ("123", False), ("1234567", False), ("12a4", False), ("", False), ("١٢٣٤", False),
    ("1234\n", False)])  # fmt: skip
def test_a_pin_is_four_to_six_ascii_digits(pin: str, ok: bool) -> None:
    assert valid_pin(pin) is ok


def test_a_hash_is_salted_and_verifies_only_its_pin() -> None:
    first, second = hash_pin("9393"), hash_pin("9393")
    assert first != second  # a fresh salt each time: equal PINs do not look equal
    assert first.startswith("scrypt$16384$8$1$") and "9393" not in first
    assert verify_pin("9393", first) and verify_pin("9393", second)
    assert not verify_pin("9394", first)
    assert not verify_pin("9393", "scrypt$oops") and not verify_pin("9393", "md5$1$2$3$aa$bb")


def test_an_initial_pin_is_hashed_cheaper_and_still_verifies() -> None:
    cheap = hash_pin("2468", n=INITIAL_PIN_N)
    assert cheap.startswith(f"scrypt${INITIAL_PIN_N}$") and verify_pin("2468", cheap)
    assert not verify_pin("2469", cheap)


def test_the_demo_pin_is_the_worker_number_twice() -> None:
    assert [demo_pin(w) for w in (93, 7, 100, 1234)] == ["9393", "0707", "100100", "123412"]


def test_the_fifth_wrong_pin_in_a_row_locks_for_the_lockout_then_counting_starts_again() -> None:
    state = PinState(pin_hash="h")
    for n in range(1, MAX_WRONG_PINS):
        state = after_wrong_pin(state, T0, LOCKOUT)
        assert (state.wrong_count, state.locked(T0)) == (n, False)
    state = after_wrong_pin(state, T0, LOCKOUT)
    assert state.locked(T0) and state.locked(T0 + LOCKOUT - timedelta(seconds=1))
    assert not state.locked(T0 + LOCKOUT)
    # While locked the five still count (the console shows them); after, the count restarts.
    assert state.wrong_in_row(T0) == MAX_WRONG_PINS and state.last_wrong_at == T0
    assert state.wrong_in_row(T0 + LOCKOUT) == 0
    assert state.attempts_left(T0 + LOCKOUT) == MAX_WRONG_PINS
    again = after_wrong_pin(state, T0 + LOCKOUT, LOCKOUT)
    assert (again.wrong_in_row(T0 + LOCKOUT), again.locked(T0 + LOCKOUT)) == (1, False)
    assert after_right_pin(after_wrong_pin(PinState("h"), T0, LOCKOUT)).wrong_count == 0


def test_a_new_pin_lifts_the_lockout_and_says_whether_it_must_change() -> None:
    locked = PinState("h", wrong_count=0, locked_until=T0 + LOCKOUT, last_wrong_at=T0)
    fresh = with_new_pin(locked, "h2", must_change=True)
    assert (fresh.pin_hash, fresh.must_change, fresh.locked(T0)) == ("h2", True, False)
    assert fresh.last_wrong_at == T0  # the console still shows the last wrong attempt


def _session(**changes: object) -> FloorSession:
    values: dict[str, object] = {"token_hash": "t", "worker_id": 93, "opened_at": T0,
                                 "last_seen_at": T0, **changes}  # fmt: skip
    return FloorSession(**values)  # type: ignore[arg-type]


def test_a_session_acts_until_idle_or_a_shift_old_or_ended() -> None:
    assert session_verdict(_session(), T0 + IDLE - timedelta(seconds=1), IDLE, LONGEST) == "ok"
    assert session_verdict(_session(), T0 + IDLE, IDLE, LONGEST) == "idle"
    used = _session(last_seen_at=T0 + LONGEST - timedelta(minutes=1))
    assert session_verdict(used, T0 + LONGEST, IDLE, LONGEST) == "too_old"
    assert session_verdict(_session(ended_at=T0), T0, IDLE, LONGEST) == "ended"


def test_a_session_row_is_rewritten_at_most_every_thirty_seconds() -> None:
    assert not needs_touch(_session(), T0 + timedelta(seconds=29))
    assert needs_touch(_session(), T0 + timedelta(seconds=30))


def test_a_tablet_is_pending_until_enrolled_and_revoked_for_good() -> None:
    pending = Device(1, "Tablet", T0, code_expires_at=T0 + ENROL_CODE_TTL)
    assert pending.estado == "pendiente" and pending.code_valid(T0)
    assert not pending.code_valid(T0 + ENROL_CODE_TTL)
    enrolled = replace(pending, enrolled_at=T0)
    assert enrolled.estado == "enrolada" and not enrolled.code_valid(T0)
    assert replace(enrolled, revoked_at=T0).estado == "revocada"
    assert normal_code(" abcd-2345 ") == "ABCD2345"
    assert not set("01ILO") & set(CODE_ALPHABET)
