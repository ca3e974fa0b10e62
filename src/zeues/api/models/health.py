"""Bodies of the health family (CONTRACT §2.6)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class HealthDetails(BaseModel):
    database_error: str | None = None
    redis_error: str | None = None
    redis_pool_stats: dict[str, object] | None = None


class BackupHealth(BaseModel):
    """The last good backup (issue 19): `ok`, `stale` (older than twice the interval, or 48 h
    without a schedule), `none` (no copy yet) or `error` (the last scheduled copy failed)."""

    status: Literal["ok", "stale", "none", "error"]
    folder: str
    last_backup_at: datetime | None = None
    age_hours: float | None = None
    file: str | None = None
    error: str | None = None


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
    # Not part of `status`: an old backup does not stop the floor, the console shows it.
    backup: BackupHealth | None = None


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
