"""/api/spools: one spool and the listings the tablets use (CONTRACT §2.4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from zeues.api.deps import Reads, Shop
from zeues.api.errors import responses_for
from zeues.api.models import responses as r
from zeues.api.models.parameters import MAX_LIST, Limit, Offset, Q, TagPath
from zeues.api.models.requests import MAX_DB_INT
from zeues.api.presenters.spools import filtro, reparacion_list, spool_list, spool_out
from zeues.domain.model import Operacion
from zeues.services.reads import Page

router = APIRouter(prefix="/api/spools", tags=["spools"])


@router.get("/iniciar", response_model=r.SpoolList, responses=responses_for())
@router.get("/disponible", response_model=r.SpoolList, responses=responses_for())
def disponibles(
    operacion: Operacion,
    reads: Reads,
    shop: Shop,
    q: Q = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> r.SpoolList:
    """Spools en los que esa operación se puede tomar (o inspeccionar) ahora mismo."""
    now = shop.now()
    found, total = reads.disponibles(operacion, now, Page(q, limit or MAX_LIST, offset))
    applied = filtro(operacion=operacion.value, q=q)
    return spool_list(found, total, now, shop.tz, applied, limit or MAX_LIST, offset)


@router.get("/ocupados", response_model=r.SpoolList, responses=responses_for())
@router.get("/completar", response_model=r.SpoolList, responses=responses_for())
@router.get("/cancelar", response_model=r.SpoolList, responses=responses_for())
def ocupados(
    reads: Reads,
    shop: Shop,
    worker_id: Annotated[int | None, Query(gt=0, le=MAX_DB_INT)] = None,
    operacion: Operacion | None = None,
    q: Q = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> r.SpoolList:
    """Spools que tiene tomados este trabajador (o todos los ocupados, sin worker_id)."""
    now = shop.now()
    page = Page(q, limit or MAX_LIST, offset)
    found, total = reads.ocupados(now, worker_id, operacion, page)
    applied = filtro(worker_id=worker_id, operacion=operacion.value if operacion else None, q=q)
    return spool_list(found, total, now, shop.tz, applied, limit or MAX_LIST, offset)


@router.get("/reparacion", response_model=r.ReparacionList, responses=responses_for())
def reparacion(
    reads: Reads, shop: Shop, q: Q = None, limit: Limit = None, offset: Offset = 0
) -> r.ReparacionList:
    """Spools rechazados por metrología (reparables) y bloqueados."""
    now = shop.now()
    found, total, bloqueados = reads.en_reparacion(Page(q, limit or MAX_LIST, offset))
    applied = filtro(estado="RECHAZADO o BLOQUEADO", q=q)
    return reparacion_list(found, total, bloqueados, now, applied)


@router.get("/{tag}", response_model=r.SpoolOut, responses=responses_for(404))
def spool(tag: TagPath, reads: Reads, shop: Shop) -> r.SpoolOut:
    return spool_out(reads.spool(tag), shop.now(), shop.tz)
