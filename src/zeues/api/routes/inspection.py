"""Metrología and reparación on the paths existing clients use (CONTRACT §2.3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from zeues.api import examples as ex
from zeues.api import responses as r
from zeues.api.deps import Deps, parse_fecha
from zeues.api.errors import responses_for
from zeues.api.idempotency import IdempotencyKey, respond
from zeues.api.schemas import MetrologiaRequest, ReparacionRequest
from zeues.domain.estado import detalle
from zeues.domain.model import Operacion
from zeues.services import occupation as uc
from zeues.services.runner import Outcome

router = APIRouter(prefix="/api", tags=["metrologia-reparacion"])
_ERRORS = responses_for(400, 403, 404, 409, 410)


@router.post("/metrologia/completar", response_model=r.MetrologiaResponse, responses=_ERRORS)
def metrologia(
    body: Annotated[MetrologiaRequest, Body(examples=ex.METROLOGIA)], c: Deps
) -> r.MetrologiaResponse:
    """Inspección instantánea. El tercer RECHAZADO bloquea el spool (BLOQUEADO)."""
    fecha = parse_fecha(body.fecha_operacion, c.today())
    outcome = uc.completar(
        c.runner, body.tag_spool, body.worker_id, Operacion.METROLOGIA, fecha, body.resultado
    )
    return r.MetrologiaResponse(
        success=True,
        tag_spool=body.tag_spool,
        resultado=body.resultado.value,
        estado_detalle=detalle(outcome.change.after),
        message=outcome.change.message,
        ciclo=outcome.change.after.ciclo,
    )


def _reparacion(outcome: Outcome, tag: str) -> r.ReparacionResponse:
    return r.ReparacionResponse(
        success=True,
        message=outcome.change.message,
        tag_spool=tag,
        estado_detalle=detalle(outcome.change.after),
        cycle=outcome.change.after.ciclo,
    )


@router.post("/tomar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
def tomar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.TOMAR_REPARACION)], c: Deps
) -> r.ReparacionResponse:
    ttl = c.settings.lease_ttl_seconds
    outcome = uc.tomar(c.runner, body.tag_spool, body.worker_id, Operacion.REPARACION, ttl)
    return _reparacion(outcome, body.tag_spool)


@router.post("/pausar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
def pausar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.PAUSAR_REPARACION)], c: Deps
) -> r.ReparacionResponse:
    outcome = uc.pausar(c.runner, body.tag_spool, body.worker_id, Operacion.REPARACION)
    return _reparacion(outcome, body.tag_spool)


@router.post("/completar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
def completar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.COMPLETAR_REPARACION)], c: Deps
) -> r.ReparacionResponse:
    """La reparación completada devuelve el spool a METROLOGIA pendiente."""
    fecha = parse_fecha(body.fecha_operacion, c.today())
    outcome = uc.completar(
        c.runner, body.tag_spool, body.worker_id, Operacion.REPARACION, fecha, None
    )
    return _reparacion(outcome, body.tag_spool)


@router.post("/cancelar-reparacion", response_model=r.ReparacionResponse, responses=_ERRORS)
def cancelar_reparacion(
    body: Annotated[ReparacionRequest, Body(examples=ex.CANCELAR_REPARACION)],
    c: Deps,
    key: IdempotencyKey = None,
) -> JSONResponse:
    """Devuelve un spool EN_REPARACION o REPARACION_PAUSADA a RECHAZADO. Acepta
    `Idempotency-Key` como los comandos de /api/occupation (la app de tablet la envía)."""

    def run() -> r.ReparacionResponse:
        outcome = uc.cancelar_reparacion(c.runner, body.tag_spool, body.worker_id)
        return _reparacion(outcome, body.tag_spool)

    return respond(c, key, "cancelar-reparacion", body, run)
