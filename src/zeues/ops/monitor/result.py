"""Samples of a ``zeues monitor`` run and the criteria that give its verdict."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from zeues.ops.client import failed_on_server
from zeues.ops.latencies import Latencies

POOL_LIMIT_PERCENT = 80.0
LATENCY_LIMIT_MS = 2000.0


@dataclass
class Sample:
    at: str
    health: str
    redis: str
    active_connections: int | None = None
    max_connections: int | None = None
    utilization_percent: float | None = None
    alert: str | None = None
    latencies_ms: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class Criterion:
    name: str
    threshold: str
    observed: str
    ok: bool
    critical: bool = False


@dataclass
class MonitorResult:
    base_url: str
    started_at: str
    interval_s: float
    duration_s: float
    environment: str = ""
    version: str = ""
    finished_at: str = ""
    interrupted: bool = False
    write_checks: bool = False
    samples: list[Sample] = field(default_factory=list)
    latencies: Latencies = field(default_factory=Latencies)

    def server_errors(self) -> int:
        return sum(
            1 for s in self.samples for code in s.statuses.values() if failed_on_server(code)
        )

    def utilisations(self) -> list[float]:
        return [s.utilization_percent for s in self.samples if s.utilization_percent is not None]

    def connections(self) -> list[int]:
        return [s.active_connections for s in self.samples if s.active_connections is not None]

    def alerts(self) -> Counter[str]:
        return Counter(s.alert for s in self.samples if s.alert)

    def criteria(self) -> list[Criterion]:
        unhealthy = [s for s in self.samples if s.health != "healthy"]
        health_seen = ", ".join(sorted({s.health for s in self.samples})) or "sin muestras"
        peak = max(self.utilisations(), default=0.0)
        no_redis = bool(self.samples) and all(s.redis == "disabled" for s in self.samples)
        slowest = max((v for s in self.samples for v in s.latencies_ms.values()), default=0.0)
        errors_5xx = self.server_errors()
        return [
            Criterion(
                "Salud 'healthy' en todas las muestras",
                "healthy",
                health_seen,
                bool(self.samples) and not unhealthy,
                critical=any(s.health in ("unhealthy", "error") for s in unhealthy),
            ),
            Criterion(
                "Utilización del pool Redis",
                f"< {POOL_LIMIT_PERCENT:.0f} %",
                f"pico {peak:.1f} %" if not no_redis else "sin Redis (no aplica)",
                peak < POOL_LIMIT_PERCENT,
            ),
            Criterion(
                "Respuestas 5xx / sin respuesta",
                "0",
                str(errors_5xx),
                errors_5xx == 0,
                critical=errors_5xx > 0,
            ),
            Criterion(
                "Todas las latencias",
                f"< {LATENCY_LIMIT_MS / 1000:.0f} s",
                f"máx {slowest:.0f} ms",
                slowest < LATENCY_LIMIT_MS,
            ),
        ]

    @property
    def verdict(self) -> str:
        criteria = self.criteria()
        if any(c.critical and not c.ok for c in criteria):
            return "CRITICAL"
        return "STABLE" if all(c.ok for c in criteria) else "NEEDS ATTENTION"

    @property
    def exit_code(self) -> int:
        return {"STABLE": 0, "NEEDS ATTENTION": 1}.get(self.verdict, 2)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k != "latencies"}
        data.update(
            verdict=self.verdict,
            criteria=[asdict(c) for c in self.criteria()],
            latency_summary=self.latencies.summary((50, 95)),
            server_errors=self.server_errors(),
            alerts=dict(self.alerts()),
        )
        return data
