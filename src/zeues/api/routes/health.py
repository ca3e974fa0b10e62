"""Health family (CONTRACT §2.6): always 200 and truthful, except readiness for orchestrators."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from zeues.api.deps import HealthProbes, Shop
from zeues.api.models.health import HealthResponse, PoolStatsResponse, RedisHealthResponse
from zeues.api.presenters.health import (
    health_out,
    pool_stats_out,
    ready_response,
    redis_health_out,
)
from zeues.services.ports import StoreUnavailable
from zeues.services.sources import Probes

router = APIRouter(prefix="/api", tags=["health"])


def _database_error(probes: Probes) -> str | None:
    try:
        probes.ping_database()
    except Exception as exc:  # any failure to reach the database is reported, not raised
        # Named by the driver's error the store wrapped, as operators have always read it.
        shown = exc.__cause__ if isinstance(exc, StoreUnavailable) and exc.__cause__ else exc
        return f"{type(shown).__name__}: {str(exc).splitlines()[0][:300]}"
    return None


@router.get("/health", response_model=HealthResponse)
def health(probes: HealthProbes, shop: Shop) -> HealthResponse:
    """Estado de cada dependencia. Redis caído = degraded (la ocupación sigue funcionando)."""
    now = shop.now().astimezone(shop.tz)
    return health_out(
        _database_error(probes),
        probes.redis_status(),
        now,
        probes.environment,
        probes.backup_status(now),
    )


@router.get("/health/live")
async def live() -> dict[str, str]:  # async: no thread hop for a constant
    """200 mientras el proceso corre."""
    return {"status": "alive"}


@router.get(
    "/health/ready",
    responses={503: {"description": "La base de datos no responde"}},
)
def ready(probes: HealthProbes) -> JSONResponse:
    """503 (con Retry-After) cuando la base de datos no responde."""
    return ready_response(_database_error(probes))


@router.get("/redis-health", response_model=RedisHealthResponse)
def redis_health(probes: HealthProbes) -> RedisHealthResponse:
    return redis_health_out(probes.redis)


@router.get("/redis-connection-stats", response_model=PoolStatsResponse)
def redis_connection_stats(probes: HealthProbes, shop: Shop) -> PoolStatsResponse:
    """Uso del pool de Redis de ESTE proceso."""
    return pool_stats_out(probes, shop.now().astimezone(shop.tz))
