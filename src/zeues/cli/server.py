"""Serving and looking after the server: `serve`, `seed`, `db upgrade`, `config show`,
`admin-token`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from zeues.bootstrap import TOKEN_FILE, redis_unreachable_reason
from zeues.cli.common import (
    announce_database,
    build_container,
    console,
    err_console,
    fail,
    load_settings,
    token_or_fail,
)
from zeues.cli.startup import (
    StartupProblem,
    check_port_free,
    open_files_warning,
    raise_open_files_limit,
    redis_unreachable,
)
from zeues.config import Settings
from zeues.container import utcnow
from zeues.services.demo import N_SPOOLS, seed

app = typer.Typer()
db_app = typer.Typer(help="Base de datos.", no_args_is_help=True)
config_app = typer.Typer(help="Configuración.", no_args_is_help=True)


SpoolsOption = Annotated[
    int,
    typer.Option(
        min=1,
        max=200_000,
        help="Con --demo: cuántos spools demo (además de TEST-01…05), p. ej. 10000 para medir.",
    ),
]


def _seed_demo(settings: Settings, spools: int = N_SPOOLS) -> None:
    c = build_container(settings)
    try:
        now = utcnow()
        report = seed(c.store, c.read, now, c.today(), settings.lease_ttl_seconds, spools)
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
    spools: SpoolsOption = N_SPOOLS,
) -> None:
    """Migra la base de datos y sirve la API (y con --demo, datos de ejemplo)."""
    import uvicorn

    settings = load_settings()
    announce_database(settings)
    try:
        check_port_free(host, port)  # before migrations, so a busy port changes nothing
    except StartupProblem as exc:
        fail(str(exc))
    token, created = token_or_fail(settings)  # before build(), which would create it silently
    build_container(settings).close()  # runs migrations once, before any worker process starts
    reason = redis_unreachable_reason(settings)
    if reason is not None and settings.redis_url is not None:
        err_console.print(
            redis_unreachable(settings.redis_url, reason),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if demo:
        _seed_demo(settings, spools)
    _open_files(settings)
    console.print(_backups_line(settings), highlight=False)
    base = f"http://{host}:{port}"
    console.print(f"[bold]ZEUES[/bold] en {base}  ·  documentación: {base}/api/docs")
    console.print(f"CORS: {_origins_line(settings)}")
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
        "zeues.asgi:factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


def _backups_line(settings: Settings) -> str:
    hours = settings.backup_interval_hours
    if hours <= 0:
        return (
            "Copias de seguridad: no automáticas (ZEUES_BACKUP_INTERVAL_HOURS=0); "
            "use `zeues backup`."
        )
    return (
        f"Copias de seguridad: cada {hours:g} h en {settings.backup_path} "
        f"(se conservan las {settings.backup_keep} más nuevas; ZEUES_BACKUP_DIR la cambia)."
    )


def _open_files(settings: Settings) -> None:
    limits = raise_open_files_limit()
    if limits is None:
        return
    before, after = limits
    if after != before:
        console.print(f"Archivos abiertos: límite subido de {before} a {after}.")
    warning = open_files_warning(after, settings.sse_max_clients)
    if warning:
        err_console.print(warning, markup=False, highlight=False, soft_wrap=True)


def _origins_line(settings: Settings) -> str:
    if settings.origins:
        return "orígenes permitidos " + ", ".join(settings.origins) + " (ZEUES_ALLOWED_ORIGINS)"
    return (
        "ningún otro origen permitido (solo el de esta página); un frontend servido desde otro "
        "origen necesita ZEUES_ALLOWED_ORIGINS"
    )


@app.command("seed")
def seed_cmd(
    demo: Annotated[
        bool, typer.Option(help="Datos demo descritos en docs/CONTRACT.md §5.")
    ] = False,
    spools: SpoolsOption = N_SPOOLS,
) -> None:
    """Carga datos en una base vacía."""
    if not demo:
        console.print("Indique qué cargar: `zeues seed --demo`.")
        raise typer.Exit(2)
    settings = load_settings()
    announce_database(settings)
    _seed_demo(settings, spools)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Aplica las migraciones pendientes."""
    settings = load_settings()
    announce_database(settings)
    build_container(settings).close()
    console.print("[green]Base de datos al día.[/green]")


@config_app.command("show")
def config_show() -> None:
    """Muestra la configuración efectiva (secretos ocultos)."""
    settings = load_settings()
    announce_database(settings)
    shown = settings.masked()
    token_file = settings.data_path / TOKEN_FILE
    if settings.admin_token is None and token_file.exists():
        shown["admin_token"] = "****"  # generated at the first start: set, if not configured
        shown["admin_token_file"] = str(token_file)
    console.print_json(json.dumps(shown, default=str))


@app.command("admin-token")
def showtoken_or_fail() -> None:
    """Muestra el token de administración (lo genera si no existe)."""
    settings = load_settings()
    announce_database(settings)
    token, _ = token_or_fail(settings)
    typer.echo(token)
