"""Command-line options and console lines shared by ``zeues e2e``, ``monitor`` and ``loadtest``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from zeues.ops.durations import parse_duration

BaseUrl = Annotated[
    str,
    typer.Option(
        "--base-url",
        envvar="ZEUES_BASE_URL",
        help="URL base del despliegue, p. ej. http://127.0.0.1:8000",
    ),
]
AdminToken = Annotated[
    str | None,
    typer.Option(
        "--admin-token",
        envvar="ZEUES_ADMIN_TOKEN",
        help="Token Bearer de administración (reinicia/crea spools de prueba)",
    ),
]
ReportDir = Annotated[Path, typer.Option("--report-dir", help="Carpeta de los informes")]


def option_seconds(text: str, option: str) -> float:
    """``text`` of ``option`` in seconds; a malformed duration is a usage error (exit 2)."""
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from exc


def print_criterion(console: Console, name: str, observed: str, threshold: str, ok: bool) -> None:
    tint = "green" if ok else "red"
    console.print(f"  [{tint}]{'✔' if ok else '✘'}[/] {name}: {observed} (umbral {threshold})")
