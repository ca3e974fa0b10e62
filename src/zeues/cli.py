"""The `zeues` command (Typer)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from zeues.bootstrap import admin_token, build, utcnow
from zeues.config import Settings
from zeues.ops.commands import register_ops
from zeues.services.demo import seed
from zeues.transfer_cli import register_transfer

app = typer.Typer(help="ZEUES: trazabilidad de spools en tiempo real.", no_args_is_help=True)
db_app = typer.Typer(help="Base de datos.", no_args_is_help=True)
config_app = typer.Typer(help="Configuración.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(config_app, name="config")
console = Console()


def _settings() -> Settings:
    try:
        return Settings()
    except ValueError as exc:
        console.print(f"[red]Configuración no válida:[/red] {exc}")
        raise typer.Exit(2) from exc


def _seed_demo(settings: Settings) -> None:
    c = build(settings)
    try:
        now = utcnow()
        report = seed(c.store, c.read, now, c.today(), settings.lease_ttl_seconds)
    finally:
        c.close()
    if report.skipped:
        console.print("La base de datos ya tiene spools: no se cargan datos demo.")
    else:
        console.print(
            f"[green]Datos demo cargados:[/green] {report.workers} trabajadores, "
            f"{report.spools} spools (TEST-01…TEST-05 libres con materiales)."
        )


@app.command()
def serve(
    demo: Annotated[bool, typer.Option(help="Carga datos demo si la base está vacía.")] = False,
    host: Annotated[str, typer.Option(help="Interfaz (0.0.0.0 para las tablets).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Procesos de la API.")] = 1,
) -> None:
    """Migra la base de datos y sirve la API (y con --demo, datos de ejemplo)."""
    import uvicorn

    settings = _settings()
    c = build(settings)  # runs migrations once, before any worker process starts
    c.close()
    if demo:
        _seed_demo(settings)
    token, created = admin_token(settings)
    base = f"http://{host}:{port}"
    console.print(f"[bold]ZEUES[/bold] en {base}  ·  documentación: {base}/api/docs")
    console.print(f"Base de datos: {settings.masked()['database_url']}")
    if created:
        console.print(
            f"Token de administración generado (se muestra una sola vez): [bold]{token}[/bold]\n"
            f"Guardado en {settings.data_path}/admin-token; `zeues admin-token` lo muestra."
        )
    if workers > 1 and settings.redis_url is None:
        if settings.events_poll_seconds > 0:
            console.print(
                f"Sin ZEUES_REDIS_URL: los {workers} procesos comparten los eventos en vivo "
                f"leyendo la base de datos cada {settings.events_poll_seconds:g} s. "
                "Para muchos procesos o servidores, configure Redis."
            )
        else:
            console.print(
                "[yellow]Aviso:[/yellow] sin ZEUES_REDIS_URL y con ZEUES_EVENTS_POLL_SECONDS=0, "
                "cada proceso solo envía eventos en vivo de los cambios que él mismo hizo."
            )
    uvicorn.run(
        "zeues.api.app:factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


@app.command("seed")
def seed_cmd(
    demo: Annotated[bool, typer.Option(help="Datos demo de SPEC §5.")] = False,
) -> None:
    """Carga datos en una base vacía."""
    if not demo:
        console.print("Indique qué cargar: `zeues seed --demo`.")
        raise typer.Exit(2)
    _seed_demo(_settings())


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Aplica las migraciones pendientes."""
    settings = _settings()
    build(settings).close()
    console.print(f"[green]Base de datos al día:[/green] {settings.masked()['database_url']}")


@config_app.command("show")
def config_show() -> None:
    """Muestra la configuración efectiva (secretos ocultos)."""
    console.print_json(json.dumps(_settings().masked(), default=str))


@app.command("admin-token")
def show_admin_token() -> None:
    """Muestra el token de administración (lo genera si no existe)."""
    token, _ = admin_token(_settings())
    typer.echo(token)


register_ops(app)
register_transfer(app)


def main() -> None:
    app()
