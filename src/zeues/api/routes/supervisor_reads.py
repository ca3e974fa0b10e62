"""What the supervisor console reads, behind the admin token: the day's production and the
day's audit events as CSV. Days are business days in the shop's timezone."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from zeues.api.deps import Admin, Reads, Shop, parse_fecha
from zeues.api.errors import responses_for
from zeues.api.models import responses as r
from zeues.api.models.parameters import DiaQuery
from zeues.api.models.unions import PdResponse
from zeues.api.presenters.history import produccion_out
from zeues.api.presenters.unions import pd_out
from zeues.services import production
from zeues.services.transfer.events_csv import events_csv

router = APIRouter(prefix="/api/supervisor", tags=["supervisor"], dependencies=[Admin])


@router.get("/produccion", response_model=r.ProduccionResponse, responses=responses_for(401, 403))
def produccion(reads: Reads, shop: Shop, fecha: DiaQuery = None) -> r.ProduccionResponse:
    """Producción del día: ARM/SOLD completados por trabajador, resultados de metrología,
    tasa de rechazo por soldador, y el trabajo en proceso ahora por etapa con su antigüedad."""
    now, tz = shop.now(), shop.tz
    day = production.day_bounds(parse_fecha(fecha, shop.today(), "fecha", "query"), tz)
    return produccion_out(reads.produccion(day, now), day, now, tz)


@router.get("/pd", response_model=PdResponse, responses=responses_for(401, 403))
def pd(
    reads: Reads,
    shop: Shop,
    fecha: DiaQuery = None,
    dias: Annotated[
        int, Query(ge=1, le=31, description="Días hasta `fecha` inclusive: 1 el día, 7 la semana.")
    ] = 1,
) -> PdResponse:
    """Producción en pulgadas-diámetro (PD) por trabajador y operación: el día (`dias=1`) o
    los `dias` que terminan en `fecha` (7: la semana). Una unión cuenta el día hábil en que se
    terminó, para quien la terminó."""
    last = parse_fecha(fecha, shop.today(), "fecha", "query")
    first = last - timedelta(days=dias - 1)
    return pd_out(reads.pd_por_dia(first, last, shop.tz), first, last)


@router.get(
    "/eventos.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "Eventos de auditoría del día (CSV)."},
        **responses_for(401, 403),
    },
)
def eventos_csv(reads: Reads, shop: Shop, fecha: DiaQuery = None) -> Response:
    """Eventos de auditoría del día, en el orden de columnas de la hoja Metadata de v3.0."""
    tz = shop.tz
    day = production.day_bounds(parse_fecha(fecha, shop.today(), "fecha", "query"), tz)
    body = events_csv(reads.events_of_day(day), tz)
    name = f"zeues-eventos-{day.fecha.isoformat()}.csv"
    return Response(
        content=body.encode("utf-8-sig"),  # the BOM lets Excel read the accents
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
