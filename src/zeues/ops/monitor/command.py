"""The ``zeues monitor`` command: needs hdrhistogram and matplotlib (``zeues[ops]``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from zeues.ops.client import ZeuesClient
from zeues.ops.durations import format_duration
from zeues.ops.extra import require
from zeues.ops.options import AdminToken, BaseUrl, ReportDir, option_seconds, print_criterion

if TYPE_CHECKING:
    from zeues.ops.monitor.result import Sample


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
    require("monitor", "hdrh", "matplotlib")
    # Imported here, after the check: they import the optional libraries.
    from zeues.ops.monitor.report import write_report
    from zeues.ops.monitor.run import monitor

    total = option_seconds(duration, "--duration")
    every = option_seconds(interval, "--interval")
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

        result = monitor(
            http,
            total,
            every,
            spool,
            on_sample,
            lambda elapsed: progress.update(task, completed=elapsed),
        )
    md_path = out if out.is_absolute() else report_dir / out
    files = write_report(result, md_path)
    colour = {"STABLE": "green", "NEEDS ATTENTION": "yellow"}.get(result.verdict, "red")
    for c in result.criteria():
        print_criterion(console, c.name, c.observed, c.threshold, c.ok)
    console.print(
        f"[bold {colour}]Veredicto: {result.verdict}[/] — {len(result.samples)} "
        f"muestras" + (" (interrumpido)" if result.interrupted else "")
    )
    console.print("Informe: " + ", ".join(str(f) for f in files))
    raise typer.Exit(result.exit_code)
