"""Settings and pass/fail thresholds of one ``zeues loadtest`` run."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Thresholds:
    max_p95_ms: float = 2000.0
    max_error_rate: float = 0.01  # unexpected 4xx + no response, over all requests
    max_sse_p99_ms: float = 1000.0
    max_sse_loss: float = 0.001  # share of expected TOMAR events that never arrived
    max_pool_percent: float = 80.0


@dataclass(frozen=True)
class LoadConfig:
    base_url: str
    workers: int = 50
    sse_clients: int = 50
    duration_s: float = 60.0
    spools: int | None = None
    admin_token: str | None = None
    contention: float = 0.2
    think_ms: float = 50.0
    max_requests: int = 500_000
    seed: int = 42
    thresholds: Thresholds = field(default_factory=Thresholds)
