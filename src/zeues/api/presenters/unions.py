"""Unions and a worker's day as the API shows them (CONTRACT §2.9)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from zeues.api.models import unions as m
from zeues.domain import unions as u
from zeues.domain.model import Operacion
from zeues.domain.notes import Note
from zeues.services.unions import PdRow, Rechazo, Registro, SpoolUnions


def _work(work: u.UnionWork | None, tz: ZoneInfo) -> m.UnionWorkOut | None:
    if work is None:
        return None
    return m.UnionWorkOut(
        worker_id=work.worker_id,
        worker=work.worker,
        fecha_inicio=work.fecha_inicio.astimezone(tz) if work.fecha_inicio else None,
        fecha_fin=work.fecha_fin.astimezone(tz),
    )


def resumen_out(resumen: u.Resumen) -> m.ResumenOut:
    return m.ResumenOut(
        total=resumen.total,
        arm_hechas=resumen.arm_hechas,
        sold_requeridas=resumen.sold_requeridas,
        sold_hechas=resumen.sold_hechas,
        pd_arm=resumen.pd_arm,
        pd_sold=resumen.pd_sold,
        texto=resumen.texto(),
    )


def uniones_out(found: SpoolUnions, tz: ZoneInfo) -> m.UnionesResponse:
    tipos = found.tipos_sold
    return m.UnionesResponse(
        tag_spool=found.tag_spool,
        uniones=[
            m.UnionOut(
                n_union=row.n_union,
                dn_union=row.dn_union,
                tipo_union=row.tipo_union,
                requiere_sold=row.requiere_sold(tipos),
                arm=_work(row.arm, tz),
                sold=_work(row.sold, tz),
                ndt_union=row.ndt_union,
                r_ndt_union=row.r_ndt_union,
                ndt_fecha=row.ndt_fecha.isoformat() if row.ndt_fecha else None,
                ndt_status=row.ndt_status,
            )
            for row in found.rows
        ],
        resumen=resumen_out(found.resumen),
        abiertas={
            op.value: [x.n_union for x in u.open_for(found.rows, op, tipos)] for op in u.UNION_OPS
        },
        rechazo=_rechazo(found.rechazo, tz),
    )


def _rechazo(found: Rechazo | None, tz: ZoneInfo) -> m.RechazoOut | None:
    if found is None:
        return None
    return m.RechazoOut(
        ciclo=found.ciclo,
        fecha=found.fecha.astimezone(tz),
        worker=found.worker,
        defecto=found.defecto,
        uniones=found.uniones,
    )


def registro_out(found: Registro, tz: ZoneInfo) -> m.RegistroResponse:
    return m.RegistroResponse(
        worker_id=found.worker.id,
        worker=found.worker.nombre_completo,
        fecha=found.fecha.isoformat(),
        uniones=[
            m.RegistroUnion(
                tag_spool=d.union.tag_spool,
                n_union=d.union.n_union,
                dn_union=d.union.dn_union,
                tipo_union=d.union.tipo_union,
                operacion=d.operacion.value,
                fecha_inicio=d.work.fecha_inicio.astimezone(tz) if d.work.fecha_inicio else None,
                fecha_fin=d.work.fecha_fin.astimezone(tz),
            )
            for d in found.items
        ],
        pd_arm=found.pd(Operacion.ARM),
        pd_sold=found.pd(Operacion.SOLD),
        pd_total=found.pd(),
    )


def pd_out(rows: list[PdRow], first: date, last: date) -> m.PdResponse:
    per: dict[tuple[int | None, str | None], dict[str, int]] = {}
    for row in rows:
        found = per.setdefault((row.worker_id, row.worker), {"ARM": 0, "SOLD": 0, "n": 0})
        found[row.operacion.value] += row.decimas
        found["n"] += row.uniones
    workers = [
        m.PdTrabajador(
            worker_id=worker_id, worker=worker, uniones=t["n"], pd_arm=u.pd(t["ARM"]),
            pd_sold=u.pd(t["SOLD"]), pd_total=u.pd(t["ARM"] + t["SOLD"]),
        )
        for (worker_id, worker), t in per.items()
    ]  # fmt: skip
    workers.sort(key=lambda w: (-w.pd_total, w.worker_id or 0))
    arm = sum(r.decimas for r in rows if r.operacion is Operacion.ARM)
    sold = sum(r.decimas for r in rows if r.operacion is Operacion.SOLD)
    return m.PdResponse(
        desde=first.isoformat(),
        hasta=last.isoformat(),
        filas=[
            m.PdFila(
                fecha=r.fecha.isoformat(),
                worker_id=r.worker_id,
                worker=r.worker,
                operacion=r.operacion.value,
                uniones=r.uniones,
                pd=r.pd,
            )
            for r in rows
        ],
        trabajadores=workers,
        pd_arm=u.pd(arm),
        pd_sold=u.pd(sold),
        pd_total=u.pd(arm + sold),
    )


def nota_out(note: Note, tz: ZoneInfo) -> m.NotaOut:
    assert note.id is not None, "a stored note"
    return m.NotaOut(
        id=note.id,
        tag_spool=note.tag_spool,
        texto=note.texto,
        autor=note.autor,
        worker_id=note.worker_id,
        timestamp=note.timestamp.astimezone(tz),
    )
