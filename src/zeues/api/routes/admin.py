"""Supervisor overrides and admin upserts, behind the bearer token (CONTRACT §2.7)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from zeues.api import examples as ex
from zeues.api import responses as r
from zeues.api.deps import Admin, Deps
from zeues.api.errors import responses_for
from zeues.api.links import AFTER_UPSERT_WORKER, with_links
from zeues.api.routes.spools import TagPath
from zeues.api.schemas import AdminSpoolRequest, AdminWorkerRequest, SupervisorRequest
from zeues.domain.estado import detalle
from zeues.domain.model import Worker
from zeues.services import supervision as uc
from zeues.services.runner import Outcome

router = APIRouter(prefix="/api", tags=["admin"], dependencies=[Admin])
_ERRORS = responses_for(400, 401, 403, 404, 409)


def _done(outcome: Outcome, tag: str) -> r.SupervisorResponse:
    return r.SupervisorResponse(
        success=True,
        tag_spool=tag,
        message=outcome.change.message,
        estado_detalle=detalle(outcome.change.after),
    )


@router.post("/supervisor/desbloquear", response_model=r.SupervisorResponse, responses=_ERRORS)
def desbloquear(
    body: Annotated[SupervisorRequest, Body(examples=ex.DESBLOQUEAR)], c: Deps
) -> r.SupervisorResponse:
    """BLOQUEADO → RECHAZADO con el contador de ciclos en 0. Queda auditado con el motivo."""
    return _done(
        uc.desbloquear(c.runner, body.tag_spool, body.supervisor_id, body.motivo), body.tag_spool
    )


@router.post("/supervisor/liberar", response_model=r.SupervisorResponse, responses=_ERRORS)
def liberar(
    body: Annotated[SupervisorRequest, Body(examples=ex.LIBERAR)], c: Deps
) -> r.SupervisorResponse:
    """Libera un spool tomado (tablet abandonada): la operación queda pausada."""
    return _done(
        uc.liberar(c.runner, body.tag_spool, body.supervisor_id, body.motivo), body.tag_spool
    )


@router.post("/admin/spools", response_model=r.AdminSpoolResponse, responses=_ERRORS)
def upsert_spool(
    body: Annotated[AdminSpoolRequest, Body(examples=ex.ADMIN_SPOOL)], c: Deps
) -> r.AdminSpoolResponse:
    """Crea un spool nuevo o actualiza sus datos maestros (solo los campos enviados)."""
    fields = body.model_dump(exclude_unset=True, exclude={"tag_spool"})
    created = uc.upsert_spool(c.store, body.tag_spool, fields, c.clock())
    return r.AdminSpoolResponse(success=True, tag_spool=body.tag_spool, created=created)


@router.post(
    "/admin/workers",
    response_model=r.AdminWorkerResponse,
    responses=with_links(_ERRORS, AFTER_UPSERT_WORKER),
)
def upsert_worker(
    body: Annotated[AdminWorkerRequest, Body(examples=ex.ADMIN_WORKER)], c: Deps
) -> r.AdminWorkerResponse:
    worker = Worker(
        body.id, body.nombre, body.apellido, tuple(dict.fromkeys(body.roles)), body.activo
    )
    created = uc.upsert_worker(c.store, worker)
    return r.AdminWorkerResponse(
        success=True, worker_id=worker.id, created=created, nombre_completo=worker.nombre_completo
    )


@router.post("/admin/spools/{tag}/reset", response_model=r.SupervisorResponse, responses=_ERRORS)
def reset(tag: TagPath, c: Deps) -> r.SupervisorResponse:
    """Vuelve un spool de prueba (ZEUES_TEST_SPOOL_PATTERN) a su estado inicial."""
    outcome = uc.reset(c.runner, tag, c.settings.test_spool_pattern, c.today())
    return _done(outcome, tag)
