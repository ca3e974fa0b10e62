"""`zeues import spools|workers|uniones FILE` and `zeues export spools|events|workers|uniones`
(issues 11, 21).
Registered by the `zeues` app (cli/__init__.py); the work is in services/transfer/."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from zeues.cli.common import announce_database, console, load_settings, open_database
from zeues.cli.spanish import existing_file
from zeues.domain.errors import ArchivoNoValido
from zeues.services.transfer.files import Kind, run_export, run_import, write_error_report
from zeues.services.transfer.ports import Format, WriteTable
from zeues.services.transfer.report import ImportReport

import_app = typer.Typer(help="Importa planillas (xlsx o csv).", no_args_is_help=True)
export_app = typer.Typer(help="Exporta a csv o xlsx.", no_args_is_help=True)
SHOWN_ERRORS = 50
SHOWN_NEW = 20

FileArg = Annotated[
    Path,
    typer.Argument(
        metavar="ARCHIVO", help="Planilla xlsx o csv.", callback=existing_file, show_default=False
    ),
]
SheetOpt = Annotated[str | None, typer.Option("--sheet", help="Hoja del libro a leer.")]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Calcula qué cambiaría, fila por fila, sin guardar.")
]
SkipOpt = Annotated[
    bool,
    typer.Option(
        "--skip-invalid",
        help="Importa las filas válidas y deja el informe de errores junto al archivo.",
    ),
]


def _import(
    path: Path, kind: Kind, sheet: str | None, dry_run: bool, skip: bool, occupation: bool = False
) -> None:
    settings = load_settings()
    announce_database(settings)
    c = open_database(settings)
    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(f"Importando {path.name}", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            report = run_import(
                c.transfer(),
                path,
                kind,
                sheet=sheet,
                dry_run=dry_run,
                skip_invalid=skip,
                with_occupation=occupation,
                progress=progress,
            )
    except ArchivoNoValido as exc:
        console.print(f"[red]Archivo no válido:[/red] {exc.message}")
        raise typer.Exit(2) from exc
    finally:
        c.close()
    _show(report, path, c.write_table)
    if report.invalid and not skip:
        raise typer.Exit(1)


def _show(report: ImportReport, path: Path, write_table: WriteTable) -> None:
    counts = report.counts()
    sheet = "" if report.sheet == path.name else f" (hoja {report.sheet})"
    table = Table(title=f"{'Revisión' if report.dry_run else 'Importación'}: {path.name}{sheet}")
    columns = ("filas", "nuevas", "actualizadas", "sin cambios", "no válidas", "omitidas")
    for name in (*columns, "en blanco"):
        table.add_column(name, justify="right")
    keys = ("rows", "new", "updated", "unchanged", "invalid", "skipped", "blank")
    table.add_row(*(str(counts[k]) for k in keys))
    console.print(table)
    if report.title_rows:
        above = (
            "la fila de arriba se leyó"
            if report.title_rows == 1
            else f"las {report.title_rows} filas de arriba se leyeron"
        )
        console.print(f"Encabezados en la fila {report.header_row}; {above} como título.")
    if report.extra_columns:
        console.print(
            f"Columnas adicionales guardadas con el spool: {', '.join(report.extra_columns)}"
        )
    if report.ignored_columns:
        console.print(f"Columnas leídas pero no importadas: {', '.join(report.ignored_columns)}")
    _list("Nuevos" if report.dry_run else "Creados", report.keys("new"))
    for row in (r for r in report.rows if r.outcome == "skipped"):
        console.print(
            f"  fila {row.row} «{row.key}»: {row.reason}", highlight=False, soft_wrap=True
        )
    problems = list(report.problems())
    for row, error in problems[:SHOWN_ERRORS]:
        console.print(f"  fila {row.row} · {error.column} = «{error.value}»: {error.reason}")
    if len(problems) > SHOWN_ERRORS:
        console.print(f"  … y {len(problems) - SHOWN_ERRORS} más (ver el informe de errores)")
    if problems:
        written = write_error_report(write_table, report, path)
        console.print("Informe de errores: " + ", ".join(str(p) for p in written))
    color = "green" if report.applied or (report.dry_run and not problems) else "yellow"
    console.print(f"[{color}]{report.message}[/{color}]")


def _list(title: str, keys: list[str]) -> None:
    """The first new rows by key, and how many in all (a review shows what will be created)."""
    if not keys:
        return
    more = f", … y {len(keys) - SHOWN_NEW} más" if len(keys) > SHOWN_NEW else ""
    listed = f"{title} ({len(keys)}): {', '.join(keys[:SHOWN_NEW])}{more}"
    console.print(listed, highlight=False, soft_wrap=True)


@import_app.command("spools")
def import_spools_cmd(
    file: FileArg,
    sheet: SheetOpt = None,
    dry_run: DryRunOpt = False,
    skip_invalid: SkipOpt = False,
    import_occupation: Annotated[
        bool,
        typer.Option(
            "--import-occupation",
            help="Importa Ocupado_Por como ocupación en curso (por defecto se ignora).",
        ),
    ] = False,
) -> None:
    """Importa spools (hoja Operaciones, o la primera)."""
    _import(file, "spools", sheet, dry_run, skip_invalid, import_occupation)


@import_app.command("workers")
def import_workers_cmd(
    file: FileArg,
    sheet: SheetOpt = None,
    dry_run: DryRunOpt = False,
    skip_invalid: SkipOpt = False,
) -> None:
    """Importa trabajadores (hoja Trabajadores y, si existe, Roles)."""
    _import(file, "workers", sheet, dry_run, skip_invalid)


@import_app.command("uniones")
def import_unions_cmd(
    file: FileArg,
    sheet: SheetOpt = None,
    dry_run: DryRunOpt = False,
    skip_invalid: SkipOpt = False,
) -> None:
    """Importa uniones (hoja Uniones: una fila por unión; trabajadores como MR(93)). Importe
    antes los spools y los trabajadores."""
    _import(file, "uniones", sheet, dry_run, skip_invalid)


def _export(what: Literal["spools", "events", "workers", "uniones"], fmt: str, out: Path) -> None:
    settings = load_settings()
    announce_database(settings)
    c = open_database(settings)
    try:
        count = run_export(c.transfer(), what, "xlsx" if fmt == "xlsx" else "csv", out)
    except OSError as exc:
        console.print(f"[red]No se pudo escribir {out}:[/red] {exc.strerror or exc}")
        raise typer.Exit(2) from exc
    finally:
        c.close()
    console.print(f"[green]{count} filas exportadas a {out}[/green]")


def _format(value: str) -> str:
    if value not in ("csv", "xlsx"):
        raise typer.BadParameter("use csv o xlsx")
    return value


FmtOpt = Annotated[str, typer.Option("--format", help="csv o xlsx", callback=_format)]
OutOpt = Annotated[Path, typer.Option("--out", help="Archivo a escribir.", dir_okay=False)]


@export_app.command("spools")
def export_spools_cmd(out: OutOpt, fmt: FmtOpt = "csv") -> None:
    """Spools con las columnas de la hoja Operaciones (y las adicionales importadas)."""
    _export("spools", fmt, out)


@export_app.command("events")
def export_events_cmd(out: OutOpt, fmt: FmtOpt = "csv") -> None:
    """El historial de auditoría, en el orden de columnas de la hoja Metadata."""
    _export("events", fmt, out)


@export_app.command("workers")
def export_workers_cmd(out: OutOpt, fmt: FmtOpt = "csv") -> None:
    """Trabajadores con sus roles."""
    _export("workers", fmt, out)


def _day(value: str | None) -> str | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            datetime.strptime(value, fmt)
        except ValueError:
            continue
        return value
    raise typer.BadParameter("use DD-MM-AAAA o AAAA-MM-DD")


def _as_date(value: str | None) -> date | None:
    if value is None:
        return None
    fmt = "%Y-%m-%d" if value[4:5] == "-" else "%d-%m-%Y"
    return datetime.strptime(value, fmt).date()


DayOpt = Annotated[str | None, typer.Option(help="DD-MM-AAAA o AAAA-MM-DD.", callback=_day)]


@export_app.command("pd")
def export_pd_cmd(
    out: OutOpt, fmt: FmtOpt = "csv", desde: DayOpt = None, hasta: DayOpt = None
) -> None:
    """Pulgadas-diámetro por trabajador, día y operación (por defecto, los últimos 7 días)."""
    settings = load_settings()
    announce_database(settings)
    c = open_database(settings)
    try:
        first, last = _as_date(desde), _as_date(hasta)
        if first and last and first > last:
            console.print("[red]--desde es posterior a --hasta[/red]")
            raise typer.Exit(2)
        kind: Format = "xlsx" if fmt == "xlsx" else "csv"
        count = run_export(c.transfer(), "pd", kind, out, c.read, first, last)
    except OSError as exc:
        console.print(f"[red]No se pudo escribir {out}:[/red] {exc.strerror or exc}")
        raise typer.Exit(2) from exc
    finally:
        c.close()
    console.print(f"[green]{count} filas exportadas a {out}[/green]")


@export_app.command("uniones")
def export_unions_cmd(out: OutOpt, fmt: FmtOpt = "csv") -> None:
    """Uniones con las columnas de la hoja Uniones (se importa de vuelta sin cambios)."""
    _export("uniones", fmt, out)
