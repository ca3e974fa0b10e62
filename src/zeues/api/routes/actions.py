"""/api/spools/{tag}/acciones and /api/cola: what the worker app may offer, decided by the
commands' own domain functions without writing (CONTRACT §2.4)."""

from __future__ import annotations

import zlib
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import JSONResponse, Response

from zeues.api.deps import Floor, Reads, Shop
from zeues.api.errors import responses_for
from zeues.api.models import responses as r
from zeues.api.models.parameters import AskingWorkerId, TagPath
from zeues.api.models.requests import MAX_DB_INT, TAG_PATTERN
from zeues.api.presenters.worker_app import (
    acciones_out,
    cola_body,
    cola_page_body,
    operaciones_out,
)
from zeues.domain.model import Operacion
from zeues.services.actions import Group

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


ColaLimite = Annotated[
    int | None,
    Query(
        ge=1,
        le=500,
        description=(
            "Página: como mucho tantos spools por grupo, en orden de tag, y `totales`. Sin "
            "limite (ni q, grupo o despues) la cola va completa, como siempre."
        ),
    ),
]
ColaQ = Annotated[
    str | None,
    Query(
        max_length=100,
        pattern=r"^[A-Za-z0-9._ -]*$",
        description="Solo spools cuyo tag o NV contiene este texto (sin distinguir mayúsculas).",
    ),
]
ColaDespues = Annotated[
    str | None,
    Query(
        max_length=100,
        pattern=TAG_PATTERN,
        description="Solo spools con tag posterior a este (la página siguiente de `grupo`).",
    ),
]
PAGE_DEFAULT = 60


@router.get(
    "/cola",
    response_model=r.ColaResponse,
    responses={
        **responses_for(403, 404),
        304: {"description": "Sin cambios desde el ETag enviado."},
    },
)
def cola(
    worker_id: AskingWorkerId,
    operacion: Operacion,
    reads: Reads,
    shop: Shop,
    floor: Floor,
    limite: ColaLimite = None,
    q: ColaQ = None,
    grupo: Annotated[
        Group | None, Query(description="Solo este grupo (los demás vienen vacíos).")
    ] = None,
    despues: ColaDespues = None,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match", max_length=200)] = None,
) -> Response:
    """La cola de una operación para un trabajador: `mios` (lo que tiene tomado),
    `disponibles` (TOMAR, o la inspección, permitida ahora) y `no_disponibles` (con el código,
    el mensaje y un `motivo` corto), decididos por las funciones de los comandos. Los spools ya
    terminados para esa operación no aparecen.

    Sin parámetros de página, completa. Con `limite` (o `q`, `grupo`, `despues`): una página de
    cada grupo en orden de tag, `totales` y `encontrados`, con ETag (If-None-Match responde 304
    si nada cambió); una operación que los roles del trabajador no permiten se rechaza (403).
    Los cambios de una fila llegan por `/api/sse/stream?worker_id=&operacion=`."""
    now = shop.now()
    if limite is None and q is None and grupo is None and despues is None:
        queue = reads.cola(worker_id, operacion, now, shop.today())
        return JSONResponse(cola_body(worker_id, operacion, queue, now, shop.tz))
    worker = floor.worker(worker_id, operacion)
    floor.catch_up()
    wanted = f"{worker_id}|{operacion.value}|{limite}|{q}|{grupo}|{despues}|{shop.today()}"
    tag = f'W/"{floor.epoch}.{floor.version}.{zlib.crc32(wanted.encode()):08x}"'
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    if if_none_match is not None and tag in (t.strip() for t in if_none_match.split(",")):
        return Response(status_code=304, headers=headers)
    size = limite or PAGE_DEFAULT
    needle = q.strip() or None if q is not None else None
    if grupo is not None:
        page, totals = floor.page(worker, operacion, grupo, needle, despues, size)
        pages = {grupo: page}
    else:
        pages, totals = floor.first_screen(worker, operacion, needle, size)
    info = floor.info(p.spool.tag_spool for page in pages.values() for p in page.rows)
    body = cola_page_body(worker_id, operacion, pages, totals, now, shop.tz, info)
    return JSONResponse(body, headers=headers)
