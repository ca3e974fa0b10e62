"""/api/spools: one spool and the listings the tablets use (CONTRACT §2.4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from zeues.api import responses as r
from zeues.api.deps import Deps
from zeues.api.errors import responses_for
from zeues.api.presenters import spool_out
from zeues.api.schemas import MAX_DB_INT, TAG_PATTERN
from zeues.domain.estado import detalle_at
from zeues.domain.model import Operacion
from zeues.services.runner import spool_not_found

router = APIRouter(prefix="/api/spools", tags=["spools"])

# Without `limit` a list returns every match, as v3.0 did (its tablets search only what they
# loaded), up to this bound: a shop's whole spool table, with room to spare.
MAX_LIST = 5000
Limit = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_LIST,
        description=(
            f"Máximo de spools a devolver. Sin limit se devuelven todos los que coinciden, hasta "
            f"{MAX_LIST} (`total` dice cuántos hay)."
        ),
    ),
]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Q = Annotated[
    str | None,
    Query(max_length=100, pattern=r"^[A-Za-z0-9._-]*$", description="Parte del código del spool."),
]
TagPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        pattern=TAG_PATTERN,
        description="Código del spool (letras, números, '.', '_' o '-').",
        examples=["TEST-01"],
    ),
]


def _filtro(**parts: object) -> str:
    shown = [f"{k}={v}" for k, v in parts.items() if v not in (None, "")]
    return ", ".join(shown) or "sin filtro"


@router.get("/iniciar", response_model=r.SpoolList, responses=responses_for())
@router.get("/disponible", response_model=r.SpoolList, responses=responses_for())
def disponibles(
    operacion: Operacion, c: Deps, q: Q = None, limit: Limit = None, offset: Offset = 0
) -> r.SpoolList:
    """Spools en los que esa operación se puede tomar (o inspeccionar) ahora mismo."""
    now = c.clock()
    found, total = c.read.disponibles(operacion, now, q, limit or MAX_LIST, offset)
    return r.SpoolList(
        spools=[spool_out(s, now, c.settings.tz) for s in found],
        total=total,
        filtro_aplicado=_filtro(operacion=operacion.value, q=q),
        limit=limit or MAX_LIST,
        offset=offset,
    )


@router.get("/ocupados", response_model=r.SpoolList, responses=responses_for())
@router.get("/completar", response_model=r.SpoolList, responses=responses_for())
@router.get("/cancelar", response_model=r.SpoolList, responses=responses_for())
def ocupados(
    c: Deps,
    worker_id: Annotated[int | None, Query(gt=0, le=MAX_DB_INT)] = None,
    operacion: Operacion | None = None,
    q: Q = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> r.SpoolList:
    """Spools que tiene tomados este trabajador (o todos los ocupados, sin worker_id)."""
    now = c.clock()
    found, total = c.read.ocupados(now, worker_id, operacion, q, limit or MAX_LIST, offset)
    return r.SpoolList(
        spools=[spool_out(s, now, c.settings.tz) for s in found],
        total=total,
        filtro_aplicado=_filtro(
            worker_id=worker_id, operacion=operacion.value if operacion else None, q=q
        ),
        limit=limit or MAX_LIST,
        offset=offset,
    )


@router.get("/reparacion", response_model=r.ReparacionList, responses=responses_for())
def reparacion(c: Deps, q: Q = None, limit: Limit = None, offset: Offset = 0) -> r.ReparacionList:
    """Spools rechazados por metrología (reparables) y bloqueados."""
    now = c.clock()
    found, total, bloqueados = c.read.en_reparacion(q, limit or MAX_LIST, offset)
    return r.ReparacionList(
        spools=[
            r.ReparacionItem(
                tag_spool=s.tag_spool,
                estado_detalle=detalle_at(s, now),
                fecha_rechazo=s.fecha_rechazo,
                cycle=s.ciclo,
                bloqueado=s.bloqueado,
            )
            for s in found
        ],
        total=total,
        bloqueados=bloqueados,
        filtro_aplicado=_filtro(estado="RECHAZADO o BLOQUEADO", q=q),
    )


@router.get("/{tag}", response_model=r.SpoolOut, responses=responses_for(404))
def spool(tag: TagPath, c: Deps) -> r.SpoolOut:
    found = c.read.spool(tag)
    if found is None:
        raise spool_not_found(tag)
    return spool_out(found, c.clock(), c.settings.tz)
