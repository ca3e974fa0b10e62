"""Spools and the spool listings the tablets read (CONTRACT §2.4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from zeues.api.models import responses as r
from zeues.api.presenters.times import in_tz
from zeues.domain.estado import detalle, detalle_at, effective, texto
from zeues.domain.model import Spool


def spool_out(spool: Spool, now: datetime, tz: ZoneInfo) -> r.SpoolOut:
    view, _ = effective(spool, now)
    holder = view.holder
    return r.SpoolOut(
        tag_spool=view.tag_spool,
        nv=view.nv,
        ot=view.ot,
        proyecto=view.proyecto,
        fecha_materiales=view.fecha_materiales,
        fecha_armado=view.fecha_armado,
        fecha_soldadura=view.fecha_soldadura,
        fecha_qc_metrologia=view.fecha_qc_metrologia,
        armador=view.armador,
        soldador=view.soldador,
        ocupado_por=holder.worker_nombre if holder else None,
        ocupado_por_id=holder.worker_id if holder else None,
        operacion_actual=holder.operacion.value if holder else None,
        fecha_ocupacion=in_tz(holder.since, tz) if holder else None,
        lease_expires_at=in_tz(holder.lease_expires_at, tz) if holder else None,
        version=view.version,
        estado_detalle=detalle(view),
        estado_texto=texto(view),
        estado=r.EstadoOut(
            arm=view.arm.value,
            sold=view.sold.value,
            metrologia=view.metrologia.value,
            reparacion=view.reparacion.value if view.reparacion else None,
            ciclo=view.ciclo,
            bloqueado=view.bloqueado,
        ),
    )


def filtro(**parts: object) -> str:
    """The filters a listing applied, as the `filtro_aplicado` text."""
    shown = [f"{k}={v}" for k, v in parts.items() if v not in (None, "")]
    return ", ".join(shown) or "sin filtro"


def spool_list(
    found: Sequence[Spool],
    total: int,
    now: datetime,
    tz: ZoneInfo,
    filtro_aplicado: str,
    limit: int,
    offset: int,
) -> r.SpoolList:
    return r.SpoolList(
        spools=[spool_out(s, now, tz) for s in found],
        total=total,
        filtro_aplicado=filtro_aplicado,
        limit=limit,
        offset=offset,
    )


def reparacion_list(
    found: Sequence[Spool], total: int, bloqueados: int, now: datetime, filtro_aplicado: str
) -> r.ReparacionList:
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
        filtro_aplicado=filtro_aplicado,
    )
