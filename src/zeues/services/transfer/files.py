"""Imports and exports on files: the one place the CLI and the API share for spreadsheets.
They get what they need as one `Transfer` (ports, clock, the shop's settings), never the
process's whole container."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from zeues.domain.unions import DEFAULT_TIPOS_SOLD
from zeues.services.ports import Clock, EventBus, ReadModel
from zeues.services.transfer import exporting
from zeues.services.transfer.importing import (
    ImportPlan,
    ImportRequest,
    Progress,
    plan_spools,
    plan_workers,
    run,
)
from zeues.services.transfer.ports import (
    ExportSource,
    Format,
    ImportStore,
    OpenBook,
    WriteTable,
)
from zeues.services.transfer.report import ImportReport, Via
from zeues.services.transfer.union_import import plan_unions
from zeues.services.unions import PdRow, pd_por_dia

Kind = Literal["spools", "workers", "uniones"]
ExportKind = Literal["spools", "events", "workers", "uniones", "pd"]
ERROR_HEADER = ["Fila", "Clave", "Columna", "Valor", "Motivo"]


@dataclass(frozen=True)
class Transfer:
    """What imports and exports need from the process."""

    import_store: ImportStore
    export_source: ExportSource
    open_book: OpenBook
    write_table: WriteTable
    bus: EventBus
    clock: Clock
    tz: tzinfo
    lease_ttl_seconds: int
    tipos_sold: frozenset[str] = DEFAULT_TIPOS_SOLD  # union types that need SOLD

    def today(self) -> date:
        return self.clock().astimezone(self.tz).date()

    @property
    def zone(self) -> ZoneInfo:
        assert isinstance(self.tz, ZoneInfo), "the shop's timezone is a ZoneInfo"
        return self.tz


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def run_import(c: Transfer, path: Path, kind: Kind, **options: Any) -> ImportReport:
    """The CLI's import (`options` as for plan_import): planned, then written in a transaction
    of its own."""
    return run(c.import_store, c.bus, plan_import(c, path, kind, **options))


def plan_import(
    c: Transfer,
    path: Path,
    kind: Kind,
    *,
    file_name: str | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    with_occupation: bool = False,
    progress: Progress | None = None,
    via: Via = "cli",
) -> ImportPlan:
    """The file read and checked, outside any transaction (`importing.apply` writes it)."""
    request = ImportRequest(
        kind=kind,
        file_name=file_name or path.name,
        sha256=sha256_of(path),
        sheet=sheet,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        with_occupation=with_occupation,
        via=via,
    )
    now = c.clock()
    with c.open_book(path, request.file_name) as book:
        if kind == "workers":
            return plan_workers(book, request, now, progress)
        if kind == "uniones":
            return plan_unions(book, request, now, c.tz, c.tipos_sold, progress)
        return plan_spools(book, request, now, c.today(), c.lease_ttl_seconds, progress)


def write_error_report(write_table: WriteTable, report: ImportReport, beside: Path) -> list[Path]:
    """`<file>.errores.csv` and `.xlsx` next to the imported file: one line per problem."""
    rows = [[r.row, r.key, e.column, e.value, e.reason] for r, e in report.problems()]
    written = []
    formats: tuple[Format, ...] = ("csv", "xlsx")
    for fmt in formats:
        target = beside.with_name(f"{beside.stem}.errores.{fmt}")
        write_table(target, fmt, "Errores", ERROR_HEADER, rows)
        written.append(target)
    return written


PD_HEADER = ["Fecha", "Worker_ID", "Trabajador", "Operacion", "Uniones", "PD"]
PD_DAYS = 7  # `zeues export pd` without dates: the last week


def pd_table(
    rows: list[PdRow],
) -> tuple[str, list[str], list[list[object]]]:
    """PD per worker per day and operation (issue 21): the pay sheet's rows."""
    return (
        "PD",
        PD_HEADER,
        [[r.fecha, r.worker_id, r.worker, r.operacion.value, r.uniones, r.pd] for r in rows],
    )


def run_export(
    c: Transfer,
    what: ExportKind,
    fmt: Format,
    out: Path,
    read: ReadModel | None = None,
    desde: date | None = None,
    hasta: date | None = None,
) -> int:
    """`read`, `desde` and `hasta` only for `pd` (default: the last PD_DAYS days)."""
    source = c.export_source
    tz = c.tz
    if what == "pd":
        assert read is not None, "pd reads the unions"
        last = hasta or c.today()
        first = desde or last - timedelta(days=PD_DAYS - 1)
        sheet, header, table = pd_table(pd_por_dia(read, first, last, c.zone))
        return c.write_table(out, fmt, sheet, header, table)
    if what == "spools":
        sheet, header, rows = exporting.spools_table(source, tz, c.clock())
    elif what == "uniones":
        sheet, header, rows = exporting.unions_table(source, tz)
    elif what == "events":
        sheet, header, rows = exporting.events_table(source, tz)
    else:
        sheet, header, rows = exporting.workers_table(source)
    return c.write_table(out, fmt, sheet, header, rows)
