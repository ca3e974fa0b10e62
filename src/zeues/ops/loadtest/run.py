"""``zeues loadtest``: simulate a shop floor (workers + SSE dashboards) against one base URL.

The floor itself is in :mod:`zeues.ops.loadtest.floor`; percentiles come from HdrHistogram and the
summary from :mod:`zeues.ops.loadtest.summary`.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from typing import Any

import httpx

from zeues.ops import calls as api
from zeues.ops.client import AsyncZeuesClient, parse_workers, server_date
from zeues.ops.loadtest.config import LoadConfig
from zeues.ops.loadtest.floor import Floor, FloorWorker, sse_dashboard
from zeues.ops.loadtest.stats import Stats
from zeues.ops.loadtest.summary import summarise
from zeues.ops.sessions import SessionsRefused, open_sessions_async

SSE_GRACE_S = 2.0


async def pool_sampler(floor: Floor) -> None:
    """Every second, read this process's Redis pool stats and keep the peak."""
    stats = floor.stats
    while floor.running():
        result = await floor.send(api.redis_stats())
        if result.ok:
            if stats.pool_status != "error":  # one failed sample is enough to report
                stats.pool_status = str(result.get("status", "?"))
            stats.pool_peak_percent = max(
                stats.pool_peak_percent, float(result.get("utilization_percent") or 0.0)
            )
            stats.pool_peak_active = max(
                stats.pool_peak_active, int(result.get("active_connections") or 0)
            )
        await asyncio.sleep(1.0)


class LoadTestError(Exception):
    """The run could not start (no workers, no spools, server unreachable)."""


async def _seed(floor: Floor, count: int) -> str:
    if floor.config.admin_token:
        tags: list[str | None] = []
        for start in range(0, count, 20):
            batch = min(20, count - start)
            tags += await asyncio.gather(*(floor.new_spool() for _ in range(batch)))
        floor.jobs["ARM"].extend(t for t in tags if t)
        origin = f"creados LOAD-{floor.run_id}-NNNN (se crean más al terminar)"
    else:
        found = await floor.send(api.spools_iniciar("ARM", count))
        for item in found.get("spools", []) or []:
            estado = item.get("estado") if isinstance(item, dict) else None
            if isinstance(estado, dict) and (estado.get("arm"), estado.get("sold")) != (
                "PENDIENTE",
                "PENDIENTE",
            ):
                continue
            floor.jobs["ARM"].append(str(item["tag_spool"]))
        origin = "existentes libres para ARM (GET /api/spools/iniciar)"
    floor.ours.update(floor.jobs["ARM"])
    if not floor.jobs["ARM"]:
        raise LoadTestError("No hay spools disponibles para ARM; use --admin-token para crearlos")
    return origin


async def run_loadtest(config: LoadConfig, on_progress: Any = None) -> dict[str, Any]:
    """Run the simulation and return the JSON-able summary (see :func:`summarise`)."""
    http = AsyncZeuesClient(
        config.base_url, config.admin_token, max_connections=config.workers + 10
    )
    sse_http = httpx.AsyncClient(
        base_url=http.base_url,
        timeout=httpx.Timeout(10.0, read=None),
        limits=httpx.Limits(max_connections=config.sse_clients + 1),
    )
    try:
        health = await http.send(api.health())
        if health.transport_error:
            raise LoadTestError(f"No se pudo conectar con {config.base_url}: {health.summary()}")
        everyone = parse_workers(await http.send(api.workers()))
        crew = [w for w in everyone if w.can("ARM") or w.can("SOLD")][: config.workers]
        if not any(w.can("ARM") for w in crew):
            raise LoadTestError("No hay trabajadores activos con rol de ARM")
        try:  # where the floor asks for each worker's PIN: a test session each (admin token)
            await open_sessions_async(http, crew)
        except SessionsRefused as exc:
            raise LoadTestError(str(exc)) from exc
        floor = Floor(config, http, server_date(health))
        origin = await _seed(floor, config.spools or max(config.workers, 10))
        floor.stats = Stats()
        readies = [asyncio.Event() for _ in range(config.sse_clients)]
        dashboards = [
            asyncio.create_task(sse_dashboard(floor, sse_http, ready)) for ready in readies
        ]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 10.0)
        floor.started = time.monotonic()
        floor.deadline = floor.started + config.duration_s
        rng = random.Random(config.seed)
        actors = [FloorWorker(floor, w, random.Random(rng.random())).run() for w in crew]
        ticker = asyncio.create_task(_tick(floor, on_progress))
        await asyncio.wait_for(
            asyncio.gather(*actors, pool_sampler(floor)), config.duration_s + 30.0
        )
        elapsed = time.monotonic() - floor.started
        ticker.cancel()
        await asyncio.sleep(SSE_GRACE_S if config.sse_clients else 0)
        for task in dashboards:
            task.cancel()
        await asyncio.gather(*dashboards, ticker, return_exceptions=True)
        floor.settle_early_events()
        return summarise(floor, elapsed, crew, origin)
    finally:
        await http.aclose()
        await sse_http.aclose()


async def _tick(floor: Floor, on_progress: Any) -> None:
    last_requests, last_time = 0, time.monotonic()
    while on_progress is not None:
        await asyncio.sleep(0.5)
        now, stats = time.monotonic(), floor.stats
        rate = (stats.requests - last_requests) / max(now - last_time, 1e-6)
        last_requests, last_time = stats.requests, now
        on_progress(
            {
                "elapsed_s": now - floor.started,
                "requests": stats.requests,
                "rps": rate,
                "errors": stats.unexpected + stats.server_errors,
                "server_errors": stats.server_errors,
                "conflicts": stats.contention_409,
                "p95_ms": stats.latencies.percentile(95),
                "sse_events": stats.sse_received,
            }
        )
