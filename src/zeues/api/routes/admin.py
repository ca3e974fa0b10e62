"""Supervisor overrides and admin upserts, behind the bearer token (CONTRACT §2.7). Commands
like the floor's: the same command path, with `Idempotency-Key`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import Response

from zeues.api import examples as ex
from zeues.api.deps import Admin, Commands, Shop
from zeues.api.errors import responses_for
from zeues.api.links import AFTER_UPSERT_WORKER, with_links
from zeues.api.models import responses as r
from zeues.api.models.parameters import IdempotencyKey, TagPath
from zeues.api.models.requests import AdminSpoolRequest, AdminWorkerRequest, SupervisorRequest
from zeues.api.presenters.commands import admin_spool_out, admin_worker_out, supervisor_out
from zeues.domain.model import Worker
from zeues.services import supervision
from zeues.services.runner import Runner

router = APIRouter(prefix="/api", tags=["admin"], dependencies=[Admin])
_ERRORS = responses_for(400, 401, 403, 404, 409)


@router.post("/supervisor/desbloquear", response_model=r.SupervisorResponse, responses=_ERRORS)
async def desbloquear(
    body: Annotated[SupervisorRequest, Body(examples=ex.DESBLOQUEAR)],
    commands: Commands,
    key: IdempotencyKey = None,
) -> Response:
    """BLOQUEADO → RECHAZADO con el contador de ciclos en 0. Queda auditado con el motivo."""

    def run(runner: Runner) -> r.SupervisorResponse:
        tag = body.tag_spool
        return supervisor_out(
            supervision.desbloquear(runner, tag, body.supervisor_id, body.motivo), tag
        )

    return await commands("desbloquear", key, body, run)


@router.post("/supervisor/liberar", response_model=r.SupervisorResponse, responses=_ERRORS)
async def liberar(
    body: Annotated[SupervisorRequest, Body(examples=ex.LIBERAR)],
    commands: Commands,
    key: IdempotencyKey = None,
) -> Response:
    """Libera un spool tomado (tablet abandonada): la operación queda pausada."""

    def run(runner: Runner) -> r.SupervisorResponse:
        tag = body.tag_spool
        return supervisor_out(
            supervision.liberar(runner, tag, body.supervisor_id, body.motivo), tag
        )

    return await commands("liberar", key, body, run)


@router.post("/admin/spools", response_model=r.AdminSpoolResponse, responses=_ERRORS)
async def upsert_spool(
    body: Annotated[AdminSpoolRequest, Body(examples=ex.ADMIN_SPOOL)],
    commands: Commands,
    key: IdempotencyKey = None,
) -> Response:
    """Crea un spool nuevo o actualiza sus datos maestros (solo los campos enviados)."""
    fields = body.model_dump(exclude_unset=True, exclude={"tag_spool"})

    def run(runner: Runner) -> r.AdminSpoolResponse:
        created = supervision.upsert_spool(runner, body.tag_spool, fields)
        return admin_spool_out(body.tag_spool, created)

    return await commands("admin-spools", key, body, run)


@router.post(
    "/admin/workers",
    response_model=r.AdminWorkerResponse,
    responses=with_links(_ERRORS, AFTER_UPSERT_WORKER),
)
async def upsert_worker(
    body: Annotated[AdminWorkerRequest, Body(examples=ex.ADMIN_WORKER)],
    commands: Commands,
    key: IdempotencyKey = None,
) -> Response:
    worker = Worker(
        body.id, body.nombre, body.apellido, tuple(dict.fromkeys(body.roles)), body.activo
    )

    def run(runner: Runner) -> r.AdminWorkerResponse:
        return admin_worker_out(worker, supervision.upsert_worker(runner, worker))

    return await commands("admin-workers", key, body, run)


@router.post("/admin/spools/{tag}/reset", response_model=r.SupervisorResponse, responses=_ERRORS)
async def reset(
    tag: TagPath, commands: Commands, shop: Shop, key: IdempotencyKey = None
) -> Response:
    """Vuelve un spool de prueba (ZEUES_TEST_SPOOL_PATTERN) a su estado inicial."""
    today = shop.today()

    def run(runner: Runner) -> r.SupervisorResponse:
        return supervisor_out(supervision.reset(runner, tag, today), tag)

    return await commands("reset", key, tag, run)
