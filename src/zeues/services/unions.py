"""Reads of unions: a spool's unions with its derived summary, and a worker's day (Mi registro)
in pulgadas-diámetro (CONTRACT §2.9). A union counts for the worker who finished it on the
business date (shop timezone) of its finish time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from zeues.domain import unions as u
from zeues.domain.model import AuditEvent, EstadoMetrologia, EventoTipo, Operacion, Spool, Worker
from zeues.services.not_found import spool_not_found, worker_not_found
from zeues.services.ports import ReadModel
from zeues.services.production import Day, day_bounds


@dataclass(frozen=True)
class Rechazo:
    """The pending rejection of a spool, as its inspection recorded it (CONTRACT §2.9)."""

    ciclo: int
    fecha: datetime
    worker: str | None
    defecto: str | None
    uniones: list[int]


@dataclass(frozen=True)
class SpoolUnions:
    tag_spool: str
    rows: list[u.Union]
    resumen: u.Resumen
    tipos_sold: frozenset[str]
    rechazo: Rechazo | None = None


def spool_unions(read: ReadModel, tag: str, tipos_sold: frozenset[str]) -> SpoolUnions:
    spool = read.spool(tag)
    if spool is None:
        raise spool_not_found(tag)
    rows = read.unions(tag)
    found = None
    if spool.metrologia is EstadoMetrologia.RECHAZADO:
        found = _rechazo(read.spool_events(tag))
    return SpoolUnions(tag, rows, u.resumen(rows, tipos_sold), tipos_sold, found)


def _rechazo(events: list[AuditEvent]) -> Rechazo | None:
    """The last inspection, when it rejected the spool (the repair pending now)."""
    for event in reversed(events):
        if event.evento_tipo is EventoTipo.COMPLETAR_METROLOGIA:
            return rechazo_of(event)
    return None


def rechazo_of(event: AuditEvent) -> Rechazo | None:
    """What an inspection said for the repair crew, when it rejected the spool."""
    if event.metadata.get("resultado") != "RECHAZADO":
        return None
    said = event.metadata.get("rechazo") or {}
    return Rechazo(
        ciclo=int(event.metadata.get("ciclo") or 0),
        fecha=event.timestamp,
        worker=event.worker_nombre,
        defecto=said.get("defecto"),
        uniones=list(said.get("uniones") or []),
    )


def pending_rechazos(read: ReadModel, spools: Iterable[Spool]) -> dict[str, Rechazo]:
    """The rejection each of these spools waits to have repaired (one query, only for the
    spools rejected now: usually none or a few)."""
    waiting = [s.tag_spool for s in spools if s.metrologia is EstadoMetrologia.RECHAZADO]
    if not waiting:
        return {}
    found = {t: rechazo_of(e) for t, e in read.last_inspections(waiting).items()}
    return {t: r for t, r in found.items() if r is not None}


@dataclass(frozen=True)
class Done:
    """One union operation a worker finished."""

    union: u.Union
    operacion: Operacion
    work: u.UnionWork


@dataclass(frozen=True)
class Registro:
    worker: Worker
    fecha: date
    items: list[Done]

    def pd(self, operacion: Operacion | None = None) -> float:
        return u.pd(sum(d.union.dn_decimas for d in self.items if operacion in (None, d.operacion)))


def finished_in(rows: list[u.Union], worker_id: int | None, day: Day) -> list[Done]:
    """Each union operation finished within the day (by this worker, when given), by finish
    time."""
    found = []
    for union in rows:
        for op in u.UNION_OPS:
            work = union.work(op)
            if work is None or not day.start <= work.fecha_fin < day.end:
                continue
            if worker_id is None or work.worker_id == worker_id:
                found.append(Done(union, op, work))
    return sorted(found, key=lambda d: (d.work.fecha_fin, d.union.tag_spool, d.union.n_union))


def registro(read: ReadModel, worker_id: int, day: Day) -> Registro:
    """Any known worker's day, inactive ones too (their work stays theirs)."""
    worker = read.worker(worker_id)
    if worker is None:
        raise worker_not_found(worker_id)
    rows = read.unions_finished(worker_id, day.start, day.end)
    return Registro(worker, day.fecha, finished_in(rows, worker_id, day))


@dataclass(frozen=True)
class PdRow:
    """PD one worker finished in one operation on one business day."""

    fecha: date
    worker_id: int | None
    worker: str | None
    operacion: Operacion
    uniones: int
    decimas: int

    @property
    def pd(self) -> float:
        return u.pd(self.decimas)


def pd_por_dia(read: ReadModel, first: date, last: date, tz: ZoneInfo) -> list[PdRow]:
    """PD per business day, worker and operation over [first, last] (the supervisor's day and
    week, and `zeues export pd`): each union counted on the business date of its finish."""
    start, end = day_bounds(first, tz).start, day_bounds(last, tz).end
    whole = Day(first, start, end)
    groups: dict[tuple[date, int | None, str | None, Operacion], list[int]] = {}
    for done in finished_in(read.unions_finished(None, start, end), None, whole):
        fecha = done.work.fecha_fin.astimezone(tz).date()
        key = (fecha, done.work.worker_id, done.work.worker, done.operacion)
        groups.setdefault(key, []).append(done.union.dn_decimas)
    return [
        PdRow(fecha, worker_id, worker, op, len(sizes), sum(sizes))
        for (fecha, worker_id, worker, op), sizes in sorted(
            groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0, kv[0][3].value)
        )
    ]
