"""Prometheus metrics: requests by route template and status, latency, conflicts, SSE, pool."""

from __future__ import annotations

from time import perf_counter

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zeues.container import Container


class Metrics:
    def __init__(self, container: Container) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "zeues_http_requests_total",
            "Solicitudes HTTP por ruta y estado",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "zeues_http_request_duration_seconds",
            "Latencia hasta el inicio de la respuesta",
            ["route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=self.registry,
        )
        self.conflicts = Counter(
            "zeues_occupation_conflicts_total",
            "TOMAR rechazados con 409 porque otro trabajador tiene el spool",
            registry=self.registry,
        )
        sse = Gauge("zeues_sse_clients", "Clientes SSE conectados", registry=self.registry)
        probes = container.probes
        sse.set_function(probes.sse_clients)
        pool = Gauge(
            "zeues_redis_pool_in_use", "Conexiones Redis en uso (pool)", registry=self.registry
        )
        pool.set_function(
            lambda: float(probes.redis.pool_stats()["active_connections"]) if probes.redis else 0.0
        )
        stale = Gauge(
            "zeues_stale_writes",
            "Escrituras reintentadas por versión cambiada",
            registry=self.registry,
        )
        stale.set_function(lambda: container.counters.stale_writes)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Pure ASGI (no buffering), so SSE streams pass straight through."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self._series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                self._record(scope, status, perf_counter() - start)
            await send(message)

        await self.app(scope, receive, send_wrapper)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", "unmatched")
        key = (route, scope["method"], status)
        series = self._series.get(key)
        if series is None:
            # labels() takes a lock and looks the child up on every call; keep the pair.
            requests = self.metrics.requests.labels(route, key[1], str(status))
            series = self._series[key] = (requests, self.metrics.latency.labels(route))
        series[0].inc()
        series[1].observe(seconds)
        if status == 409 and route == "/api/occupation/tomar":
            self.metrics.conflicts.inc()
