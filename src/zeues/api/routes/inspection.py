"""Metrología and reparación on the paths existing clients use (CONTRACT §2.3). Commands like
/api/occupation/*: the same command path, with `Idempotency-Key`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import Response

from zeues.api import examples as ex
from zeues.api.deps import Commands, Shop, parse_fecha
from zeues.api.errors import responses_for
from zeues.api.models import responses as r
from zeues.api.models.parameters import IdempotencyKey
from zeues.api.models.requests import MetrologiaRequest, ReparacionRequest
from zeues.api.presenters.commands import metrologia_out, reparacion_out
from zeues.domain.model import Operacion
from zeues.services import occupation
from zeues.services.runner import Runner

router = APIRouter(prefix="/api", tags=["metrologia-reparacion"])
_ERRORS = responses_for(400, 403, 404, 409, 410)


@router.post("/metrologia/completar", response_model=r.MetrologiaResponse, responses=_ERRORS)
async def metrologia(
    body: Annotated[MetrologiaRequest, Body(examples=ex.METROLOGIA)],
    commands: Commands,
    shop: Shop,
    key: IdempotencyKey = None,
) -> Response:
    """Inspección instantánea. El tercer RECHAZADO bloquea el spool (BLOQUEADO)."""
    fecha = parse_fecha(body.fecha_operacion, shop.today())

    def run(runner: Runner) -> r.MetrologiaResponse:
        outcome = occupation.completar(
            runner, body.tag_spool, body.worker_id, Operacion.METROLOGIA, fecha, body.resultado
        )
        return metrologia_out(outcome, body.tag_spool, body.resultado)

    return await commands("metrologia", key, body, run)


@router.post("/tomar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
async def tomar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.TOMAR_REPARACION)],
    commands: Commands,
    key: IdempotencyKey = None,
) -> Response:
    def run(runner: Runner) -> r.ReparacionResponse:
        tag = body.tag_spool
        return reparacion_out(
            occupation.tomar(runner, tag, body.worker_id, Operacion.REPARACION), tag
        )

    return await commands("tomar-reparacion", key, body, run)


@router.post("/pausar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
async def pausar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.PAUSAR_REPARACION)],
    commands: Commands,
    key: IdempotencyKey = None,
) -> Response:
    def run(runner: Runner) -> r.ReparacionResponse:
        tag = body.tag_spool
        return reparacion_out(
            occupation.pausar(runner, tag, body.worker_id, Operacion.REPARACION), tag
        )

    return await commands("pausar-reparacion", key, body, run)


@router.post("/completar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
async def completar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.COMPLETAR_REPARACION)],
    commands: Commands,
    shop: Shop,
    key: IdempotencyKey = None,
) -> Response:
    """La reparación completada devuelve el spool a METROLOGIA pendiente."""
    fecha = parse_fecha(body.fecha_operacion, shop.today())

    def run(runner: Runner) -> r.ReparacionResponse:
        outcome = occupation.completar(
            runner, body.tag_spool, body.worker_id, Operacion.REPARACION, fecha, None
        )
        return reparacion_out(outcome, body.tag_spool)

    return await commands("completar-reparacion", key, body, run)


@router.post("/cancelar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
async def cancelar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.CANCELAR_REPARACION)],
    commands: Commands,
    key: IdempotencyKey = None,
) -> Response:
    """Devuelve un spool EN_REPARACION o REPARACION_PAUSADA a RECHAZADO. Acepta
    `Idempotency-Key` como los comandos de /api/occupation (la app de tablet la envía)."""

    def run(runner: Runner) -> r.ReparacionResponse:
        outcome = occupation.cancelar_reparacion(runner, body.tag_spool, body.worker_id)
        return reparacion_out(outcome, body.tag_spool)

    return await commands("cancelar-reparacion", key, body, run)
