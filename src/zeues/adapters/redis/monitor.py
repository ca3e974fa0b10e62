"""RedisMonitor: what /api/health, /api/redis-health and /api/redis-connection-stats report.

Every number is read from this process's pool, subscriber and a real PING/INFO; nothing is
cached, so the answers are truthful at the cost of one round trip through the health probe
(client.make_probe: bounded by PROBE_SECONDS, not ZEUES_REDIS_SOCKET_TIMEOUT, so a hung Redis
answers "error" in about half a second; skipped while a failed publish has the breaker open, or
while our subscription is down: the answer is already known)."""

from __future__ import annotations

import time
from typing import Any, Literal

from redis import Redis
from redis.exceptions import RedisError

from zeues.adapters.redis.bus import RedisBus
from zeues.adapters.redis.client import TrackedPool
from zeues.adapters.redis.subscriber import Subscriber
from zeues.config import Settings
from zeues.services.ports import Clock, RedisStatus

Alert = Literal["HIGH_UTILIZATION", "EXHAUSTED"] | None


def pool_alert(in_use: int, maximum: int, alert_percent: float) -> Alert:
    if in_use >= maximum:
        return "EXHAUSTED"
    if in_use * 100.0 / maximum > alert_percent:
        return "HIGH_UTILIZATION"
    return None


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"


class RedisPoolMonitor:
    def __init__(
        self,
        settings: Settings,
        probe: Redis,
        pool: TrackedPool,
        subscriber: Subscriber,
        bus: RedisBus,
        clock: Clock,
    ) -> None:
        self._settings = settings
        self._probe = probe
        self._pool = pool
        self._subscriber = subscriber
        self._bus = bus
        self._clock = clock

    def status(self) -> RedisStatus:
        sub = self._subscriber
        error: str | None
        if not sub.connected:
            # Live updates between processes are paused, whatever a PING would say.
            reason = sub.last_error or "conectando"
            error = f"Suscripción pub/sub de Redis desconectada ({reason})"
        elif self._bus.breaker_open and self._bus.last_error:
            # A publish just failed: say so without making the health check wait on Redis.
            error = f"Redis no acepta publicaciones ({self._bus.last_error})"
        else:
            error = self._ping_error()
        return RedisStatus("error" if error else "ok", error, self.pool_stats())

    def _ping_error(self) -> str | None:
        try:
            self._probe.ping()
        except (RedisError, OSError) as exc:
            return _error(exc)
        return None

    def health(self) -> dict[str, Any]:
        try:
            started = time.perf_counter()
            self._probe.ping()
            latency_ms = (time.perf_counter() - started) * 1000
            info: dict[str, Any] = self._probe.info()
        except (RedisError, OSError) as exc:
            return {
                "status": "unhealthy",
                "operational": True,
                "message": "Redis no responde: la ocupación sigue funcionando, las "
                f"actualizaciones en vivo entre procesos esperan. ({_error(exc)})",
            }
        return {
            "status": "healthy",
            "operational": True,
            "message": "Redis responde",
            "version": str(info.get("redis_version")),
            "connected_clients": int(info.get("connected_clients", 0)),
            "used_memory_human": str(info.get("used_memory_human")),
            "uptime_in_seconds": int(info.get("uptime_in_seconds", 0)),
            "latency_ms": round(latency_ms, 3),
        }

    def pool_stats(self) -> dict[str, Any]:
        maximum = self._pool.max_connections
        in_use = self._pool.in_use
        connected = self._subscriber.connected
        return {
            "status": "ok" if connected else "error",
            "max_connections": maximum,
            "active_connections": in_use,
            "available_connections": max(maximum - in_use, 0),
            "utilization_percent": round(in_use * 100.0 / maximum, 1),
            "peak_active_connections": self._pool.peak_in_use,
            "pubsub_connections": 1 if connected else 0,
            "alert": pool_alert(in_use, maximum, self._settings.redis_pool_alert_percent),
            "process": self._settings.process_name,
            "timestamp": self._clock().astimezone(self._settings.tz),
            "message": None if connected else "Suscripción pub/sub desconectada",
        }
