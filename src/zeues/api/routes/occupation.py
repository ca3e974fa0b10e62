"""/api/occupation/*: TOMAR, PAUSAR, COMPLETAR, batch-tomar (CONTRACT §2.2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from zeues.api import examples as ex
from zeues.api.deps import Deps, parse_fecha
from zeues.api.errors import responses_for
from zeues.api.idempotency import command
from zeues.api.links import AFTER_TOMAR, with_links
from zeues.api.models import responses as r
from zeues.api.models.parameters import IdempotencyKey
from zeues.api.models.requests import (
    BatchTomarRequest,
    CompletarRequest,
    OccupationRequest,
    PausarRequest,
    RenovarRequest,
)
from zeues.api.presenters.commands import (
    batch_out,
    completar_out,
    pausar_out,
    renovar_out,
    tomar_out,
)
from zeues.domain.model import Operacion
from zeues.services import occupation

router = APIRouter(prefix="/api/occupation", tags=["occupation"])
_COMMAND_ERRORS = responses_for(400, 403, 404, 409, 410)


@router.post(
    "/tomar",
    response_model=r.TomarResponse,
    responses=with_links(_COMMAND_ERRORS, AFTER_TOMAR),
)
async def tomar(
    body: Annotated[OccupationRequest, Body(examples=ex.TOMAR)],
    container: Deps,
    key: IdempotencyKey = None,
) -> JSONResponse:
    """Toma un spool para una operación. El mismo trabajador repitiendo TOMAR renueva su toma:
    200, `renovada: true` y la nueva expiración, sin evento de auditoría. Otro trabajador recibe
    409 mientras la toma esté vigente."""
    settings = container.settings

    def run() -> r.TomarResponse:
        outcome = occupation.tomar(
            container.runner,
            body.tag_spool,
            body.worker_id,
            body.operacion,
            settings.lease_ttl_seconds,
        )
        return tomar_out(outcome, body.tag_spool, body.operacion, settings.tz)

    return await command(container, key, "tomar", body, run)


@router.post("/pausar", response_model=r.OccupationResponse, responses=_COMMAND_ERRORS)
async def pausar(
    body: Annotated[PausarRequest, Body(examples=ex.PAUSAR)],
    container: Deps,
    key: IdempotencyKey = None,
) -> JSONResponse:
    """Pausa el trabajo: el spool queda libre y otro trabajador puede continuarlo. Sin
    `operacion`, pausa la que este trabajador tiene tomada en el spool."""

    def run() -> r.OccupationResponse:
        outcome = occupation.pausar(
            container.runner, body.tag_spool, body.worker_id, body.operacion
        )
        return pausar_out(outcome, body.tag_spool, occupation.operacion_of(outcome))

    return await command(container, key, "pausar", body, run)


@router.post("/completar", response_model=r.CompletarResponse, responses=_COMMAND_ERRORS)
async def completar(
    body: Annotated[CompletarRequest, Body(examples=ex.COMPLETAR)],
    container: Deps,
    key: IdempotencyKey = None,
) -> JSONResponse:
    """Completa ARM, SOLD o REPARACION (solo quien lo tiene tomado), o registra METROLOGIA
    (instantánea: sin TOMAR, con `resultado`). Sin `operacion`, completa la que este trabajador
    tiene tomada en el spool (así completan los tablets v3.0)."""
    if body.operacion is Operacion.METROLOGIA and body.resultado is None:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("body", "resultado"),
                    "msg": "METROLOGIA requiere resultado APROBADO o RECHAZADO",
                    "input": None,
                }
            ]
        )
    fecha = parse_fecha(body.fecha_operacion, container.today())

    def run() -> r.CompletarResponse:
        outcome = occupation.completar(
            container.runner, body.tag_spool, body.worker_id, body.operacion, fecha, body.resultado
        )
        operacion = occupation.operacion_of(outcome)
        return completar_out(outcome, body.tag_spool, operacion, body.resultado)

    return await command(container, key, "completar", body, run)


@router.post("/batch-tomar", response_model=r.BatchResponse, responses=responses_for())
async def batch_tomar(
    body: Annotated[BatchTomarRequest, Body(examples=ex.BATCH_TOMAR)],
    container: Deps,
    key: IdempotencyKey = None,
) -> JSONResponse:
    """Toma hasta 50 spools; cada uno se decide por separado con las reglas de TOMAR.
    Siempre 200: el detalle dice qué spool falló y por qué."""
    settings = container.settings

    def run() -> r.BatchResponse:
        items = occupation.batch_tomar(
            container.runner,
            body.tag_spools,
            body.worker_id,
            body.operacion,
            settings.lease_ttl_seconds,
        )
        return batch_out(items, settings.tz)

    return await command(container, key, "batch-tomar", body, run)


@router.post("/renovar", response_model=r.RenovarResponse, responses=responses_for())
async def renovar(
    body: Annotated[RenovarRequest, Body(examples=ex.RENOVAR)], container: Deps
) -> JSONResponse:
    """Renueva las tomas que este trabajador tiene en estos spools (la tablet lo envía cada
    pocos minutos mientras los muestra): cada toma vence ZEUES_LEASE_TTL_SECONDS después de su
    última renovación. Sin evento de auditoría; una renovación a menos de un minuto de la
    anterior no escribe nada. Siempre 200: cada spool dice si se renovó, o por qué no
    (LOCK_EXPIRED con `retomable` si la toma ya venció y nadie tomó el spool)."""
    settings = container.settings

    def run() -> r.RenovarResponse:
        items = occupation.renovar(
            container.runner, body.tag_spools, body.worker_id, settings.lease_ttl_seconds
        )
        return renovar_out(items, settings.tz)

    return await command(container, None, "renovar", body, run)
