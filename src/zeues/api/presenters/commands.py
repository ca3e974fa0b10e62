"""What the commands answer: occupation, inspection and repair, supervisor overrides and admin
upserts (CONTRACT §2.2, §2.3, §2.7)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from zeues.api.models import responses as r
from zeues.api.presenters.times import in_tz
from zeues.domain.estado import detalle, texto
from zeues.domain.model import Operacion, Resultado, Worker
from zeues.services.occupation import BatchItem
from zeues.services.runner import Outcome


def _detalle(outcome: Outcome) -> str:
    return detalle(outcome.change.after)


def _texto(outcome: Outcome) -> str:
    """The state in plain words for the worker who acted: a spool they took is theirs («usted»)."""
    after = outcome.change.after
    return texto(after, after.holder.worker_id if after.holder else None)


def _cycle(outcome: Outcome, operacion: Operacion) -> int | None:
    return outcome.change.after.ciclo if operacion is Operacion.REPARACION else None


def _held(outcome: Outcome, tag: str, operacion: Operacion) -> dict[str, Any]:
    """The fields every occupation answer shares."""
    return {
        "success": True,
        "tag_spool": tag,
        "message": outcome.change.message,
        "estado_detalle": _detalle(outcome),
        "estado_texto": _texto(outcome),
        "operacion": operacion.value,
        "cycle": _cycle(outcome, operacion),
    }


def tomar_out(outcome: Outcome, tag: str, operacion: Operacion, tz: ZoneInfo) -> r.TomarResponse:
    holder = outcome.change.after.holder
    expires = in_tz(holder.lease_expires_at if holder else None, tz)
    # A TOMAR that wrote no audit event is the holder's own: it renewed the hold.
    renovada = not outcome.change.events
    return r.TomarResponse(
        **_held(outcome, tag, operacion), lease_expires_at=expires, renovada=renovada
    )


def _recorded(outcome: Outcome) -> dict[str, Any]:
    """The unions the action recorded and their PD, as its audit event says (CONTRACT §2.9);
    nothing for a spool without unions."""
    events = outcome.change.events
    metadata = events[-1].metadata if events else {}
    return {"uniones": metadata.get("uniones"), "pd": metadata.get("pd")}


def pausar_out(outcome: Outcome, tag: str, operacion: Operacion) -> r.OccupationResponse:
    return r.OccupationResponse(**_held(outcome, tag, operacion), **_recorded(outcome))


def completar_out(
    outcome: Outcome, tag: str, operacion: Operacion, resultado: Resultado | None
) -> r.CompletarResponse:
    inspected = operacion is Operacion.METROLOGIA
    return r.CompletarResponse(
        **_held(outcome, tag, operacion),
        **_recorded(outcome),
        resultado=resultado.value if inspected and resultado else None,
        ciclo=outcome.change.after.ciclo if inspected else None,
    )


def batch_out(items: list[BatchItem], tz: ZoneInfo) -> r.BatchResponse:
    details = [
        r.BatchDetail(
            success=True,
            tag_spool=item.tag_spool,
            message=item.outcome.change.message,
            estado_detalle=_detalle(item.outcome),
            estado_texto=_texto(item.outcome),
        )
        if item.outcome
        else r.BatchDetail(
            success=False,
            tag_spool=item.tag_spool,
            message=item.error.message_in(tz) if item.error else "",
            error=item.error.code if item.error else None,
        )
        for item in items
    ]
    ok = sum(1 for d in details if d.success)
    return r.BatchResponse(
        total=len(details), succeeded=ok, failed=len(details) - ok, details=details
    )


def renovar_out(items: list[BatchItem], tz: ZoneInfo) -> r.RenovarResponse:
    details = [_renewal(item, tz) for item in items]
    ok = sum(1 for d in details if d.success)
    return r.RenovarResponse(
        total=len(details), succeeded=ok, failed=len(details) - ok, details=details
    )


def _renewal(item: BatchItem, tz: ZoneInfo) -> r.RenovarDetail:
    if item.outcome is not None:
        holder = item.outcome.change.after.holder
        return r.RenovarDetail(
            success=True,
            tag_spool=item.tag_spool,
            message=item.outcome.change.message,
            estado_detalle=_detalle(item.outcome),
            operacion=holder.operacion.value if holder else None,
            lease_expires_at=in_tz(holder.lease_expires_at if holder else None, tz),
        )
    error = item.error
    assert error is not None
    data = error.data
    return r.RenovarDetail(
        success=False,
        tag_spool=item.tag_spool,
        message=error.message_in(tz),
        error=error.code,
        operacion=data.get("operacion"),
        vencida_at=in_tz(data.get("vencida_at"), tz),
        retomable=bool(data.get("retomable", False)),
    )


def metrologia_out(outcome: Outcome, tag: str, resultado: Resultado) -> r.MetrologiaResponse:
    return r.MetrologiaResponse(
        success=True,
        tag_spool=tag,
        resultado=resultado.value,
        estado_detalle=_detalle(outcome),
        message=outcome.change.message,
        ciclo=outcome.change.after.ciclo,
    )


def reparacion_out(outcome: Outcome, tag: str) -> r.ReparacionResponse:
    return r.ReparacionResponse(
        success=True,
        message=outcome.change.message,
        tag_spool=tag,
        estado_detalle=_detalle(outcome),
        cycle=outcome.change.after.ciclo,
    )


def supervisor_out(outcome: Outcome, tag: str) -> r.SupervisorResponse:
    return r.SupervisorResponse(
        success=True,
        tag_spool=tag,
        message=outcome.change.message,
        estado_detalle=_detalle(outcome),
        estado_texto=_texto(outcome),
    )


def admin_spool_out(tag: str, created: bool) -> r.AdminSpoolResponse:
    return r.AdminSpoolResponse(success=True, tag_spool=tag, created=created)


def admin_worker_out(worker: Worker, created: bool) -> r.AdminWorkerResponse:
    return r.AdminWorkerResponse(
        success=True, worker_id=worker.id, created=created, nombre_completo=worker.nombre_completo
    )
