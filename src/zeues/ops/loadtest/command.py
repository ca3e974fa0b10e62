"""The ``zeues loadtest`` command: needs hdrhistogram and httpx-sse (``zeues[ops]``)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

import typer
from rich.console import Console
from rich.live import Live
from rich.text import Text

from zeues.ops.durations import format_duration
from zeues.ops.extra import require
from zeues.ops.loadtest.config import LoadConfig, Thresholds
from zeues.ops.loadtest.report import render_loadtest
from zeues.ops.options import AdminToken, BaseUrl, ReportDir, option_seconds, print_criterion
from zeues.ops.report import stamp, write_md_and_json

LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def loadtest_command(
    base_url: BaseUrl,
    workers: Annotated[int, typer.Option("--workers", min=1, max=500)] = 50,
    sse_clients: Annotated[int, typer.Option("--sse-clients", min=0, max=1000)] = 50,
    duration: Annotated[str, typer.Option("--duration", help="p. ej. 60s, 5m (máx. 2h)")] = "60s",
    spools: Annotated[int | None, typer.Option("--spools", min=1, max=5000)] = None,
    admin_token: AdminToken = None,
    contention: Annotated[float, typer.Option("--contention", min=0.0, max=1.0)] = 0.2,
    think_ms: Annotated[float, typer.Option("--think-ms", min=0.0, max=60000.0)] = 50.0,
    max_p95_ms: Annotated[float, typer.Option("--max-p95-ms")] = 2000.0,
    max_error_rate: Annotated[float, typer.Option("--max-error-rate")] = 0.01,
    max_sse_p99_ms: Annotated[float, typer.Option("--max-sse-p99-ms")] = 1000.0,
    max_sse_loss: Annotated[float, typer.Option("--max-sse-loss", min=0.0, max=1.0)] = 0.001,
    max_pool_percent: Annotated[float, typer.Option("--max-pool-percent")] = 80.0,
    max_requests: Annotated[int, typer.Option("--max-requests", min=1)] = 500_000,
    allow_remote: Annotated[
        bool,
        typer.Option("--allow-remote", help="Permite cargar un host que no es local (staging)"),
    ] = False,
    report_dir: ReportDir = Path("test-results"),
) -> None:
    """Simula el taller (trabajadores + dashboards SSE) y mide latencias con HdrHistogram."""
    require("loadtest", "hdrh", "httpx_sse")
    # Imported here, after the check: the run imports the optional libraries.
    from zeues.ops.loadtest.run import LoadTestError, run_loadtest

    seconds = option_seconds(duration, "--duration")
    if seconds > 7200:
        raise typer.BadParameter("Máximo 2h", param_hint="--duration")
    host = urlparse(base_url).hostname or ""
    console = Console()
    if host not in LOOPBACK and not host.startswith("127.") and not allow_remote:
        console.print(
            f"[red]✘ {host} no es una dirección local. Una prueba de carga contra "
            "producción afecta al taller: use --allow-remote si es intencional.[/]"
        )
        raise typer.Exit(2)
    config = LoadConfig(
        base_url,
        workers,
        sse_clients,
        seconds,
        spools,
        admin_token or None,
        contention,
        think_ms,
        max_requests,
        thresholds=Thresholds(
            max_p95_ms, max_error_rate, max_sse_p99_ms, max_sse_loss, max_pool_percent
        ),
    )
    console.rule(
        f"[bold]ZEUES loadtest[/] → {base_url}: {workers} trabajadores, "
        f"{sse_clients} dashboards SSE, {format_duration(seconds)}"
    )
    live = Live(Text("preparando spools y conexiones SSE…"), console=console, refresh_per_second=4)

    def on_progress(p: dict[str, Any]) -> None:
        live.update(
            Text(
                f"{p['elapsed_s']:5.1f}/{seconds:g} s  peticiones {p['requests']}  "
                f"{p['rps']:.0f} req/s  409 {p['conflicts']}  errores {p['errors']} "
                f"(5xx {p['server_errors']})  p95 {p['p95_ms']:.1f} ms  "
                f"eventos SSE {p['sse_events']}",
                style="red" if p["server_errors"] else "",
            )
        )

    try:
        with live:
            data = asyncio.run(run_loadtest(config, on_progress))
        console.print()
    except LoadTestError as exc:
        console.print(f"[red]✘ {exc}[/]")
        raise typer.Exit(2) from exc
    stem = report_dir / f"loadtest-{stamp()}"
    write_md_and_json(stem.with_suffix(".md"), render_loadtest(data), data)
    _print_loadtest(console, data)
    console.print(f"Informe: [bold]{stem}.md[/] y {stem.name}.json")
    raise typer.Exit(0 if data["verdict"] == "PASS" else 1)


def _print_loadtest(console: Console, data: dict[str, Any]) -> None:
    overall, sse = data["latency"]["overall"], data["sse"]
    console.print(
        f"{data['requests']} peticiones en {data['elapsed_s']} s = "
        f"{data['throughput_rps']} req/s; p50 {overall['p50_ms']} ms, "
        f"p95 {overall['p95_ms']} ms, p99 {overall['p99_ms']} ms"
    )
    console.print(
        f"Códigos: {data['status_codes']}; SSE (envío de TOMAR → evento) p50 {sse['p50_ms']} "
        f"ms, p99 {sse['p99_ms']} ms ({sse['received']}/{sse['expected']} eventos)"
    )
    for c in data["criteria"]:
        print_criterion(console, c["name"], c["observed"], c["threshold"], c["ok"])
    if data.get("aborted"):
        console.print(f"[bold red]✘ {data['aborted']}[/]")
    colour = "green" if data["verdict"] == "PASS" else "red"
    console.print(f"[bold {colour}]Veredicto: {data['verdict']}[/]")
