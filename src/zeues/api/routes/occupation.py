"""/api/occupation/*: TOMAR, PAUSAR, COMPLETAR, batch-tomar (CONTRACT §2.2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from zeues.api import examples as ex
from zeues.api import responses as r
from zeues.api.deps import Deps, parse_fecha
from zeues.api.errors import responses_for
from zeues.api.idempotency import IdempotencyKey, respond
from zeues.api.links import AFTER_TOMAR, with_links
from zeues.api.presenters import in_tz
from zeues.api.schemas import (
    BatchTomarRequest,
    CompletarRequest,
    OccupationRequest,
    PausarRequest,
)
from zeues.domain.estado import detalle
from zeues.domain.model import Operacion
from zeues.services import occupation as uc
from zeues.services.runner import Outcome

router = APIRouter(prefix="/api/occupation", tags=["occupation"])
_COMMAND_ERRORS = responses_for(400, 403, 404, 409, 410)


def _detalle(outcome: Outcome) -> str:
    return detalle(outcome.change.after)


def _cycle(outcome: Outcome, operacion: Operacion) -> int | None:
    return outcome.change.after.ciclo if operacion is Operacion.REPARACION else None


@router.post(
    "/tomar",
    response_model=r.TomarResponse,
    responses=with_links(_COMMAND_ERRORS, AFTER_TOMAR),
)
def tomar(
    body: Annotated[OccupationRequest, Body(examples=ex.TOMAR)], c: Deps, key: IdempotencyKey = None
) -> JSONResponse:
    """Toma un spool para una operación. El mismo trabajador repitiendo TOMAR recibe 200 sin
    cambios; otro trabajador recibe 409 mientras la toma esté vigente."""

    def run() -> r.TomarResponse:
        outcome = uc.tomar(
            c.runner, body.tag_spool, body.worker_id, body.operacion, c.settings.lease_ttl_seconds
        )
        holder = outcome.change.after.holder
        return r.TomarResponse(
            success=True,
            tag_spool=body.tag_spool,
            message=outcome.change.message,
            estado_detalle=_detalle(outcome),
            operacion=body.operacion.value,
            cycle=_cycle(outcome, body.operacion),
            lease_expires_at=in_tz(holder.lease_expires_at if holder else None, c.settings.tz),
        )

    return respond(c, key, "tomar", body, run)


@router.post("/pausar", response_model=r.OccupationResponse, responses=_COMMAND_ERRORS)
def pausar(
    body: Annotated[PausarRequest, Body(examples=ex.PAUSAR)], c: Deps, key: IdempotencyKey = None
) -> JSONResponse:
    """Pausa el trabajo: el spool queda libre y otro trabajador puede continuarlo. Sin
    `operacion`, pausa la que este trabajador tiene tomada en el spool."""

    def run() -> r.OccupationResponse:
        outcome = uc.pausar(c.runner, body.tag_spool, body.worker_id, body.operacion)
        operacion = uc.operacion_of(outcome)
        return r.OccupationResponse(
            success=True,
            tag_spool=body.tag_spool,
            message=outcome.change.message,
            estado_detalle=_detalle(outcome),
            operacion=operacion.value,
            cycle=_cycle(outcome, operacion),
        )

    return respond(c, key, "pausar", body, run)


@router.post("/completar", response_model=r.CompletarResponse, responses=_COMMAND_ERRORS)
def completar(
    body: Annotated[CompletarRequest, Body(examples=ex.COMPLETAR)],
    c: Deps,
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
    fecha = parse_fecha(body.fecha_operacion, c.today())

    def run() -> r.CompletarResponse:
        outcome = uc.completar(
            c.runner, body.tag_spool, body.worker_id, body.operacion, fecha, body.resultado
        )
        operacion = uc.operacion_of(outcome)
        inspected = operacion is Operacion.METROLOGIA
        return r.CompletarResponse(
            success=True,
            tag_spool=body.tag_spool,
            message=outcome.change.message,
            estado_detalle=_detalle(outcome),
            operacion=operacion.value,
            cycle=_cycle(outcome, operacion),
            resultado=body.resultado.value if inspected and body.resultado else None,
            ciclo=outcome.change.after.ciclo if inspected else None,
        )

    return respond(c, key, "completar", body, run)


@router.post("/batch-tomar", response_model=r.BatchResponse, responses=responses_for())
def batch_tomar(
    body: Annotated[BatchTomarRequest, Body(examples=ex.BATCH_TOMAR)],
    c: Deps,
    key: IdempotencyKey = None,
) -> JSONResponse:
    """Toma hasta 50 spools; cada uno se decide por separado con las reglas de TOMAR.
    Siempre 200: el detalle dice qué spool falló y por qué."""

    def run() -> r.BatchResponse:
        items = uc.batch_tomar(
            c.runner, body.tag_spools, body.worker_id, body.operacion, c.settings.lease_ttl_seconds
        )
        details = [
            r.BatchDetail(
                success=True,
                tag_spool=item.tag_spool,
                message=item.outcome.change.message,
                estado_detalle=_detalle(item.outcome),
            )
            if item.outcome
            else r.BatchDetail(
                success=False,
                tag_spool=item.tag_spool,
                message=item.error.message_in(c.settings.tz) if item.error else "",
                error=item.error.code if item.error else None,
            )
            for item in items
        ]
        ok = sum(1 for d in details if d.success)
        return r.BatchResponse(
            total=len(details), succeeded=ok, failed=len(details) - ok, details=details
        )

    return respond(c, key, "batch-tomar", body, run)
