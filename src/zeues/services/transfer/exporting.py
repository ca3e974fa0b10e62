"""Exports as tables: spools (the Operaciones columns, then the extra columns an import
kept; it imports back unchanged), events (the Metadata sheet's column order, so existing
reports keep working) and workers (Trabajadores)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime, tzinfo

from zeues.domain.estado import detalle_at
from zeues.domain.model import AuditEvent
from zeues.domain.transfer.headers import SPOOL_ALIASES, SPOOL_HEADERS, WORKER_HEADERS, is_known
from zeues.domain.transfer.note_cells import export_cell
from zeues.domain.transfer.union_rows import UNION_HEADERS
from zeues.domain.unions import UnionWork, pd
from zeues.services.transfer.ports import ExportSource

EVENT_HEADER = (
    "ID",
    "Timestamp",
    "Evento_Tipo",
    "TAG_SPOOL",
    "Worker_ID",
    "Worker_Nombre",
    "Operacion",
    "Accion",
    "Fecha_Operacion",
    "Metadata_JSON",
)
_DATETIME = "%d-%m-%Y %H:%M:%S"  # how the v3.0 Metadata sheet wrote times

Table = tuple[str, list[str], Iterator[Sequence[object]]]


def spools_table(source: ExportSource, tz: tzinfo, now: datetime) -> Table:
    # An extra column kept before it became one of ours (a `Notas` imported as extra) is not
    # written twice: the file would not import back.
    extra = [h for h in source.extra_headers() if not is_known(h, SPOOL_HEADERS, SPOOL_ALIASES)]
    header = [*SPOOL_HEADERS.values(), *extra]
    totals = source.union_totals()
    notes = source.notes_by_tag()

    def rows() -> Iterator[Sequence[object]]:
        for spool, stored in source.spools():
            holder = spool.holder
            count, armed, welded = totals.get(spool.tag_spool, (0, 0, 0))
            yield [
                spool.tag_spool,
                spool.nv,
                spool.ot,
                spool.proyecto,
                spool.fecha_materiales,
                spool.armador,
                spool.fecha_armado,
                spool.soldador,
                spool.fecha_soldadura,
                spool.fecha_qc_metrologia,
                holder.worker_nombre if holder else None,
                holder.since.astimezone(tz).strftime(_DATETIME) if holder else None,
                detalle_at(spool, now),
                count,
                pd(armed),
                pd(welded),
                export_cell(notes.get(spool.tag_spool, []), tz),
                *[stored.get(name) for name in extra],
            ]

    return "Operaciones", header, rows()


def event_row(event: AuditEvent, tz: tzinfo) -> list[object]:
    """One audit event in the Metadata sheet's column order (EVENT_HEADER)."""
    return [
        event.id,
        event.timestamp.astimezone(tz).strftime(_DATETIME),
        event.evento_tipo.value,
        event.tag_spool,
        event.worker_id,
        event.worker_nombre,
        event.operacion.value if event.operacion else None,
        event.accion,
        event.fecha_operacion,
        json.dumps(event.metadata, ensure_ascii=False, default=str),
    ]


def events_table(source: ExportSource, tz: tzinfo) -> Table:
    def rows() -> Iterator[Sequence[object]]:
        for event in source.events():
            yield event_row(event, tz)

    return "Metadata", list(EVENT_HEADER), rows()


def workers_table(source: ExportSource) -> Table:
    def rows() -> Iterator[Sequence[object]]:
        for worker in source.workers():
            roles = ", ".join(r.value for r in worker.roles)
            yield [
                worker.id,
                worker.nombre,
                worker.apellido,
                roles,
                "SI" if worker.activo else "NO",
            ]

    return "Trabajadores", list(WORKER_HEADERS.values()), rows()


def _time(moment: datetime | None, tz: tzinfo) -> str | None:
    return moment.astimezone(tz).strftime(_DATETIME) if moment else None


def _work(work: UnionWork | None, tz: tzinfo) -> list[object]:
    if work is None:
        return [None, None, None]
    return [_time(work.fecha_inicio, tz), _time(work.fecha_fin, tz), work.worker]


def unions_table(source: ExportSource, tz: tzinfo) -> Table:
    """The Uniones sheet's columns; it imports back unchanged."""

    def rows() -> Iterator[Sequence[object]]:
        for union in source.unions():
            yield [
                union.id_externo,
                None,  # OT: the spool's, not the union's
                union.n_union,
                union.tag_spool,
                union.dn_union,
                union.tipo_union,
                *_work(union.arm, tz),
                *_work(union.sold, tz),
                union.ndt_union,
                union.r_ndt_union,
                union.ndt_fecha,
                union.ndt_status,
            ]

    return "Uniones", list(UNION_HEADERS.values()), rows()
