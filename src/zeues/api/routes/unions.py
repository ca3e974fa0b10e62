"""Unions (welds) of a spool and a worker's day in pulgadas-diámetro (CONTRACT §2.8)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from zeues.api.deps import Reads, Shop, parse_fecha
from zeues.api.errors import responses_for
from zeues.api.models import unions as m
from zeues.api.models.parameters import DiaQuery, TagPath
from zeues.api.models.requests import MAX_DB_INT
from zeues.api.presenters.unions import registro_out, uniones_out
from zeues.services.production import day_bounds

router = APIRouter(prefix="/api", tags=["uniones"])


@router.get("/spools/{tag}/uniones", response_model=m.UnionesResponse, responses=responses_for(404))
def uniones(tag: TagPath, reads: Reads, shop: Shop) -> m.UnionesResponse:
    """Las uniones del spool: cada una con su DN, tipo, si requiere soldadura, y quién hizo su
    ARM y su SOLD y cuándo; `resumen` derivado de ellas (nunca un contador guardado) y
    `abiertas`, las que faltan por operación. Un spool sin uniones responde una lista vacía."""
    return uniones_out(reads.uniones(tag), shop.tz)


@router.get(
    "/registro/{worker_id}", response_model=m.RegistroResponse, responses=responses_for(404)
)
def registro(
    worker_id: Annotated[int, Path(gt=0, le=MAX_DB_INT)],
    reads: Reads,
    shop: Shop,
    fecha: DiaQuery = None,
) -> m.RegistroResponse:
    """El día de un trabajador (Mi registro): las uniones que terminó, por operación, y sus
    pulgadas-diámetro (PD). Una unión cuenta el día hábil (zona del taller) en que se terminó."""
    day = day_bounds(parse_fecha(fecha, shop.today(), "fecha", "query"), shop.tz)
    return registro_out(reads.registro(worker_id, day), shop.tz)
