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
from zeues.domain.notes import Note
from zeues.domain.unions import Union, UnionWork


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


def _union_work(row: Mapping[Any, Any], prefix: str) -> UnionWork | None:
    fin = row[f"{prefix}_fecha_fin"]
    if fin is None:
        return None
    return UnionWork(
        row[f"{prefix}_worker_id"], row[f"{prefix}_worker"], row[f"{prefix}_fecha_inicio"], fin
    )


def union_from_row(row: Mapping[Any, Any]) -> Union:
    return Union(
        tag_spool=row["tag_spool"],
        n_union=row["n_union"],
        dn_decimas=row["dn_decimas"],
        tipo_union=row["tipo_union"],
        arm=_union_work(row, "arm"),
        sold=_union_work(row, "sold"),
        ndt_union=row["ndt_union"],
        r_ndt_union=row["r_ndt_union"],
        ndt_fecha=row["ndt_fecha"],
        ndt_status=row["ndt_status"],
        id_externo=row["id_externo"],
    )


def union_values(union: Union) -> dict[str, Any]:
    values: dict[str, Any] = {
        "tag_spool": union.tag_spool,
        "n_union": union.n_union,
        "dn_decimas": union.dn_decimas,
        "tipo_union": union.tipo_union,
        "id_externo": union.id_externo,
        "ndt_union": union.ndt_union,
        "r_ndt_union": union.r_ndt_union,
        "ndt_fecha": union.ndt_fecha,
        "ndt_status": union.ndt_status,
    }
    for prefix, work in (("arm", union.arm), ("sold", union.sold)):
        values[f"{prefix}_worker_id"] = work.worker_id if work else None
        values[f"{prefix}_worker"] = work.worker if work else None
        values[f"{prefix}_fecha_inicio"] = work.fecha_inicio if work else None
        values[f"{prefix}_fecha_fin"] = work.fecha_fin if work else None
    return values


def note_from_row(row: Mapping[Any, Any]) -> Note:
    return Note(
        row["tag_spool"],
        row["timestamp"],
        row["texto"],
        row["autor"],
        row["worker_id"],
        id=row["id"],
    )


def note_values(note: Note) -> dict[str, Any]:
    return {
        "tag_spool": note.tag_spool,
        "timestamp": note.timestamp,
        "texto": note.texto,
        "autor": note.autor,
        "worker_id": note.worker_id,
    }
