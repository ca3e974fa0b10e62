"""Supervisor overrides and admin upserts, behind the bearer token (CONTRACT §2.7)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from zeues.api import examples as ex
from zeues.api.deps import Admin, Deps
from zeues.api.errors import responses_for
from zeues.api.links import AFTER_UPSERT_WORKER, with_links
from zeues.api.models import responses as r
from zeues.api.models.parameters import TagPath
from zeues.api.models.requests import AdminSpoolRequest, AdminWorkerRequest, SupervisorRequest
from zeues.api.presenters.commands import admin_spool_out, admin_worker_out, supervisor_out
from zeues.domain.model import Worker
from zeues.services import supervision

router = APIRouter(prefix="/api", tags=["admin"], dependencies=[Admin])
_ERRORS = responses_for(400, 401, 403, 404, 409)


@router.post("/supervisor/desbloquear", response_model=r.SupervisorResponse, responses=_ERRORS)
def desbloquear(
    body: Annotated[SupervisorRequest, Body(examples=ex.DESBLOQUEAR)], container: Deps
) -> r.SupervisorResponse:
    """BLOQUEADO → RECHAZADO con el contador de ciclos en 0. Queda auditado con el motivo."""
    outcome = supervision.desbloquear(
        container.runner, body.tag_spool, body.supervisor_id, body.motivo
    )
    return supervisor_out(outcome, body.tag_spool)


@router.post("/supervisor/liberar", response_model=r.SupervisorResponse, responses=_ERRORS)
def liberar(
    body: Annotated[SupervisorRequest, Body(examples=ex.LIBERAR)], container: Deps
) -> r.SupervisorResponse:
    """Libera un spool tomado (tablet abandonada): la operación queda pausada."""
    outcome = supervision.liberar(container.runner, body.tag_spool, body.supervisor_id, body.motivo)
    return supervisor_out(outcome, body.tag_spool)


@router.post("/admin/spools", response_model=r.AdminSpoolResponse, responses=_ERRORS)
def upsert_spool(
    body: Annotated[AdminSpoolRequest, Body(examples=ex.ADMIN_SPOOL)], container: Deps
) -> r.AdminSpoolResponse:
    """Crea un spool nuevo o actualiza sus datos maestros (solo los campos enviados)."""
    fields = body.model_dump(exclude_unset=True, exclude={"tag_spool"})
    created = supervision.upsert_spool(container.store, body.tag_spool, fields, container.clock())
    return admin_spool_out(body.tag_spool, created)


@router.post(
    "/admin/workers",
    response_model=r.AdminWorkerResponse,
    responses=with_links(_ERRORS, AFTER_UPSERT_WORKER),
)
def upsert_worker(
    body: Annotated[AdminWorkerRequest, Body(examples=ex.ADMIN_WORKER)], container: Deps
) -> r.AdminWorkerResponse:
    worker = Worker(
        body.id, body.nombre, body.apellido, tuple(dict.fromkeys(body.roles)), body.activo
    )
    created = supervision.upsert_worker(container.store, worker)
    return admin_worker_out(worker, created)


@router.post("/admin/spools/{tag}/reset", response_model=r.SupervisorResponse, responses=_ERRORS)
def reset(tag: TagPath, container: Deps) -> r.SupervisorResponse:
    """Vuelve un spool de prueba (ZEUES_TEST_SPOOL_PATTERN) a su estado inicial."""
    settings = container.settings
    outcome = supervision.reset(
        container.runner, tag, settings.test_spool_pattern, container.today()
    )
    return supervisor_out(outcome, tag)
