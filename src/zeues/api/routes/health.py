"""Health family (CONTRACT §2.6): always 200 and truthful, except readiness for orchestrators."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from zeues import __version__
from zeues.api.deps import Deps
from zeues.container import Container
from zeues.services.ports import StoreUnavailable

router = APIRouter(prefix="/api", tags=["health"])


class HealthDetails(BaseModel):
    database_error: str | None = None
    redis_error: str | None = None
    redis_pool_stats: dict[str, object] | None = None


class HealthResponse(BaseModel):
    status: Literal["healthy", "degraded", "unhealthy"]
    operational: bool
    timestamp: datetime
    environment: str
    version: str
    database: Literal["ok", "error"]
    sheets_connection: Literal["ok", "error"]
    redis_connection: Literal["ok", "error", "disabled"]
    details: HealthDetails


class RedisHealthResponse(BaseModel):
    status: Literal["healthy", "unhealthy", "disabled"]
    operational: bool
    message: str
    version: str | None = None
    connected_clients: int | None = None
    used_memory_human: str | None = None
    uptime_in_seconds: int | None = None
    latency_ms: float | None = None


class PoolStatsResponse(BaseModel):
    status: Literal["ok", "disabled", "error"]
    max_connections: int
    active_connections: int
    available_connections: int
    utilization_percent: float
    peak_active_connections: int
    pubsub_connections: int
    sse_clients: int
    alert: Literal["HIGH_UTILIZATION", "EXHAUSTED"] | None
    process: str
    timestamp: datetime
    message: str | None = None


def _database_error(c: Container) -> str | None:
    try:
        c.store.ping()
    except Exception as exc:  # any failure to reach the database is reported, not raised
        # Named by the driver's error the store wrapped, as operators have always read it.
        shown = exc.__cause__ if isinstance(exc, StoreUnavailable) and exc.__cause__ else exc
        return f"{type(shown).__name__}: {str(exc).splitlines()[0][:300]}"
    return None


@router.get("/health", response_model=HealthResponse)
def health(c: Deps) -> HealthResponse:
    """Estado de cada dependencia. Redis caído = degraded (la ocupación sigue funcionando)."""
    db_error = _database_error(c)
    database: Literal["ok", "error"] = "error" if db_error else "ok"
    redis = c.redis_status()
    status: Literal["healthy", "degraded", "unhealthy"] = "healthy"
    if db_error:
        status = "unhealthy"
    elif redis.state == "error":
        status = "degraded"
    return HealthResponse(
        status=status,
        operational=db_error is None,
        timestamp=c.clock().astimezone(c.settings.tz),
        environment=c.settings.environment,
        version=__version__,
        database=database,
        sheets_connection=database,
        redis_connection=redis.state,
        details=HealthDetails(
            database_error=db_error, redis_error=redis.error, redis_pool_stats=redis.pool
        ),
    )


@router.get("/health/live")
def live() -> dict[str, str]:
    """200 mientras el proceso corre."""
    return {"status": "alive"}


@router.get(
    "/health/ready",
    responses={503: {"description": "La base de datos no responde"}},
)
def ready(c: Deps) -> JSONResponse:
    """503 (con Retry-After) cuando la base de datos no responde."""
    db_error = _database_error(c)
    if db_error:
        return JSONResponse(
            {"status": "not_ready", "database": "error", "database_error": db_error},
            status_code=503,
            headers={"Retry-After": "2"},
        )
    return JSONResponse({"status": "ready", "database": "ok"})


@router.get("/redis-health", response_model=RedisHealthResponse)
def redis_health(c: Deps) -> RedisHealthResponse:
    return RedisHealthResponse(**c.redis_health())


@router.get("/redis-connection-stats", response_model=PoolStatsResponse)
def redis_connection_stats(c: Deps) -> PoolStatsResponse:
    """Uso del pool de Redis de ESTE proceso."""
    return PoolStatsResponse(**c.redis_pool_stats())
