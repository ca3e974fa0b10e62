"""Metrología and reparación on the paths existing clients use (CONTRACT §2.3). Commands like
/api/occupation/*: the same command path, with `Idempotency-Key`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import Response

from zeues.api import examples as ex
from zeues.api.deps import Shop, Write, parse_fecha, rejection_fields
from zeues.api.errors import responses_for
from zeues.api.models import responses as r
from zeues.api.models.requests import MetrologiaRequest, ReparacionRequest
from zeues.api.presenters.commands import metrologia_out, reparacion_out
from zeues.domain.model import Operacion
from zeues.services import occupation
from zeues.services.runner import Outcome, Runner

router = APIRouter(prefix="/api", tags=["metrologia-reparacion"])
_ERRORS = responses_for(400, 403, 404, 409, 410)
REP = Operacion.REPARACION


@router.post("/metrologia/completar", response_model=r.MetrologiaResponse, responses=_ERRORS)
async def metrologia(
    body: Annotated[MetrologiaRequest, Body(examples=ex.METROLOGIA)], write: Write, shop: Shop
) -> Response:
    """Inspección instantánea. El tercer RECHAZADO bloquea el spool (BLOQUEADO). Con RECHAZADO,
    `defecto` y `uniones` dicen a la cuadrilla de reparación qué reparar."""
    rejection_fields(Operacion.METROLOGIA, body.resultado, body.defecto, body.uniones)
    fecha = parse_fecha(body.fecha_operacion, shop.today())

    def run(runner: Runner) -> r.MetrologiaResponse:
        outcome = occupation.completar(
            runner,
            body.tag_spool,
            body.worker_id,
            Operacion.METROLOGIA,
            fecha,
            body.resultado,
            body.uniones,
            body.defecto,
        )
        return metrologia_out(outcome, body.tag_spool, body.resultado)

    return await write("metrologia", body, run)


async def _repair(
    write: Write, route: str, body: ReparacionRequest, act: Callable[[Runner], Outcome]
) -> Response:
    return await write(route, body, lambda runner: reparacion_out(act(runner), body.tag_spool))


@router.post("/tomar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
async def tomar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.TOMAR_REPARACION)], write: Write
) -> Response:
    tag, worker = body.tag_spool, body.worker_id
    return await _repair(
        write, "tomar-reparacion", body, lambda rn: occupation.tomar(rn, tag, worker, REP)
    )


@router.post("/pausar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
async def pausar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.PAUSAR_REPARACION)], write: Write
) -> Response:
    tag, worker = body.tag_spool, body.worker_id
    return await _repair(
        write, "pausar-reparacion", body, lambda rn: occupation.pausar(rn, tag, worker, REP)
    )


@router.post("/completar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
async def completar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.COMPLETAR_REPARACION)],
    write: Write,
    shop: Shop,
) -> Response:
    """La reparación completada devuelve el spool a METROLOGIA pendiente."""
    tag, worker = body.tag_spool, body.worker_id
    fecha = parse_fecha(body.fecha_operacion, shop.today())
    return await _repair(
        write,
        "completar-reparacion",
        body,
        lambda rn: occupation.completar(rn, tag, worker, REP, fecha, None),
    )


@router.post("/cancelar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
async def cancelar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.CANCELAR_REPARACION)], write: Write
) -> Response:
    """Devuelve un spool EN_REPARACION o REPARACION_PAUSADA a RECHAZADO. Acepta
    `Idempotency-Key` como los comandos de /api/occupation (la app de tablet la envía)."""
    tag, worker = body.tag_spool, body.worker_id
    return await _repair(
        write,
        "cancelar-reparacion",
        body,
        lambda rn: occupation.cancelar_reparacion(rn, tag, worker),
    )
