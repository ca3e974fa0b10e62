"""The JSON-able summary of a ``zeues loadtest`` run and its pass/fail criteria."""

from __future__ import annotations

from typing import Any

from zeues.ops.client import Worker
from zeues.ops.loadtest.config import Thresholds
from zeues.ops.loadtest.floor import Floor
from zeues.ops.loadtest.stats import Stats
from zeues.ops.report import now_iso

HEADLINE = "sse_from_request"  # the SSE delay the headline and the verdict use


def summarise(floor: Floor, elapsed: float, crew: list[Worker], origin: str) -> dict[str, Any]:
    config, stats, limits = floor.config, floor.stats, floor.config.thresholds
    total = max(stats.requests, 1)
    error_rate = (stats.unexpected + stats.statuses[0]) / total
    p95 = stats.latencies.percentile(95)
    # The headline figure once, as the JSON reports it (0.01 ms): the verdict judges and shows
    # this very number, so its text never disagrees with the JSON by a rounding step.
    sse_p50 = round(stats.sse.percentile(50, HEADLINE), 2)
    sse_p99 = round(stats.sse.percentile(99, HEADLINE), 2)
    redis_on = stats.pool_status not in ("disabled", "desconocido")
    criteria = [
        ("Respuestas 5xx / sin respuesta", "0", stats.server_errors, stats.server_errors == 0),
        (
            "Tasa de errores inesperados",
            f"≤ {limits.max_error_rate:.1%}",
            f"{error_rate:.2%}",
            error_rate <= limits.max_error_rate,
        ),
        (
            "Latencia p95 global",
            f"≤ {limits.max_p95_ms:.0f} ms",
            f"{p95:.1f} ms",
            p95 <= limits.max_p95_ms,
        ),
    ]
    ran_out = (
        None if floor.out_of_work_at is None else max(floor.out_of_work_at - floor.started, 0.0)
    )
    criteria.append(
        (
            "Carga sostenida (trabajo hasta el final)",
            "sin agotarse",
            "sí" if ran_out is None else f"sin spools a los {ran_out:.1f} s (use --admin-token)",
            ran_out is None,
        )
    )
    if config.sse_clients:
        criteria += _sse_criteria(stats, limits, sse_p99)
    if redis_on:
        criteria += [
            ("Estado del pool Redis", "ok", stats.pool_status, stats.pool_status == "ok"),
            (
                "Pico de utilización del pool Redis",
                f"< {limits.max_pool_percent:.0f} %",
                f"{stats.pool_peak_percent:.1f} %",
                stats.pool_peak_percent < limits.max_pool_percent,
            ),
        ]
    passed = all(ok for *_, ok in criteria)
    return {
        "date": now_iso(),
        "base_url": config.base_url,
        "verdict": "PASS" if passed and not floor.aborted else "FAIL",
        "aborted": floor.aborted,
        "config": {
            "workers": len(crew),
            "workers_requested": config.workers,
            "sse_clients": config.sse_clients,
            "duration_s": config.duration_s,
            "spools": origin,
            "contention": config.contention,
            "think_ms": config.think_ms,
            "thresholds": limits.__dict__,
        },
        "elapsed_s": round(elapsed, 2),
        "requests": stats.requests,
        "throughput_rps": round(stats.requests / max(elapsed, 1e-6), 1),
        "cycles": dict(stats.cycles),
        "spools_finished": stats.spools_finished,
        "conflicts_409": stats.contention_409,
        "steals": stats.steals,
        "server_errors": stats.server_errors,
        "unexpected_errors": stats.unexpected,
        "error_rate": round(error_rate, 4),
        "status_codes": {str(k): v for k, v in sorted(stats.statuses.items())},
        "status_by_endpoint": {
            e: {str(k): v for k, v in sorted(c.items())}
            for e, c in sorted(stats.by_endpoint.items())
        },
        "latency": {
            "overall": {
                "p50_ms": round(stats.latencies.percentile(50), 2),
                "p95_ms": round(p95, 2),
                "p99_ms": round(stats.latencies.percentile(99), 2),
            },
            "by_endpoint": stats.latencies.summary(),
        },
        "sse": {
            "clients": config.sse_clients,
            "connected": stats.sse_connected,
            "failures": stats.sse_failures,
            "received": stats.sse_received,
            "expected": stats.sse_expected,
            "before_response": stats.sse_early,
            # Headline: TOMAR sent → event at each dashboard (never 0 by construction).
            "p50_ms": sse_p50,
            "p99_ms": sse_p99,
            "max_ms": round(stats.sse.max(HEADLINE), 2),
            "from_request_p50_ms": sse_p50,  # the headline, named beside from_response_*
            "from_request_p99_ms": sse_p99,
            # The other split: TOMAR response → event, 0 when the event beat the response.
            "from_response_p50_ms": round(stats.sse.percentile(50, "sse"), 2),
            "from_response_p99_ms": round(stats.sse.percentile(99, "sse"), 2),
        },
        "pool": {
            "status": stats.pool_status,
            "peak_utilization_percent": stats.pool_peak_percent,
            "peak_active_connections": stats.pool_peak_active,
        },
        "criteria": [
            {"name": n, "threshold": t, "observed": str(o), "ok": ok} for n, t, o, ok in criteria
        ],
        "error_samples": stats.error_samples,
    }


def _sse_criteria(
    stats: Stats, limits: Thresholds, p99: float
) -> list[tuple[str, str, object, bool]]:
    """Delivery is judged from TOMAR sent to the event at each dashboard: it cannot read 0 (the
    response → event split is 0 whenever the event wins the race, so it stays in the JSON only)."""
    measured = stats.sse.count(HEADLINE) > 0
    lost = max(stats.sse_expected - stats.sse_received, 0)
    loss = lost / stats.sse_expected if stats.sse_expected else 0.0
    return [
        (
            "Entrega SSE p99 (envío de TOMAR → evento en cada dashboard)",
            f"≤ {limits.max_sse_p99_ms:.0f} ms",
            f"{p99:.1f} ms" if measured else "sin eventos medidos",
            measured and p99 <= limits.max_sse_p99_ms,
        ),
        (
            "Eventos SSE de TOMAR perdidos",
            f"≤ {limits.max_sse_loss:.1%}",
            f"{lost} de {stats.sse_expected} ({loss:.2%})",
            loss <= limits.max_sse_loss,
        ),
    ]
