"""Dates as Spanish spreadsheets hold them (domain/transfer/dates.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from zeues.domain.transfer.dates import Fecha, FechaInvalida, parse_fecha
from zeues.domain.transfer.headers import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05-01-2026", Fecha(date(2026, 1, 5), order_matters=True)),
        ("05/01/2026", Fecha(date(2026, 1, 5), order_matters=True)),
        ("5/1/26", Fecha(date(2026, 1, 5), order_matters=True)),
        ("25/12/2025", Fecha(date(2025, 12, 25))),
        ("12/25/2025", Fecha(date(2025, 12, 25), month_first=True)),
        ("03/03/2026", Fecha(date(2026, 3, 3))),
        ("2026-01-05", Fecha(date(2026, 1, 5))),
        ("2026-01-05T14:30:00", Fecha(date(2026, 1, 5))),
        ("21-01-2026 14:30:00", Fecha(date(2026, 1, 21))),
        (46023, Fecha(date(2026, 1, 1))),
        (46023.75, Fecha(date(2026, 1, 1))),
        ("46023", Fecha(date(2026, 1, 1))),
        (datetime(2026, 1, 5, 8, 0), Fecha(date(2026, 1, 5))),
        (date(2026, 1, 5), Fecha(date(2026, 1, 5))),
        (None, None),
        ("  ", None),
    ],
)
def test_dates_are_read_day_first_and_say_when_the_order_mattered(
    raw: object, expected: Fecha | None
) -> None:
    assert parse_fecha(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("31/02/2026", "no existe"),
        ("mañana", "formato"),
        (0, "fuera de rango"),
        (True, "no es una fecha"),
        ("2026-13-01", "no existe"),
    ],
)
def test_impossible_dates_give_a_reason(raw: object, reason: str) -> None:
    with pytest.raises(FechaInvalida, match=reason):
        parse_fecha(raw)


def test_headers_match_whatever_the_case_spacing_and_accents() -> None:
    assert normalize("Fecha_QC_Metrología") == normalize("  fecha qc   metrologia ")
    assert normalize("TAG-SPOOL") == normalize("tag_spool") == "tag spool"
