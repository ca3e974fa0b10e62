"""The ``zeues e2e`` command. It needs no optional library: it runs on a core install."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from zeues.ops.e2e.report import render_markdown
from zeues.ops.e2e.run import E2ENotStarted, run_e2e
from zeues.ops.options import AdminToken, BaseUrl, ReportDir
from zeues.ops.report import stamp, write_md_and_json


def e2e_command(
    base_url: BaseUrl,
    spool: Annotated[
        str, typer.Option("--spool", help="Spool de prueba (patrón TEST-*)")
    ] = "TEST-02",
    admin_token: AdminToken = None,
    report_dir: ReportDir = Path("test-results"),
    uniones: Annotated[
        bool,
        typer.Option(
            "--uniones",
            help="Agrega el escenario 9: uniones y pulgadas-diámetro (requiere --admin-token).",
        ),
    ] = False,
) -> None:
    """Ejecuta los 8 escenarios de humo de CONTRACT §6 (9 con --uniones) y escribe el informe."""
    console = Console()
    try:
        result = run_e2e(base_url, spool, admin_token or None, console, uniones)
    except E2ENotStarted as exc:
        console.print(f"✘ {exc}", style="red", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(3) from exc
    stem = report_dir / f"e2e-{stamp()}"
    write_md_and_json(stem.with_suffix(".md"), render_markdown(result), result.to_json())
    console.print(f"Informe: [bold]{stem}.md[/] y {stem.name}.json")
    raise typer.Exit(result.exit_code)
