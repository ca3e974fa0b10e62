"""Counters of a load test: requests by status and endpoint, latencies, SSE delivery, Redis pool."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from zeues.ops.client import ApiResult
from zeues.ops.latencies import Latencies

MAX_ERROR_SAMPLES = 20


@dataclass
class Stats:
    latencies: Latencies = field(default_factory=Latencies)
    statuses: Counter[int] = field(default_factory=Counter)
    by_endpoint: dict[str, Counter[int]] = field(default_factory=dict)
    requests: int = 0
    server_errors: int = 0
    unexpected: int = 0
    contention_409: int = 0
    steals: int = 0
    error_samples: list[str] = field(default_factory=list)
    cycles: Counter[str] = field(default_factory=Counter)
    spools_finished: int = 0
    sse: Latencies = field(default_factory=Latencies)
    sse_connected: int = 0
    sse_failures: int = 0
    sse_received: int = 0
    sse_early: int = 0
    sse_expected: int = 0
    pool_status: str = "desconocido"
    pool_peak_percent: float = 0.0
    pool_peak_active: int = 0

    def record(self, result: ApiResult, expected: tuple[int, ...] = ()) -> None:
        endpoint = result.call.endpoint
        self.requests += 1
        self.statuses[result.status] += 1
        self.by_endpoint.setdefault(endpoint, Counter())[result.status] += 1
        if not result.transport_error:
            self.latencies.record(endpoint, result.elapsed_ms)
        if result.status == 409:
            self.contention_409 += 1
        if result.failed_on_server:
            self.server_errors += 1
        elif result.ok or result.status in expected:
            return
        else:
            self.unexpected += 1
        self.sample_error(f"{endpoint} {result.call.path}: {result.summary()}")

    def sample_error(self, text: str) -> None:
        """Keep the first ``MAX_ERROR_SAMPLES`` errors for the report."""
        if len(self.error_samples) < MAX_ERROR_SAMPLES:
            self.error_samples.append(text)
