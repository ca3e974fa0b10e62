"""``zeues monitor``: sample a deployment every interval and write a post-deployment report.

The verdict rules are in :mod:`zeues.ops.monitor.result`, the report in
:mod:`zeues.ops.monitor.report`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from zeues.ops import calls as api
from zeues.ops.client import ApiResult, Call, Worker, ZeuesClient, parse_workers
from zeues.ops.monitor.result import MonitorResult, Sample
from zeues.ops.report import now_iso


class Sampler:
    """Takes one sample: health, Redis, pool stats, read latencies and optional TOMAR/PAUSAR."""

    def __init__(
        self, http: ZeuesClient, result: MonitorResult, spool: str, worker: Worker | None
    ) -> None:
        self.http, self.result, self.spool, self.worker = http, result, spool, worker

    def _send(self, sample: Sample, call: Call) -> ApiResult:
        response = self.http.send(call)
        sample.statuses[call.endpoint] = response.status
        if not response.transport_error:
            sample.latencies_ms[call.endpoint] = round(response.elapsed_ms, 1)
            self.result.latencies.record(call.endpoint, response.elapsed_ms)
        if not response.ok:
            sample.errors.append(f"{call.method} {call.path}: {response.summary()}")
        return response

    def take(self) -> Sample:
        sample = Sample(now_iso(), health="error", redis="error")
        health = self._send(sample, api.health())
        if health.ok:
            sample.health = str(health.get("status", "error"))
            self.result.environment = str(health.get("environment") or "")
            self.result.version = str(health.get("version") or "")
        redis = self.http.send(api.redis_health())
        sample.redis = str(redis.get("status", "error")) if redis.ok else "error"
        stats = self.http.send(api.redis_stats())
        if stats.ok:
            sample.active_connections = int(stats.get("active_connections") or 0)
            sample.max_connections = int(stats.get("max_connections") or 0)
            sample.utilization_percent = float(stats.get("utilization_percent") or 0.0)
            sample.alert = stats.get("alert")
        else:
            sample.errors.append(f"GET /api/redis-connection-stats: {stats.summary()}")
        for call in (api.workers(), api.spools_iniciar("ARM", 20), api.dashboard_occupied()):
            self._send(sample, call)
        if self.worker is not None:
            self._send(sample, api.tomar(self.spool, self.worker, "ARM"))
            self._send(sample, api.pausar(self.spool, self.worker, "ARM"))
        return sample


def monitor(
    http: ZeuesClient,
    duration_s: float,
    interval_s: float,
    spool: str,
    on_sample: Callable[[Sample, float], None] | None = None,
    on_tick: Callable[[float], None] | None = None,
) -> MonitorResult:
    """Sample at t = 0, interval, 2·interval… up to ``duration_s``; Ctrl-C stops early."""
    result = MonitorResult(http.base_url, now_iso(), interval_s, duration_s)
    worker = _prepare_write_check(http, spool) if http.admin_token else None
    result.write_checks = worker is not None
    sampler = Sampler(http, result, spool, worker)
    start = time.monotonic()
    due = 0.0
    try:
        while due <= duration_s + 1e-6:
            while (elapsed := time.monotonic() - start) < due:
                if on_tick:
                    on_tick(elapsed)
                time.sleep(min(0.25, due - elapsed))
            sample = sampler.take()
            result.samples.append(sample)
            if on_sample:
                on_sample(sample, time.monotonic() - start)
            due += interval_s
    except KeyboardInterrupt:
        result.interrupted = True
    result.finished_at = now_iso()
    return result


def _prepare_write_check(http: ZeuesClient, spool: str) -> Worker | None:
    """With an admin token: reset the test spool once and pick an ARM worker for TOMAR/PAUSAR."""
    if not http.send(api.reset_spool(spool)).ok:
        return None
    return next((w for w in parse_workers(http.send(api.workers())) if w.can("ARM")), None)
