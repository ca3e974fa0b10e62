"""What the supervisor console reads, behind the admin token: the day's production and the
day's audit events as CSV. Days are business days in the shop's timezone."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from zeues.api import responses as r
from zeues.api.deps import Admin, Deps, parse_fecha
from zeues.api.errors import responses_for
from zeues.api.presenters import in_tz
from zeues.services import production
from zeues.services.events_csv import events_csv

router = APIRouter(prefix="/api/supervisor", tags=["supervisor"], dependencies=[Admin])

Fecha = Annotated[
    str | None,
    Query(
        max_length=10,
        description="Día (YYYY-MM-DD) en la zona horaria del taller; hoy si se omite.",
        examples=["2026-11-23"],
    ),
]


@router.get("/produccion", response_model=r.ProduccionResponse, responses=responses_for(401, 403))
def produccion(c: Deps, fecha: Fecha = None) -> r.ProduccionResponse:
    """Producción del día: ARM/SOLD completados por trabajador, resultados de metrología,
    tasa de rechazo por soldador, y el trabajo en proceso ahora por etapa con su antigüedad."""
    now = c.clock()
    day = production.day_bounds(parse_fecha(fecha, c.today(), "fecha", "query"), c.settings.tz)
    found = production.produccion(c.read, day, now)
    tz = c.settings.tz
    for stage in found["en_proceso"]:
        stage["desde_mas_antiguo"] = in_tz(stage["desde_mas_antiguo"], tz)
    return r.ProduccionResponse(
        fecha=day.fecha,
        zona_horaria=str(tz),
        desde=day.start.astimezone(tz),
        hasta=day.end.astimezone(tz),
        timestamp=now.astimezone(tz),
        **found,
    )


@router.get(
    "/eventos.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "Eventos de auditoría del día (CSV)."},
        **responses_for(401, 403),
    },
)
def eventos_csv(c: Deps, fecha: Fecha = None) -> Response:
    """Eventos de auditoría del día, en el orden de columnas de la hoja Metadata de v3.0."""
    day = production.day_bounds(parse_fecha(fecha, c.today(), "fecha", "query"), c.settings.tz)
    body = events_csv(production.events_of_day(c.read, day), c.settings.tz)
    name = f"zeues-eventos-{day.fecha.isoformat()}.csv"
    return Response(
        content=body.encode("utf-8-sig"),  # the BOM lets Excel read the accents
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
