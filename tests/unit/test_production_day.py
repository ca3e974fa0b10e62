"""The supervisor's business day: local midnight to local midnight in the shop's timezone, so
DST days last 23 or 25 hours; rejection rates per welder."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from zeues.services.production import day_bounds, rejection_rates

SANTIAGO = ZoneInfo("America/Santiago")


def test_a_day_starts_at_local_midnight() -> None:
    day = day_bounds(date(2026, 11, 23), SANTIAGO)  # summer time, UTC-3
    assert day.start == datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    assert day.end - day.start == timedelta(hours=24)


def test_the_days_of_a_dst_change_last_23_and_25_hours() -> None:
    days = [day_bounds(date(2026, 1, 1) + timedelta(days=i), SANTIAGO) for i in range(365)]
    odd = sorted(d.end - d.start for d in days if d.end - d.start != timedelta(hours=24))
    assert odd == [timedelta(hours=23), timedelta(hours=25)]
    assert all(a.end == b.start for a, b in pairwise(days))  # no gap, no overlap


def test_rejection_rate_per_welder_counts_inspections_and_rejections() -> None:
    found = rejection_rates(
        [
            ("MR(93)", "RECHAZADO"),
            ("JP(94)", "APROBADO"),
            ("JP(94)", "RECHAZADO"),
            (None, "APROBADO"),
        ]
    )
    assert found == [
        {"soldador": "(sin soldador)", "inspecciones": 1, "rechazados": 0, "tasa_rechazo": 0.0},
        {"soldador": "JP(94)", "inspecciones": 2, "rechazados": 1, "tasa_rechazo": 0.5},
        {"soldador": "MR(93)", "inspecciones": 1, "rechazados": 1, "tasa_rechazo": 1.0},
    ]
