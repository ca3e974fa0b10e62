"""/api/spools/{tag}/acciones and /api/cola: what the worker app may offer, decided by the
commands' own domain functions without writing (CONTRACT §2.4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from zeues.api.deps import Reads, Shop
from zeues.api.errors import responses_for
from zeues.api.models import responses as r
from zeues.api.models.parameters import AskingWorkerId, TagPath
from zeues.api.models.requests import MAX_DB_INT
from zeues.api.presenters.worker_app import acciones_out, cola_body, operaciones_out
from zeues.domain.model import Operacion

router = APIRouter(prefix="/api", tags=["worker-app"])


@router.get(
    "/spools/{tag}/acciones", response_model=r.AccionesResponse, responses=responses_for(404)
)
def acciones(
    tag: TagPath, worker_id: AskingWorkerId, reads: Reads, shop: Shop
) -> r.AccionesResponse:
    """Cada acción (operación × TOMAR/PAUSAR/COMPLETAR/CANCELAR) que este trabajador podría hacer
    ahora en el spool: `permitida`, o el `error` y `message` que respondería el comando. Las
    decide la misma función de dominio que el comando, sin escribir nada. Pares: ARM y SOLD con
    TOMAR/PAUSAR/COMPLETAR; METROLOGIA solo COMPLETAR (vale para APROBADO y RECHAZADO);
    REPARACION con TOMAR/PAUSAR/COMPLETAR/CANCELAR."""
    now = shop.now()
    spool, found = reads.acciones(tag, worker_id, now, shop.today())
    return acciones_out(tag, worker_id, found, shop.tz, spool, now)


@router.get(
    "/workers/{worker_id}/operaciones",
    response_model=r.OperacionesResponse,
    responses=responses_for(404),
)
def operaciones(
    worker_id: Annotated[int, Path(gt=0, le=MAX_DB_INT)], reads: Reads
) -> r.OperacionesResponse:
    """Las operaciones que los roles del trabajador permiten (CONTRACT §1.4; REPARACION, todos)."""
    return operaciones_out(reads.worker(worker_id))


@router.get("/cola", response_model=r.ColaResponse, responses=responses_for(404))
def cola(worker_id: AskingWorkerId, operacion: Operacion, reads: Reads, shop: Shop) -> JSONResponse:
    """La cola de una operación para un trabajador, completa (sin paginar): `mios` (lo que tiene
    tomado), `disponibles` (TOMAR, o la inspección, permitida ahora) y `no_disponibles` (con
    el código, el mensaje y un `motivo` corto), decididos por las funciones de los comandos.
    Los spools ya terminados para esa operación no aparecen."""
    now = shop.now()
    queue = reads.cola(worker_id, operacion, now, shop.today())
    return JSONResponse(cola_body(worker_id, operacion, queue, now, shop.tz))
