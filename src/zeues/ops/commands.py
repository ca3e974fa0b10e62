"""Typer commands ``e2e``, ``monitor`` and ``loadtest``: ``register_ops(app)`` adds them."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

import typer
from rich.console import Console
from rich.live import Live
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from zeues.ops import e2e, loadtest, monitor
from zeues.ops.client import ZeuesClient
from zeues.ops.durations import format_duration, parse_duration
from zeues.ops.e2e_report import render_markdown as render_e2e
from zeues.ops.loadtest_config import LoadConfig, Thresholds
from zeues.ops.loadtest_report import render_loadtest
from zeues.ops.monitor_report import write_report as write_monitor_report
from zeues.ops.monitor_result import Sample
from zeues.ops.report import stamp, write_md_and_json

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
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _seconds(text: str, option: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from exc


def _print_criterion(console: Console, name: str, observed: str, threshold: str, ok: bool) -> None:
    tint = "green" if ok else "red"
    console.print(f"  [{tint}]{'✔' if ok else '✘'}[/] {name}: {observed} (umbral {threshold})")


def e2e_command(
    base_url: BaseUrl,
    spool: Annotated[
        str, typer.Option("--spool", help="Spool de prueba (patrón TEST-*)")
    ] = "TEST-02",
    admin_token: AdminToken = None,
    report_dir: ReportDir = Path("test-results"),
) -> None:
    """Ejecuta los 8 escenarios de humo de CONTRACT §6 y escribe el informe (md + json)."""
    console = Console()
    try:
        result = e2e.run_e2e(base_url, spool, admin_token or None, console)
    except e2e.E2ENotStarted as exc:
        console.print(f"✘ {exc}", style="red", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(3) from exc
    stem = report_dir / f"e2e-{stamp()}"
    write_md_and_json(stem.with_suffix(".md"), render_e2e(result), result.to_json())
    console.print(f"Informe: [bold]{stem}.md[/] y {stem.name}.json")
    raise typer.Exit(result.exit_code)


def monitor_command(
    base_url: BaseUrl,
    duration: Annotated[
        str, typer.Option("--duration", help="Duración total: 2h, 30m, 20s")
    ] = "2h",
    interval: Annotated[str, typer.Option("--interval", help="Intervalo entre muestras")] = "15m",
    out: Annotated[
        Path, typer.Option("--out", help="Informe markdown (relativo a --report-dir)")
    ] = Path("POST-DEPLOYMENT-MONITORING-REPORT.md"),
    admin_token: AdminToken = None,
    spool: Annotated[
        str, typer.Option("--spool", help="Spool de prueba para TOMAR/PAUSAR (con token)")
    ] = "TEST-03",
    report_dir: ReportDir = Path("test-results"),
) -> None:
    """Muestrea salud, Redis y latencias cada intervalo; Ctrl-C escribe lo muestreado."""
    total, every = _seconds(duration, "--duration"), _seconds(interval, "--interval")
    console = Console()
    console.rule(
        f"[bold]ZEUES monitor[/] → {base_url}: {format_duration(total)}, "
        f"una muestra cada {format_duration(every)}"
    )
    columns = (TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn())
    with (
        Progress(*columns, console=console) as progress,
        ZeuesClient(base_url, admin_token or None) as http,
    ):
        task = progress.add_task("primera muestra…", total=total)

        def on_sample(sample: Sample, elapsed: float) -> None:
            latency = sample.latencies_ms.get("GET /api/health")
            progress.update(
                task,
                completed=min(elapsed, total),
                description=(
                    f"{sample.at[11:19]} salud={sample.health} redis={sample.redis} "
                    f"pool={sample.utilization_percent or 0:.0f}% health={latency or '—'} ms "
                    f"errores={len(sample.errors)}"
                ),
            )

        result = monitor.monitor(
            http,
            total,
            every,
            spool,
            on_sample,
            lambda elapsed: progress.update(task, completed=elapsed),
        )
    md_path = out if out.is_absolute() else report_dir / out
    files = write_monitor_report(result, md_path)
    colour = {"STABLE": "green", "NEEDS ATTENTION": "yellow"}.get(result.verdict, "red")
    for c in result.criteria():
        _print_criterion(console, c.name, c.observed, c.threshold, c.ok)
    console.print(
        f"[bold {colour}]Veredicto: {result.verdict}[/] — {len(result.samples)} "
        f"muestras" + (" (interrumpido)" if result.interrupted else "")
    )
    console.print("Informe: " + ", ".join(str(f) for f in files))
    raise typer.Exit(result.exit_code)


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
    seconds = _seconds(duration, "--duration")
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
            data = asyncio.run(loadtest.run_loadtest(config, on_progress))
        console.print()
    except loadtest.LoadTestError as exc:
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
        _print_criterion(console, c["name"], c["observed"], c["threshold"], c["ok"])
    if data.get("aborted"):
        console.print(f"[bold red]✘ {data['aborted']}[/]")
    colour = "green" if data["verdict"] == "PASS" else "red"
    console.print(f"[bold {colour}]Veredicto: {data['verdict']}[/]")


def register_ops(app: typer.Typer) -> None:
    """Add the operator tools ``e2e``, ``monitor`` and ``loadtest`` to ``app``."""
    app.command("e2e")(e2e_command)
    app.command("monitor")(monitor_command)
    app.command("loadtest")(loadtest_command)
