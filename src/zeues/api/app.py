"""The FastAPI application around a built container (zeues.asgi builds one from settings)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from starlette.middleware.gzip import GZipMiddleware

from zeues import __version__
from zeues.api import errors
from zeues.api.admin_gate import AdminGate
from zeues.api.commands import CommandPath
from zeues.api.cors import LoggedCORSMiddleware
from zeues.api.floor_reads import FloorReadsGate
from zeues.api.intake import IntakeMiddleware, Limits
from zeues.api.metrics import Metrics, MetricsMiddleware
from zeues.api.routes import (
    actions,
    admin,
    docs,
    floor_sessions,
    health,
    history,
    inspection,
    occupation,
    pins,
    spools,
    stream,
    supervisor_reads,
    tablets,
    tablets_admin,
    transfer,
    unions,
    workers,
)
from zeues.container import Container
from zeues.web import pages

GZIP_MIN_BYTES = 1000
DESCRIPTION = """Trazabilidad de spools en tiempo real: quién tiene qué spool, ahora.

Errores: siempre `{"error", "detail", "message", "data"}`; validación 422 `VALIDATION_ERROR`."""


def create_app(container: Container) -> FastAPI:
    """The app serves `container` and closes it when its lifespan ends."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        container.hub.bind(asyncio.get_running_loop())
        await container.start()
        yield
        await container.stop()
        container.close()

    app = FastAPI(
        title="ZEUES",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served by routes/docs.py from packaged assets (works offline)
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
        # ZEUES exports Prometheus metrics (/metrics) and no OpenTelemetry; left on, FastAPI
        # looks for an OpenTelemetry provider in the environment on every request (3 % of a
        # command's CPU in bench/profile_server.py tomar).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.container = container
    # The one way in for every write (api/commands.py), shared by every write route.
    app.state.commands = CommandPath(
        container.commands, container.lane, container.shop.tz, container.access
    )
    errors.install(app)
    # Matched in this order: the probes a load balancer sends every few seconds first (fixed
    # paths, they shadow nothing), then the floor's commands.
    routers = (
        health,
        occupation,
        inspection,
        workers,
        spools,
        actions,
        history,
        stream,
        admin,
        docs,
        transfer,
        supervisor_reads,
        floor_sessions,
        pins,
        tablets,
        tablets_admin,
        unions,
    )
    for module in routers:
        app.include_router(module.router)

    metrics = Metrics(container)

    pages.install(
        app,
        timezone=container.settings.timezone,
        sse_ping_seconds=container.settings.sse_ping_seconds,
    )

    @app.get("/metrics", include_in_schema=False)
    def prometheus() -> PlainTextResponse:
        return PlainTextResponse(metrics.render(), media_type="text/plain; version=0.0.4")

    settings = container.settings

    def supervisor(token: str) -> bool:
        return container.access.supervisor(token, container.shop.now()) is not None

    if settings.floor_reads == "dispositivo":
        app.add_middleware(
            FloorReadsGate,
            access=container.access,
            admin_token=container.admin_token,
            supervisor=supervisor,
        )

    app.state.admin_gate = gate = AdminGate(
        container.admin_token,
        settings.admin_max_failures,
        settings.admin_lockout_seconds,
        accepts=supervisor,
    )
    # JSON answers compressed (a first screen is ~10x smaller); Starlette never compresses
    # text/event-stream, so live events are not held back in a compressor's buffer. Innermost.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=5)
    # Inside CORS: its refusals (413, an upload's 401) still get CORS headers.
    limits = Limits(settings.max_json_bytes, settings.max_upload_bytes)
    app.add_middleware(IntakeMiddleware, limits=limits, gate=gate)
    app.add_middleware(LoggedCORSMiddleware, allow_origins=settings.origins)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app
