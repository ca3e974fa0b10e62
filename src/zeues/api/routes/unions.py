"""Unions (welds) of a spool and a worker's day in pulgadas-diámetro (CONTRACT §2.9)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from zeues.api.deps import Reads, Shop, Write, parse_fecha
from zeues.api.errors import responses_for
from zeues.api.models import unions as m
from zeues.api.models.parameters import DiaQuery, TagPath
from zeues.api.models.requests import MAX_DB_INT, NotaRequest
from zeues.api.presenters.unions import nota_out, registro_out, uniones_out
from zeues.services import notes
from zeues.services.production import day_bounds
from zeues.services.runner import Runner

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


@router.get("/spools/{tag}/notas", response_model=m.NotasResponse, responses=responses_for(404))
def notas(tag: TagPath, reads: Reads, shop: Shop) -> m.NotasResponse:
    """Las notas del spool, la más antigua primero (solo se agregan; nunca se editan)."""
    found = [nota_out(n, shop.tz) for n in reads.notas(tag)]
    return m.NotasResponse(tag_spool=tag, notas=found, total=len(found))


@router.post("/spools/{tag}/notas", response_model=m.NotaOut, responses=responses_for(404))
async def agregar_nota(tag: TagPath, body: NotaRequest, write: Write, shop: Shop) -> Response:
    """Agrega una nota al spool (texto; autor opcional, o el trabajador `worker_id`), con su
    evento de auditoría NOTA en la misma transacción."""

    def run(runner: Runner) -> m.NotaOut:
        note = notes.agregar(runner, tag, body.texto, body.autor, body.worker_id)
        return nota_out(note, shop.tz)

    return await write(f"notas:{tag}", body, run)
