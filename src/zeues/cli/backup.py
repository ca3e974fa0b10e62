"""`zeues backup` and `zeues restore FILE` (issue 19, item 8): a consistent copy of the database
while the server keeps serving, and a restore that checks the copy before it replaces
anything."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zeues.bootstrap import (
    RestoreRefused,
    ToolMissing,
    backups,
    database_initialised,
    plan_restore,
    restore,
)
from zeues.cli.common import announce_database, console, fail, load_settings
from zeues.cli.startup import no_database
from zeues.container import utcnow


def backup_cmd(
    keep: Annotated[
        int | None,
        typer.Option(min=1, help="Conserva solo las N copias más nuevas (ZEUES_BACKUP_KEEP)."),
    ] = None,
) -> None:
    """Copia la base de datos a la carpeta de copias, con el servidor en marcha."""
    settings = load_settings()
    announce_database(settings)
    if not database_initialised(settings):
        fail(no_database(settings))
    store = backups(settings)
    try:
        taken = store.take(utcnow())
    except ToolMissing as exc:
        fail(f"No se pudo copiar la base de datos: {exc}")
    except (OSError, RuntimeError) as exc:
        fail(f"No se pudo copiar la base de datos en {store.folder}: {exc}")
    if taken is None:
        fail("Otro proceso está haciendo una copia ahora mismo: reintente en un momento.")
    removed = store.prune(keep or settings.backup_keep)
    console.print(
        f"[green]Copia hecha:[/green] {taken.path} ({taken.size / 1e6:.1f} MB). "
        f"Copias conservadas: las {keep or settings.backup_keep} más nuevas"
        + (f"; se borraron {len(removed)} antiguas." if removed else "."),
        highlight=False,
    )


def restore_cmd(
    file: Annotated[Path, typer.Argument(help="La copia a restaurar (.db o .dump).")],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Restaura aunque la copia tenga menos eventos que la base actual."
        ),
    ] = False,
) -> None:
    """Comprueba una copia y, si está bien, reemplaza con ella la base de datos.

    Detenga `zeues serve` antes. Se comprueba la integridad de la copia, su nivel de
    migración y sus eventos de auditoría; la base actual se copia antes a la carpeta de
    copias."""
    settings = load_settings()
    announce_database(settings)
    store = backups(settings)
    try:
        plan = plan_restore(store, file.expanduser().resolve())
    except RestoreRefused as exc:
        fail(f"No se restaura: {exc}")
    except ToolMissing as exc:
        fail(f"No se puede comprobar la copia: {exc}")
    copy, current = plan.copy, plan.current
    console.print(
        f"Copia {file.name}: íntegra, migración {copy.revision}, {copy.events} eventos de "
        "auditoría.",
        highlight=False,
    )
    if current is not None:
        console.print(f"Base actual: {current.events} eventos de auditoría.", highlight=False)
    if plan.events_lost and not force:
        fail(
            f"No se restaura: la base actual tiene {plan.events_lost} eventos más que la copia, "
            "que se perderían. Si es lo que quiere, repita con --force (la base actual se "
            "copia antes a la carpeta de copias)."
        )
    try:
        safety = restore(store, plan, utcnow())
    except RestoreRefused as exc:
        fail(f"No se restaura: {exc}")
    except (OSError, RuntimeError) as exc:
        fail(f"La restauración falló: {exc}")
    if safety is not None:
        console.print(f"La base anterior quedó copiada en {safety.path}.", highlight=False)
    console.print(
        f"[green]Restaurada:[/green] {copy.events} eventos de auditoría. Inicie `zeues serve`.",
        highlight=False,
    )
