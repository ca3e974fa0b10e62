"""What the worker app may offer: the actions on a spool, a worker's operations and the queue of
an operation (CONTRACT §2.4)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from zeues.api.models import responses as r
from zeues.api.presenters.times import iso_in_tz
from zeues.domain import errors
from zeues.domain.actions import Verdict, allowed
from zeues.domain.estado import detalle, effective, texto
from zeues.domain.model import Operacion, Spool, Worker
from zeues.domain.unions import Resumen
from zeues.services.actions import Group, Placed, Queue
from zeues.services.floor import GROUPS, Page, RowInfo
from zeues.services.unions import Rechazo


def acciones_out(
    tag: str, worker_id: int, found: list[Verdict], tz: tzinfo, spool: Spool, now: datetime
) -> r.AccionesResponse:
    return r.AccionesResponse(
        tag_spool=tag,
        worker_id=worker_id,
        estado_texto=texto(effective(spool, now)[0], worker_id),
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


def operaciones_out(worker: Worker) -> r.OperacionesResponse:
    return r.OperacionesResponse(
        worker_id=worker.id,
        nombre_completo=worker.nombre_completo,
        operaciones=[op.value for op in Operacion if allowed(worker, op)],
    )


def cola_body(
    worker_id: int, operacion: Operacion, queue: Queue, now: datetime, tz: ZoneInfo
) -> dict[str, Any]:
    """Plain dicts shaped as ColaResponse: a tablet reloads this list (~2,000 spools) after every
    change on the floor, and building the models costs as much as deciding."""

    def info(spool: Spool) -> RowInfo | None:
        tag = spool.tag_spool
        progreso, rechazo = queue.progreso.get(tag), queue.rechazos.get(tag)
        return RowInfo(progreso, rechazo) if progreso or rechazo else None

    return {
        "worker_id": worker_id,
        "operacion": operacion.value,
        "mios": [_item(s, now, tz, worker_id, mine=True, info=info(s)) for s in queue.mios],
        "disponibles": [_item(s, now, tz, worker_id, info=info(s)) for s in queue.disponibles],
        "no_disponibles": [
            _item(x.spool, now, tz, worker_id, x.verdict, info=info(x.spool))
            for x in queue.no_disponibles
        ],
        "timestamp": now.astimezone(tz).isoformat(),
    }


def _item(
    spool: Spool,
    now: datetime,
    tz: ZoneInfo,
    viewer: int,
    verdict: Verdict | None = None,
    mine: bool = False,
    info: RowInfo | None = None,
) -> dict[str, Any]:
    """`mine`: one of the worker's own holds, shown with its lease even once it lapsed."""
    view, expired = effective(spool, now)
    lapsed = mine and view.holder is None
    holder = expired if lapsed else view.holder
    error = verdict.error if verdict else None
    return {
        "tag_spool": view.tag_spool,
        "nv": view.nv,
        "estado_detalle": detalle(view),
        "estado_texto": texto(view, viewer),
        "ocupado_por": holder.worker_nombre if holder else None,
        "ocupado_por_id": holder.worker_id if holder else None,
        "operacion_actual": holder.operacion.value if holder else None,
        "fecha_ocupacion": iso_in_tz(holder.since, tz) if holder else None,
        "lease_expires_at": iso_in_tz(holder.lease_expires_at, tz) if holder else None,
        "error": error.code if error else None,
        "message": error.message_in(tz) if error else None,
        "motivo": _motivo(error, view, tz, viewer) if error else None,
        "toma_vencida": lapsed,
        **_progress(info.progreso if info else None),
        "rechazo": _rechazo(info.rechazo if info else None, tz),
    }


def _progress(found: Resumen | None) -> dict[str, Any]:
    """A spool with unions: its progress in words and how many it has (the tablet asks which
    ones were finished on PAUSAR/COMPLETAR only then); without unions, null and 0."""
    if found is None:
        return {"progreso": None, "uniones_total": 0}
    return {"progreso": found.texto(), "uniones_total": found.total}


def _rechazo(found: Rechazo | None, tz: ZoneInfo) -> dict[str, Any] | None:
    """The rejection waiting for this spool's repair, as GET /api/spools/{tag}/uniones says it:
    what the repair crew sees on its rows."""
    if found is None:
        return None
    return {
        "ciclo": found.ciclo,
        "fecha": iso_in_tz(found.fecha, tz),
        "worker": found.worker,
        "defecto": found.defecto,
        "uniones": found.uniones,
    }


_FALTANTE = {
    "fecha_materiales": "faltan materiales",
    "METROLOGIA RECHAZADO": "sin rechazo de metrología",
    "REPARACION": "falta REPARACION",
}


def _motivo(error: errors.DomainError, view: Spool, tz: ZoneInfo, viewer: int) -> str:
    """The refusal in a few words, for a list row; the full `message` stays alongside."""
    holder = view.holder
    if isinstance(error, errors.SpoolOcupado) and holder and holder.worker_id == viewer:
        return f"usted lo tiene tomado en {holder.operacion}"
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


def placed_item(
    placed: Placed, now: datetime, tz: ZoneInfo, viewer: int, info: RowInfo | None = None
) -> dict[str, Any]:
    """One row of a queue, as /api/cola writes it."""
    mine = placed.group == "mios"
    return _item(placed.spool, now, tz, viewer, placed.verdict, mine=mine, info=info)


def cola_page_body(
    worker_id: int,
    operacion: Operacion,
    pages: dict[Group, Page],
    totals: dict[str, int],
    now: datetime,
    tz: ZoneInfo,
    info: dict[str, RowInfo],
) -> dict[str, Any]:
    """ColaResponse with only a page of each group, and how many rows each group has."""
    body: dict[str, Any] = {"worker_id": worker_id, "operacion": operacion.value}
    for group in GROUPS:
        page = pages.get(group)
        body[group] = (
            [placed_item(p, now, tz, worker_id, info.get(p.spool.tag_spool)) for p in page.rows]
            if page
            else []
        )
    body["totales"] = totals
    body["encontrados"] = {g: p.matched for g, p in pages.items()}
    body["timestamp"] = now.astimezone(tz).isoformat()
    return body


def cola_delta(
    tag: str,
    placed: Placed | None,
    totals: dict[str, int],
    now: datetime,
    tz: ZoneInfo,
    viewer: int,
    info: RowInfo | None = None,
) -> dict[str, Any]:
    """A `cola` event: where one spool now stands in the tablet's queue (`grupo` null: not in
    it), and the groups' new totals."""
    return {
        "tag_spool": tag,
        "grupo": placed.group if placed else None,
        "item": placed_item(placed, now, tz, viewer, info) if placed else None,
        "totales": totals,
        "timestamp": now.astimezone(tz).isoformat(),
    }
