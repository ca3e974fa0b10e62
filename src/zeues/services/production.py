"""The supervisor's day: production figures and the audit events of one business day in the
shop's timezone. A day is [00:00, next 00:00) local time, so a DST change is a 23 or 25 h day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from zeues.domain.model import AuditEvent, Resultado
from zeues.services.ports import ReadModel


@dataclass(frozen=True)
class Day:
    fecha: date
    start: datetime  # UTC
    end: datetime


def day_bounds(fecha: date, tz: ZoneInfo) -> Day:
    start = datetime.combine(fecha, time(0), tz)
    end = datetime.combine(fecha + timedelta(days=1), time(0), tz)
    return Day(fecha, start.astimezone(UTC), end.astimezone(UTC))


def rejection_rates(inspections: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Per welder (the `soldador` of each inspected spool): inspections, rejections, rate."""
    seen: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for soldador, resultado in inspections:
        counts = seen[soldador or "(sin soldador)"]
        counts[0] += 1
        counts[1] += resultado == Resultado.RECHAZADO.value
    return [
        {"soldador": name, "inspecciones": n, "rechazados": r, "tasa_rechazo": round(r / n, 4)}
        for name, (n, r) in sorted(seen.items())
    ]


def produccion(read: ReadModel, day: Day, now: datetime) -> dict[str, Any]:
    found = read.produccion(day.start, day.end, now)
    inspections: list[tuple[Any, ...]] = found["inspecciones"]
    resultados = [r for _, r in inspections]
    wip = [
        {**stage, "edad_max_segundos": _age(now, stage["desde_mas_antiguo"])}
        for stage in found["en_proceso"]
    ]
    return {
        "completados": found["completados"],
        "metrologia": {
            "aprobados": resultados.count(Resultado.APROBADO.value),
            "rechazados": resultados.count(Resultado.RECHAZADO.value),
        },
        "rechazo_por_soldador": rejection_rates(inspections),
        "en_proceso": wip,
    }


def _age(now: datetime, since: datetime | None) -> int | None:
    return None if since is None else max(0, int((now - since).total_seconds()))


def events_of_day(read: ReadModel, day: Day) -> list[AuditEvent]:
    return read.events_between(day.start, day.end)
