"""Markdown report of a ``zeues loadtest`` summary (the same dict that goes to the JSON file)."""

from __future__ import annotations

from typing import Any

from zeues.ops.report import md_criteria, md_fields, md_table


def render_loadtest(data: dict[str, Any]) -> str:
    """Markdown of a ``zeues loadtest`` summary (the same dict that goes to the JSON file)."""
    config, sse, pool = data["config"], data["sse"], data["pool"]
    codes = sorted(
        {code for counts in data["status_by_endpoint"].values() for code in counts}, key=int
    )
    return "\n".join(
        [
            "# Informe de prueba de carga — ZEUES",
            "",
            md_fields(
                [
                    ("Fecha", data["date"]),
                    ("Destino", data["base_url"]),
                    (
                        "Trabajadores simulados",
                        f"{config['workers']} (pedidos {config['workers_requested']})",
                    ),
                    ("Dashboards SSE", config["sse_clients"]),
                    ("Duración", f"{data['elapsed_s']:.1f} s (pedida {config['duration_s']:g} s)"),
                    ("Spools", config["spools"]),
                    ("Contención", f"{config['contention']:.0%} de intentos sobre spools ajenos"),
                    ("Pausa entre acciones", f"~{config['think_ms']:g} ms"),
                ]
            ),
            "",
            f"## Veredicto: **{data['verdict']}**",
            "",
            *([f"> ⚠️ {data['aborted']}", ""] if data.get("aborted") else []),
            md_criteria(
                (c["name"], c["threshold"], c["observed"], c["ok"]) for c in data["criteria"]
            ),
            "",
            "## Rendimiento",
            "",
            md_fields(
                [
                    ("Peticiones", data["requests"]),
                    ("Rendimiento", f"{data['throughput_rps']} req/s"),
                    (
                        "Ciclos completados",
                        ", ".join(f"{k} {v}" for k, v in sorted(data["cycles"].items())) or "0",
                    ),
                    ("Spools terminados (ARM + SOLD)", data["spools_finished"]),
                    ("Conflictos 409 (contención esperada)", data["conflicts_409"]),
                    ("Spools tomados en pausa por otro", data["steals"]),
                    ("Errores 5xx / sin respuesta", data["server_errors"]),
                    ("Errores inesperados (4xx)", data["unexpected_errors"]),
                ]
            ),
            "",
            "## Latencia por endpoint (HdrHistogram)",
            "",
            md_table(
                ["Endpoint", "n", "p50 (ms)", "p95 (ms)", "p99 (ms)", "máx (ms)"],
                [
                    [e, int(r["count"]), r["p50_ms"], r["p95_ms"], r["p99_ms"], r["max_ms"]]
                    for e, r in data["latency"]["by_endpoint"].items()
                ]
                + [["**global**", data["requests"], *data["latency"]["overall"].values(), ""]],
            ),
            "",
            "## Códigos de estado",
            "",
            md_table(
                ["Endpoint", *codes],
                [
                    [e, *[counts.get(c, "") for c in codes]]
                    for e, counts in data["status_by_endpoint"].items()
                ],
            ),
            "",
            "## Entrega SSE (envío de TOMAR → evento recibido en cada dashboard)",
            "",
            md_fields(
                [
                    ("Clientes conectados", f"{sse['connected']} de {sse['clients']}"),
                    ("Fallos de conexión", sse["failures"]),
                    (
                        "Eventos TOMAR recibidos / esperados",
                        f"{sse['received']} / {sse['expected']}",
                    ),
                    ("Recibidos antes de la respuesta HTTP", sse["before_response"]),
                    (
                        "p50 / p99 / máx (envío de TOMAR → evento)",
                        f"{sse['p50_ms']} / {sse['p99_ms']} / {sse['max_ms']} ms",
                    ),
                    (
                        "p50 / p99 (respuesta de TOMAR → evento; 0 si el evento llegó antes)",
                        f"{sse['from_response_p50_ms']} / {sse['from_response_p99_ms']} ms",
                    ),
                ]
            ),
            "",
            "## Pool Redis",
            "",
            md_fields(
                [
                    ("Estado", pool["status"]),
                    ("Pico de utilización", f"{pool['peak_utilization_percent']:.1f} %"),
                    ("Pico de conexiones activas", pool["peak_active_connections"]),
                ]
            ),
            "",
            "## Muestras de errores",
            "",
            *([f"- {e}" for e in data["error_samples"]] or ["Ninguno."]),
        ]
    )
