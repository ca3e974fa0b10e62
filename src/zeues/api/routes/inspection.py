"""Metrología and reparación on the paths existing clients use (CONTRACT §2.3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from zeues.api import examples as ex
from zeues.api.deps import Deps, parse_fecha
from zeues.api.errors import responses_for
from zeues.api.idempotency import command
from zeues.api.models import responses as r
from zeues.api.models.parameters import IdempotencyKey
from zeues.api.models.requests import MetrologiaRequest, ReparacionRequest
from zeues.api.presenters.commands import metrologia_out, reparacion_out
from zeues.domain.model import Operacion
from zeues.services import occupation

router = APIRouter(prefix="/api", tags=["metrologia-reparacion"])
_ERRORS = responses_for(400, 403, 404, 409, 410)


@router.post("/metrologia/completar", response_model=r.MetrologiaResponse, responses=_ERRORS)
def metrologia(
    body: Annotated[MetrologiaRequest, Body(examples=ex.METROLOGIA)], container: Deps
) -> r.MetrologiaResponse:
    """Inspección instantánea. El tercer RECHAZADO bloquea el spool (BLOQUEADO)."""
    fecha = parse_fecha(body.fecha_operacion, container.today())
    outcome = occupation.completar(
        container.runner,
        body.tag_spool,
        body.worker_id,
        Operacion.METROLOGIA,
        fecha,
        body.resultado,
    )
    return metrologia_out(outcome, body.tag_spool, body.resultado)


@router.post("/tomar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
def tomar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.TOMAR_REPARACION)], container: Deps
) -> r.ReparacionResponse:
    ttl = container.settings.lease_ttl_seconds
    outcome = occupation.tomar(
        container.runner, body.tag_spool, body.worker_id, Operacion.REPARACION, ttl
    )
    return reparacion_out(outcome, body.tag_spool)


@router.post("/pausar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
def pausar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.PAUSAR_REPARACION)], container: Deps
) -> r.ReparacionResponse:
    outcome = occupation.pausar(
        container.runner, body.tag_spool, body.worker_id, Operacion.REPARACION
    )
    return reparacion_out(outcome, body.tag_spool)


@router.post("/completar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
def completar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.COMPLETAR_REPARACION)], container: Deps
) -> r.ReparacionResponse:
    """La reparación completada devuelve el spool a METROLOGIA pendiente."""
    fecha = parse_fecha(body.fecha_operacion, container.today())
    outcome = occupation.completar(
        container.runner, body.tag_spool, body.worker_id, Operacion.REPARACION, fecha, None
    )
    return reparacion_out(outcome, body.tag_spool)


@router.post("/cancelar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
async def cancelar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.CANCELAR_REPARACION)],
    container: Deps,
    key: IdempotencyKey = None,
) -> JSONResponse:
    """Devuelve un spool EN_REPARACION o REPARACION_PAUSADA a RECHAZADO. Acepta
    `Idempotency-Key` como los comandos de /api/occupation (la app de tablet la envía)."""

    def run() -> r.ReparacionResponse:
        outcome = occupation.cancelar_reparacion(container.runner, body.tag_spool, body.worker_id)
        return reparacion_out(outcome, body.tag_spool)

    return await command(container, key, "cancelar-reparacion", body, run)
