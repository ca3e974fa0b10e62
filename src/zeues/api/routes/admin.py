"""Supervisor overrides and admin upserts, behind the bearer token (CONTRACT §2.7). Commands
like the floor's: the same command path, with `Idempotency-Key`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import Response

from zeues.api import examples as ex
from zeues.api.deps import Admin, AdminWrite, Shop
from zeues.api.errors import responses_for
from zeues.api.links import AFTER_UPSERT_WORKER, with_links
from zeues.api.models import responses as r
from zeues.api.models.parameters import StoredTagPath, TagPath
from zeues.api.models.requests import (
    AdminSpoolRequest,
    AdminUnionesRequest,
    AdminWorkerRequest,
    SupervisorNotaRequest,
    SupervisorRequest,
)
from zeues.api.models.unions import AdminUnionesResponse, NotaOut
from zeues.api.presenters.commands import admin_spool_out, admin_worker_out, supervisor_out
from zeues.api.presenters.unions import nota_out
from zeues.domain.model import Worker
from zeues.services import notes, supervision
from zeues.services.runner import Outcome, Runner

router = APIRouter(prefix="/api", tags=["admin"], dependencies=[Admin])
_ERRORS = responses_for(400, 401, 403, 404, 409)
Override = Callable[[Runner, str, int, str], Outcome]


async def _override(
    write: AdminWrite, route: str, body: SupervisorRequest, act: Override
) -> Response:
    def work(runner: Runner) -> r.SupervisorResponse:
        tag = supervision.stored_tag(runner, body.tag_spool)
        return supervisor_out(act(runner, tag, body.supervisor_id, body.motivo), tag)

    return await write(route, body, work)


@router.post("/supervisor/desbloquear", response_model=r.SupervisorResponse, responses=_ERRORS)
async def desbloquear(
    body: Annotated[SupervisorRequest, Body(examples=ex.DESBLOQUEAR)], write: AdminWrite
) -> Response:
    """BLOQUEADO → RECHAZADO con el contador de ciclos en 0. Queda auditado con el motivo."""
    return await _override(write, "desbloquear", body, supervision.desbloquear)


@router.post("/supervisor/liberar", response_model=r.SupervisorResponse, responses=_ERRORS)
async def liberar(
    body: Annotated[SupervisorRequest, Body(examples=ex.LIBERAR)], write: AdminWrite
) -> Response:
    """Libera un spool tomado (tablet abandonada): la operación queda pausada."""
    return await _override(write, "liberar", body, supervision.liberar)


@router.post("/supervisor/notas", response_model=NotaOut, responses=_ERRORS)
async def nota_del_supervisor(
    body: Annotated[SupervisorNotaRequest, Body(examples=ex.NOTA_SUPERVISOR)],
    write: AdminWrite,
    shop: Shop,
) -> Response:
    """Agrega una nota al spool desde la consola, firmada por el supervisor (`MR(93)`), con su
    evento de auditoría NOTA en la misma transacción. Las notas nunca se editan ni se borran."""

    def work(runner: Runner) -> NotaOut:
        tag = supervision.stored_tag(runner, body.tag_spool)
        note = notes.agregar(runner, tag, body.texto, body.autor, body.supervisor_id)
        return nota_out(note, shop.tz)

    return await write("supervisor-notas", body, work)


@router.post("/admin/spools", response_model=r.AdminSpoolResponse, responses=_ERRORS)
async def upsert_spool(
    body: Annotated[AdminSpoolRequest, Body(examples=ex.ADMIN_SPOOL)], write: AdminWrite
) -> Response:
    """Crea un spool nuevo o actualiza sus datos maestros (solo los campos enviados)."""
    tag, fields = body.tag_spool, body.model_dump(exclude_unset=True, exclude={"tag_spool"})
    return await write(
        "admin-spools",
        body,
        lambda runner: admin_spool_out(tag, supervision.upsert_spool(runner, tag, fields)),
    )


@router.post(
    "/admin/workers",
    response_model=r.AdminWorkerResponse,
    responses=with_links(_ERRORS, AFTER_UPSERT_WORKER),
)
async def upsert_worker(
    body: Annotated[AdminWorkerRequest, Body(examples=ex.ADMIN_WORKER)], write: AdminWrite
) -> Response:
    roles = tuple(dict.fromkeys(body.roles))
    worker = Worker(body.id, body.nombre, body.apellido, roles, body.activo)
    return await write(
        "admin-workers",
        body,
        lambda runner: admin_worker_out(worker, supervision.upsert_worker(runner, worker)),
    )


@router.put("/admin/spools/{tag}/uniones", response_model=AdminUnionesResponse, responses=_ERRORS)
async def put_unions(tag: TagPath, body: AdminUnionesRequest, write: AdminWrite) -> Response:
    """Reemplaza las uniones de un spool de prueba (ZEUES_TEST_SPOOL_PATTERN), como hace
    `zeues e2e`; las de producción vienen de `zeues import uniones`. Lista vacía: sin uniones."""
    rows = [(u.n_union, u.dn_union, u.tipo_union) for u in body.uniones]

    def run(runner: Runner) -> AdminUnionesResponse:
        total = supervision.put_unions(runner, tag, rows)
        return AdminUnionesResponse(success=True, tag_spool=tag, total=total)

    return await write(f"uniones:{tag}", body, run)


@router.post("/admin/spools/{tag}/reset", response_model=r.SupervisorResponse, responses=_ERRORS)
async def reset(tag: StoredTagPath, write: AdminWrite, shop: Shop) -> Response:
    """Vuelve un spool de prueba (ZEUES_TEST_SPOOL_PATTERN) a su estado inicial."""
    today = shop.today()

    def work(runner: Runner) -> r.SupervisorResponse:
        found = supervision.stored_tag(runner, tag)
        return supervisor_out(supervision.reset(runner, found, today), found)

    return await write("reset", tag, work)
