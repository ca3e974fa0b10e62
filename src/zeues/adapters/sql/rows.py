"""Mapping between table rows and domain objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import RowMapping

from zeues.domain.model import (
    AuditEvent,
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
    Lapse,
    Occupation,
    Operacion,
    Rol,
    Spool,
    Worker,
)


def spool_from_row(row: Mapping[Any, Any]) -> Spool:
    holder = None
    if row["ocupado_por_id"] is not None:
        holder = Occupation(
            worker_id=row["ocupado_por_id"],
            worker_nombre=row["ocupado_por"],
            operacion=Operacion(row["operacion_actual"]),
            since=row["fecha_ocupacion"],
            lease_expires_at=row["lease_expires_at"],
        )
    rep = row["reparacion_estado"]
    lapsed = None
    if row["lapsed_worker_id"] is not None:
        lapsed = Lapse(
            row["lapsed_worker_id"], Operacion(row["lapsed_operacion"]), row["lapsed_at"]
        )
    return Spool(
        tag_spool=row["tag_spool"],
        nv=row["nv"],
        ot=row["ot"],
        proyecto=row["proyecto"],
        fecha_materiales=row["fecha_materiales"],
        fecha_armado=row["fecha_armado"],
        fecha_soldadura=row["fecha_soldadura"],
        fecha_qc_metrologia=row["fecha_qc_metrologia"],
        fecha_rechazo=row["fecha_rechazo"],
        armador=row["armador"],
        soldador=row["soldador"],
        arm=EstadoOp(row["arm_estado"]),
        sold=EstadoOp(row["sold_estado"]),
        metrologia=EstadoMetrologia(row["metrologia_estado"]),
        reparacion=EstadoReparacion(rep) if rep else None,
        ciclo=row["ciclo"],
        bloqueado=row["bloqueado"],
        holder=holder,
        version=row["version"],
        lapsed=lapsed,
    )


def spool_values(spool: Spool) -> dict[str, Any]:
    holder, lapsed = spool.holder, spool.lapsed
    return {
        "tag_spool": spool.tag_spool,
        "nv": spool.nv,
        "ot": spool.ot,
        "proyecto": spool.proyecto,
        "fecha_materiales": spool.fecha_materiales,
        "fecha_armado": spool.fecha_armado,
        "fecha_soldadura": spool.fecha_soldadura,
        "fecha_qc_metrologia": spool.fecha_qc_metrologia,
        "fecha_rechazo": spool.fecha_rechazo,
        "armador": spool.armador,
        "soldador": spool.soldador,
        "arm_estado": spool.arm.value,
        "sold_estado": spool.sold.value,
        "metrologia_estado": spool.metrologia.value,
        "reparacion_estado": spool.reparacion.value if spool.reparacion else None,
        "ciclo": spool.ciclo,
        "bloqueado": spool.bloqueado,
        "ocupado_por_id": holder.worker_id if holder else None,
        "ocupado_por": holder.worker_nombre if holder else None,
        "operacion_actual": holder.operacion.value if holder else None,
        "fecha_ocupacion": holder.since if holder else None,
        "lease_expires_at": holder.lease_expires_at if holder else None,
        "version": spool.version,
        "lapsed_worker_id": lapsed.worker_id if lapsed else None,
        "lapsed_operacion": lapsed.operacion.value if lapsed else None,
        "lapsed_at": lapsed.at if lapsed else None,
    }


def worker_from_row(row: Mapping[Any, Any]) -> Worker:
    return Worker(
        id=row["id"],
        nombre=row["nombre"],
        apellido=row["apellido"],
        roles=tuple(Rol(r) for r in row["roles"]),
        activo=row["activo"],
    )


def event_from_row(row: RowMapping) -> AuditEvent:
    op = row["operacion"]
    return AuditEvent(
        id=row["id"],
        evento_tipo=EventoTipo(row["evento_tipo"]),
        tag_spool=row["tag_spool"],
        worker_id=row["worker_id"],
        worker_nombre=row["worker_nombre"],
        operacion=Operacion(op) if op else None,
        accion=row["accion"],
        timestamp=row["timestamp"],
        fecha_operacion=row["fecha_operacion"],
        metadata=row["metadata"],
    )
