"""Report of a ``zeues monitor`` run: markdown, JSON and two PNG charts next to each other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zeues.ops.durations import format_duration
from zeues.ops.monitor.result import LATENCY_LIMIT_MS, POOL_LIMIT_PERCENT, MonitorResult
from zeues.ops.report import line_chart, md_criteria, md_fields, md_table, write_md_and_json

SHORT_NAMES = {
    "GET /api/health": "health",
    "GET /api/workers": "workers",
    "GET /api/spools/iniciar": "iniciar",
    "GET /api/dashboard/occupied": "ocupados",
    "POST /api/occupation/tomar": "tomar",
    "POST /api/occupation/pausar": "pausar",
}


def chart_series(
    result: MonitorResult,
) -> tuple[dict[str, list[tuple[dt.datetime, float]]], dict[str, list[tuple[dt.datetime, float]]]]:
    utilisation: dict[str, list[tuple[dt.datetime, float]]] = {"utilización %": []}
    latency: dict[str, list[tuple[dt.datetime, float]]] = {}
    for sample in result.samples:
        at = dt.datetime.fromisoformat(sample.at)
        if sample.utilization_percent is not None:
            utilisation["utilización %"].append((at, sample.utilization_percent))
        for endpoint, ms in sample.latencies_ms.items():
            latency.setdefault(SHORT_NAMES.get(endpoint, endpoint), []).append((at, ms))
    return utilisation, latency


def write_report(result: MonitorResult, md_path: Path) -> list[Path]:
    """Write the markdown, the JSON and two PNG charts next to each other."""
    utilisation, latency = chart_series(result)
    charts = [
        line_chart(
            md_path.with_name(f"{md_path.stem}-utilizacion.png"),
            "Utilización del pool Redis",
            "%",
            utilisation,
            POOL_LIMIT_PERCENT,
            ymax=100.0,
        ),
        line_chart(
            md_path.with_name(f"{md_path.stem}-latencia.png"),
            "Latencia por endpoint",
            "ms",
            latency,
            LATENCY_LIMIT_MS,
        ),
    ]
    markdown = render_markdown(result, [c.name for c in charts])
    return [*write_md_and_json(md_path, markdown, result.to_json()), *charts]


def render_markdown(result: MonitorResult, chart_names: list[str]) -> str:
    connections, utilisation = result.connections(), result.utilisations()
    alerts = ", ".join(f"{k} ×{v}" for k, v in result.alerts().items()) or "ninguna"
    errors = [f"- {s.at}: {e}" for s in result.samples for e in s.errors]
    endpoints = [e for e in SHORT_NAMES if any(e in s.latencies_ms for s in result.samples)]
    lines = [
        "# Informe de monitoreo post-despliegue — ZEUES",
        "",
        "## Despliegue",
        "",
        md_fields(
            [
                ("Destino", result.base_url),
                ("Entorno", result.environment),
                ("Versión", result.version),
                ("Inicio", result.started_at),
                ("Fin", result.finished_at),
                ("Duración planificada", format_duration(result.duration_s)),
                ("Intervalo", format_duration(result.interval_s)),
                ("Muestras", len(result.samples)),
                ("Interrumpido (Ctrl-C)", "sí" if result.interrupted else "no"),
                ("TOMAR/PAUSAR de prueba", "sí" if result.write_checks else "no"),
            ]
        ),
        "",
        f"## Veredicto: **{result.verdict}**",
        "",
        md_criteria((c.name, c.threshold, c.observed, c.ok) for c in result.criteria()),
        "",
        "## Estadísticas",
        "",
        md_fields(
            [
                (
                    "Conexiones activas (promedio / pico)",
                    f"{_avg(connections):.1f} / {max(connections, default=0)}",
                ),
                (
                    "Utilización del pool (promedio / pico)",
                    f"{_avg(utilisation):.1f} % / {max(utilisation, default=0.0):.1f} %",
                ),
                ("Alertas", alerts),
                ("Errores", len(errors)),
                ("Respuestas 5xx / sin respuesta", result.server_errors()),
            ]
        ),
        "",
        "### Latencia por endpoint (HdrHistogram)",
        "",
        md_table(
            ["Endpoint", "Muestras", "p50 (ms)", "p95 (ms)", "máx (ms)"],
            [
                [e, int(r["count"]), r["p50_ms"], r["p95_ms"], r["max_ms"]]
                for e, r in result.latencies.summary((50, 95)).items()
            ],
        ),
        "",
        "## Muestras",
        "",
        md_table(
            [
                "Hora",
                "Salud",
                "Redis",
                "Conexiones",
                "Utilización",
                "Errores",
                *[f"{SHORT_NAMES[e]} (ms)" for e in endpoints],
            ],
            [
                [
                    s.at[11:19],
                    s.health,
                    s.redis,
                    _fmt(s.active_connections, s.max_connections),
                    _pct(s.utilization_percent),
                    len(s.errors),
                    *[s.latencies_ms.get(e) for e in endpoints],
                ]
                for s in result.samples
            ],
        ),
        "",
        "## Gráficos",
        "",
        *[f"![{name}]({name})" for name in chart_names],
        "",
        "## Errores",
        "",
        *(errors or ["Ninguno."]),
    ]
    return "\n".join(lines)


def _avg(values: list[int] | list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _fmt(active: int | None, maximum: int | None) -> str:
    return "—" if active is None else f"{active}/{maximum}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"
