"""/api/spools/{tag}/acciones and /api/cola: what the worker app may offer, decided by the
commands' own domain functions without writing (CONTRACT §2.4)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from zeues.api import responses as r
from zeues.api.deps import Deps
from zeues.api.errors import responses_for
from zeues.api.routes.spools import TagPath
from zeues.api.schemas import MAX_DB_INT
from zeues.domain import errors
from zeues.domain.actions import Verdict, allowed
from zeues.domain.estado import detalle, effective
from zeues.domain.model import Operacion, Spool
from zeues.services import actions as uc

router = APIRouter(prefix="/api", tags=["worker-app"])

WorkerId = Annotated[int, Query(gt=0, le=MAX_DB_INT, description="Trabajador que pregunta.")]


@router.get(
    "/spools/{tag}/acciones", response_model=r.AccionesResponse, responses=responses_for(404)
)
def acciones(tag: TagPath, worker_id: WorkerId, c: Deps) -> r.AccionesResponse:
    """Cada acción (operación × TOMAR/PAUSAR/COMPLETAR/CANCELAR) que este trabajador podría hacer
    ahora en el spool: `permitida`, o el `error` y `message` que respondería el comando. Las
    decide la misma función de dominio que el comando, sin escribir nada. Pares: ARM y SOLD con
    TOMAR/PAUSAR/COMPLETAR; METROLOGIA solo COMPLETAR (vale para APROBADO y RECHAZADO);
    REPARACION con TOMAR/PAUSAR/COMPLETAR/CANCELAR."""
    tz = c.settings.tz
    found = uc.acciones(c.read, tag, worker_id, c.clock(), c.settings.lease_ttl_seconds, c.today())
    return r.AccionesResponse(
        tag_spool=tag,
        worker_id=worker_id,
        acciones=[
            r.AccionOut(
                operacion=v.operacion.value,
                accion=v.accion,
                permitida=v.permitida,
                error=v.error.code if v.error else None,
                message=v.error.message_in(tz) if v.error else None,
            )
            for v in found
        ],
    )


@router.get(
    "/workers/{worker_id}/operaciones",
    response_model=r.OperacionesResponse,
    responses=responses_for(404),
)
def operaciones(
    worker_id: Annotated[int, Path(gt=0, le=MAX_DB_INT)], c: Deps
) -> r.OperacionesResponse:
    """Las operaciones que los roles del trabajador permiten (CONTRACT §1.4; REPARACION, todos)."""
    worker = uc.active_worker(c.read, worker_id)
    return r.OperacionesResponse(
        worker_id=worker.id,
        nombre_completo=worker.nombre_completo,
        operaciones=[op.value for op in Operacion if allowed(worker, op)],
    )


@router.get("/cola", response_model=r.ColaResponse, responses=responses_for(404))
def cola(worker_id: WorkerId, operacion: Operacion, c: Deps) -> JSONResponse:
    """La cola de una operación para un trabajador, completa (sin paginar): `mios` (lo que tiene
    tomado), `disponibles` (TOMAR, o la inspección, permitida ahora) y `no_disponibles` (con
    el código, el mensaje y un `motivo` corto), decididos por las funciones de los comandos.
    Los spools ya terminados para esa operación no aparecen."""
    now, tz = c.clock(), c.settings.tz
    queue = uc.cola(c.read, worker_id, operacion, now, c.settings.lease_ttl_seconds, c.today())
    # Plain dicts shaped as ColaItem: a tablet reloads this list (~2,000 spools) after every
    # change on the floor, and building the models costs as much as deciding.
    return JSONResponse(
        {
            "worker_id": worker_id,
            "operacion": operacion.value,
            "mios": [_item(s, now, tz) for s in queue.mios],
            "disponibles": [_item(s, now, tz) for s in queue.disponibles],
            "no_disponibles": [_item(x.spool, now, tz, x.verdict) for x in queue.no_disponibles],
            "timestamp": now.astimezone(tz).isoformat(),
        }
    )


def _iso(moment: datetime | None, tz: ZoneInfo) -> str | None:
    return moment.astimezone(tz).isoformat() if moment else None


def _item(
    spool: Spool, now: datetime, tz: ZoneInfo, verdict: Verdict | None = None
) -> dict[str, Any]:
    view, _ = effective(spool, now)
    holder = view.holder
    error = verdict.error if verdict else None
    return {
        "tag_spool": view.tag_spool,
        "nv": view.nv,
        "estado_detalle": detalle(view),
        "ocupado_por": holder.worker_nombre if holder else None,
        "ocupado_por_id": holder.worker_id if holder else None,
        "operacion_actual": holder.operacion.value if holder else None,
        "fecha_ocupacion": _iso(holder.since, tz) if holder else None,
        "lease_expires_at": _iso(holder.lease_expires_at, tz) if holder else None,
        "error": error.code if error else None,
        "message": error.message_in(tz) if error else None,
        "motivo": _motivo(error, view, tz) if error else None,
    }


_FALTANTE = {
    "fecha_materiales": "faltan materiales",
    "METROLOGIA RECHAZADO": "sin rechazo de metrología",
    "REPARACION": "falta REPARACION",
}


def _motivo(error: errors.DomainError, view: Spool, tz: ZoneInfo) -> str:
    """The refusal in a few words, for a list row; the full `message` stays alongside."""
    holder = view.holder
    if isinstance(error, errors.SpoolOcupado) and holder:
        return f"ocupado por {holder.worker_nombre} desde {holder.since.astimezone(tz):%H:%M}"
    if isinstance(error, errors.SpoolBloqueado):
        return "bloqueado – contactar supervisor"
    if isinstance(error, errors.DependenciasNoSatisfechas):
        faltante = error.data.get("faltante")
        if isinstance(faltante, list):
            return "falta " + " y ".join(str(f) for f in faltante)
        return _FALTANTE.get(str(faltante), f"falta {faltante}")
    return error.message_in(tz)
