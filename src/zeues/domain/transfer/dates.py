"""Dates as Spanish spreadsheets really hold them. Day-first is the documented convention
(DD/MM/YYYY); a column whose values can only be month-first is reported, never guessed.
Standard library only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 9999-12-31
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})(?:[ T]+\d{1,2}:\d{2}.*)?$")


class FechaInvalida(ValueError):
    """Spanish reason why the value is not a date."""


@dataclass(frozen=True)
class Fecha:
    value: date
    # True when the text put day and month in an order that only reads month-first
    # (second number > 12): the column mixes conventions.
    month_first: bool = False
    # True when both readings were possible (both numbers ≤ 12 and different).
    order_matters: bool = False


def parse_fecha(raw: object) -> Fecha | None:
    """None for a blank cell. Raises FechaInvalida with the reason."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return Fecha(raw.date())
    if isinstance(raw, date):
        return Fecha(raw)
    if isinstance(raw, bool):
        raise FechaInvalida("no es una fecha")
    if isinstance(raw, int | float):
        return Fecha(_serial(float(raw)))
    text = str(raw).strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return Fecha(_serial(float(text)))
    if m := _ISO.match(text):
        return Fecha(_make(int(m[1]), int(m[2]), int(m[3])))
    if m := _DMY.match(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if len(m[3]) == 2:
            year += 2000
        if second > 12 and first <= 12:
            return Fecha(_make(year, first, second), month_first=True)
        return Fecha(_make(year, second, first), order_matters=first <= 12 and first != second)
    raise FechaInvalida("formato de fecha no reconocido (use DD-MM-AAAA o AAAA-MM-DD)")


def _serial(number: float) -> date:
    if not 1 <= number < _MAX_SERIAL:
        raise FechaInvalida("número de fecha de Excel fuera de rango")
    return EXCEL_EPOCH + timedelta(days=int(number))


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise FechaInvalida("la fecha no existe en el calendario") from exc


def check_range(value: date, today: date) -> str | None:
    """Reason a date cannot be a shop date, or None."""
    if value > today:
        return "la fecha está en el futuro"
    if value.year < 2000:
        return "la fecha es anterior al año 2000"
    return None


def export_text(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""
