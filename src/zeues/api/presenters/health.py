"""Bodies of the health family (CONTRACT §2.6): truthful about each dependency."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi.responses import JSONResponse

from zeues import __version__
from zeues.api.models.health import (
    BackupHealth,
    HealthDetails,
    HealthResponse,
    PoolStatsResponse,
    RedisHealthResponse,
)
from zeues.services.backups import BackupStatus
from zeues.services.ports import RedisMonitor, RedisStatus
from zeues.services.sources import Probes


def health_out(
    db_error: str | None,
    redis: RedisStatus,
    now: datetime,
    environment: str,
    backup: BackupStatus | None = None,
) -> HealthResponse:
    """Redis down is `degraded` (occupation keeps working); the database down is `unhealthy`."""
    database: Literal["ok", "error"] = "error" if db_error else "ok"
    status: Literal["healthy", "degraded", "unhealthy"] = "healthy"
    if db_error:
        status = "unhealthy"
    elif redis.state == "error":
        status = "degraded"
    return HealthResponse(
        status=status,
        operational=db_error is None,
        timestamp=now,
        environment=environment,
        version=__version__,
        database=database,
        sheets_connection=database,
        redis_connection=redis.state,
        details=HealthDetails(
            database_error=db_error, redis_error=redis.error, redis_pool_stats=redis.pool
        ),
        backup=_backup_out(backup, now),
    )


def _backup_out(found: BackupStatus | None, now: datetime) -> BackupHealth | None:
    if found is None:
        return None
    shown = found.last_backup_at.astimezone(now.tzinfo) if found.last_backup_at else None
    return BackupHealth(
        status=found.state,
        folder=found.folder,
        last_backup_at=shown,
        age_hours=found.age_hours,
        file=found.file,
        error=found.error,
    )


def ready_response(db_error: str | None) -> JSONResponse:
    """503 (with Retry-After) while the database does not answer, for orchestrators."""
    if db_error:
        return JSONResponse(
            {"status": "not_ready", "database": "error", "database_error": db_error},
            status_code=503,
            headers={"Retry-After": "2"},
        )
    return JSONResponse({"status": "ready", "database": "ok"})


def redis_health_out(redis: RedisMonitor | None) -> RedisHealthResponse:
    if redis:
        return RedisHealthResponse(**redis.health())
    return RedisHealthResponse(
        status="disabled",
        operational=True,
        message="Redis no configurado (ZEUES_REDIS_URL): eventos en vivo en el proceso.",
    )


def pool_stats_out(probes: Probes, now: datetime) -> PoolStatsResponse:
    if probes.redis:
        return PoolStatsResponse(**probes.redis.pool_stats(), sse_clients=probes.sse_clients())
    return PoolStatsResponse(
        status="disabled",
        max_connections=0,
        active_connections=0,
        available_connections=0,
        utilization_percent=0.0,
        peak_active_connections=0,
        pubsub_connections=0,
        sse_clients=probes.sse_clients(),
        alert=None,
        process=probes.process_name,
        timestamp=now,
        message="Redis no configurado",
    )
