"""Work sessions derived from the audit trail (CONTRACT §1.2, §2.4)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.unit.builders import (
    ARMADOR,
    FECHA,
    JUAN,
    METROLOGO,
    SIN_ROL,
    SOLDADOR,
    SUPERVISOR,
    T0,
    TAG,
    TTL,
    arm_done,
    at,
    audit,
    fresh,
    rejected,
    welded,
)
from zeues.domain import inspection, occupation, supervision
from zeues.domain.model import (
    AuditEvent,
    Change,
    EventDraft,
    EventoTipo,
    Operacion,
    Resultado,
    Spool,
)
from zeues.domain.sessions import Session, derive_sessions, format_duration

ARM, SOLD, REP = Operacion.ARM, Operacion.SOLD, Operacion.REPARACION
SPEC_END_REASONS = {"PAUSAR", "COMPLETAR", "EXPIRADO", "LIBERADO", None}


class Trail:
    """Applies commands to one spool and keeps the audit events they produce."""

    def __init__(self, spool: Spool) -> None:
        self.spool = spool
        self.drafts: list[EventDraft] = []

    def apply(self, change: Change) -> None:
        self.spool = change.after
        self.drafts.extend(change.events)

    @property
    def events(self) -> list[AuditEvent]:
        return audit(self.drafts)


def key(s: Session) -> tuple[object, ...]:
    return (s.worker_id, s.operacion, s.start_time, s.end_time, s.end_reason, s.duration_seconds)


def test_tomar_pausar_tomar_completar_gives_two_sessions_closed_by_pausar_and_completar() -> None:
    t = Trail(fresh())
    t.apply(occupation.tomar(t.spool, ARMADOR, ARM, at(0), TTL))
    t.apply(occupation.pausar(t.spool, ARMADOR, ARM, at(30)))
    t.apply(occupation.tomar(t.spool, ARMADOR, ARM, at(45), TTL))
    t.apply(occupation.completar(t.spool, ARMADOR, ARM, at(100), FECHA))

    sessions = derive_sessions(t.events, now=at(300))

    assert [key(s) for s in sessions] == [
        (1, ARM, at(0), at(30), "PAUSAR", 1800),
        (1, ARM, at(45), at(100), "COMPLETAR", 3300),
    ]
    assert [s.duration for s in sessions] == ["0h 30m", "0h 55m"]
    assert {s.worker_nombre for s in sessions} == {"AA(1)"}


def test_lease_expired_event_closes_the_session_at_the_expiry_time_not_the_event_time() -> None:
    t = Trail(fresh())
    t.apply(occupation.tomar(t.spool, ARMADOR, ARM, at(0), TTL))
    t.apply(occupation.tomar(t.spool, JUAN, ARM, at(150), TTL))
    assert [e.evento_tipo for e in t.events] == [
        EventoTipo.TOMAR_SPOOL,
        EventoTipo.LEASE_EXPIRADO,
        EventoTipo.TOMAR_SPOOL,
    ]

    sessions = derive_sessions(t.events, now=at(160))

    assert [key(s) for s in sessions] == [
        (ARMADOR.id, ARM, at(0), at(60), "EXPIRADO", 3600),
        (JUAN.id, ARM, at(150), None, None, 600),
    ]
    assert sessions[1].worker_nombre == "JP(94)"


def test_open_session_whose_lease_is_past_now_ends_expirado_at_the_lease_time() -> None:
    t = Trail(arm_done())
    t.apply(occupation.tomar(t.spool, SOLDADOR, SOLD, at(0), TTL))

    (session,) = derive_sessions(t.events, now=at(600))

    assert key(session) == (SOLDADOR.id, SOLD, at(0), at(60), "EXPIRADO", 3600)
    assert session.duration == "1h 0m"


def test_open_session_within_its_lease_stays_open_with_duration_until_now() -> None:
    t = Trail(arm_done())
    t.apply(occupation.tomar(t.spool, SOLDADOR, SOLD, at(0), TTL))

    (session,) = derive_sessions(t.events, now=at(20))

    assert key(session) == (SOLDADOR.id, SOLD, at(0), None, None, 1200)
    assert session.duration == "0h 20m"


def test_a_hold_renewed_past_its_first_lease_keeps_its_session_open() -> None:
    t = Trail(arm_done())
    t.apply(occupation.tomar(t.spool, SOLDADOR, SOLD, at(0), TTL))
    t.apply(occupation.tomar(t.spool, SOLDADOR, SOLD, at(50), TTL))  # renews: no event

    (session,) = derive_sessions(t.events, now=at(90), holder=t.spool.holder)

    assert key(session) == (SOLDADOR.id, SOLD, at(0), None, None, 5400)


def test_a_renewed_hold_left_idle_ends_expirado_at_its_renewed_lease() -> None:
    t = Trail(arm_done())
    t.apply(occupation.tomar(t.spool, SOLDADOR, SOLD, at(0), TTL))
    t.apply(occupation.tomar(t.spool, SOLDADOR, SOLD, at(50), TTL))

    (session,) = derive_sessions(t.events, now=at(200), holder=t.spool.holder)

    assert key(session) == (SOLDADOR.id, SOLD, at(0), at(110), "EXPIRADO", 6600)


def test_forced_release_closes_the_holders_session_as_liberado() -> None:
    t = Trail(fresh())
    t.apply(occupation.tomar(t.spool, ARMADOR, ARM, at(0), TTL))
    t.apply(supervision.liberar(t.spool, SUPERVISOR, "tablet abandonada", at(25)))

    (session,) = derive_sessions(t.events, now=at(500))

    assert key(session) == (ARMADOR.id, ARM, at(0), at(25), "LIBERADO", 1500)


def test_26_hour_session_keeps_the_day_in_its_duration() -> None:
    t = Trail(fresh())
    t.apply(occupation.tomar(t.spool, ARMADOR, ARM, at(0), 0))
    t.apply(occupation.completar(t.spool, ARMADOR, ARM, T0 + timedelta(hours=26), FECHA))

    (session,) = derive_sessions(t.events, now=T0 + timedelta(days=3))

    assert session.duration_seconds == 93600
    assert session.duration == "26h 0m"
    assert session.end_reason == "COMPLETAR"


def test_ttl_0_session_stays_open_for_days() -> None:
    t = Trail(fresh())
    t.apply(occupation.tomar(t.spool, ARMADOR, ARM, at(0), 0))

    (session,) = derive_sessions(t.events, now=T0 + timedelta(days=2, minutes=5))

    assert session.end_time is None
    assert session.end_reason is None
    assert session.duration == "48h 5m"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        pytest.param(0, "0h 0m", id="zero"),
        pytest.param(59, "0h 0m", id="under_a_minute"),
        pytest.param(8100, "2h 15m", id="spec_example"),
        pytest.param(86400, "24h 0m", id="one_day"),
        pytest.param(90061, "25h 1m", id="day_hour_minute_second"),
        pytest.param(-5, "0h 0m", id="negative_clamped"),
    ],
)
def test_format_duration_counts_whole_hours_and_minutes(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


def test_every_workers_work_appears_oldest_first_across_operations_and_repair() -> None:
    t = Trail(fresh())
    t.apply(occupation.tomar(t.spool, ARMADOR, ARM, at(0), TTL))
    t.apply(occupation.pausar(t.spool, ARMADOR, ARM, at(10)))
    t.apply(occupation.tomar(t.spool, JUAN, ARM, at(20), TTL))
    t.apply(occupation.completar(t.spool, JUAN, ARM, at(30), FECHA))
    t.apply(occupation.tomar(t.spool, SOLDADOR, SOLD, at(40), TTL))
    t.apply(occupation.completar(t.spool, SOLDADOR, SOLD, at(50), FECHA))
    t.apply(inspection.inspeccionar(t.spool, METROLOGO, Resultado.RECHAZADO, at(55), FECHA))
    t.apply(occupation.tomar(t.spool, SIN_ROL, REP, at(60), TTL))
    t.apply(occupation.pausar(t.spool, SIN_ROL, REP, at(70)))
    t.apply(occupation.tomar(t.spool, SIN_ROL, REP, at(80), TTL))
    t.apply(occupation.completar(t.spool, SIN_ROL, REP, at(95), FECHA))

    sessions = derive_sessions(t.events, now=at(200))

    assert [key(s) for s in sessions] == [
        (ARMADOR.id, ARM, at(0), at(10), "PAUSAR", 600),
        (JUAN.id, ARM, at(20), at(30), "COMPLETAR", 600),
        (SOLDADOR.id, SOLD, at(40), at(50), "COMPLETAR", 600),
        (SIN_ROL.id, REP, at(60), at(70), "PAUSAR", 600),
        (SIN_ROL.id, REP, at(80), at(95), "COMPLETAR", 900),
    ]


def test_events_that_open_no_session_produce_no_session() -> None:
    t = Trail(welded())
    t.apply(inspection.inspeccionar(t.spool, METROLOGO, Resultado.APROBADO, at(0), FECHA))
    t.apply(supervision.reset(t.spool, at(5), FECHA))

    assert derive_sessions(t.events, now=at(10)) == []
    assert derive_sessions([], now=at(10)) == []


def test_reset_of_a_held_spool_closes_its_session() -> None:
    t = Trail(fresh())
    t.apply(occupation.tomar(t.spool, ARMADOR, ARM, at(0), TTL))
    t.apply(supervision.reset(t.spool, at(5), FECHA))

    (session,) = derive_sessions(t.events, now=at(100))

    assert session.end_time == at(5)
    assert session.end_reason in SPEC_END_REASONS - {None}


def test_cancelled_repair_session_ends_with_a_spec_end_reason() -> None:
    """CONTRACT §2.4 lists end_reason ∈ PAUSAR|COMPLETAR|EXPIRADO|LIBERADO|null."""
    t = Trail(rejected(1))
    t.apply(occupation.tomar(t.spool, SIN_ROL, REP, at(0), TTL))
    t.apply(occupation.cancelar_reparacion(t.spool, SIN_ROL, at(12)))

    (session,) = derive_sessions(t.events, now=at(100))

    assert session.end_time == at(12)
    assert session.duration_seconds == 720
    assert session.end_reason in SPEC_END_REASONS


def test_session_times_are_aware_and_lease_expiry_parsed_from_metadata_keeps_its_offset() -> None:
    t = Trail(fresh())
    t.apply(occupation.tomar(t.spool, ARMADOR, ARM, at(0), TTL))

    (session,) = derive_sessions(t.events, now=at(61))

    assert isinstance(session.end_time, datetime)
    assert session.end_time.utcoffset() == timedelta(0)
    assert session.end_time == at(60)
    assert t.events[0].tag_spool == TAG
