"""The one bounded Redis pool of a process, its health probe, and how connections are named.

Publishing borrows from the pool; PING/INFO for the health endpoints go through a separate
one-connection probe with a short time limit of its own (a hung Redis must not make
/api/health wait ZEUES_REDIS_SOCKET_TIMEOUT); the pub/sub subscription has its own single
asyncio connection (see subscriber.py). So a process holds at most: the pool's connections
(usually one), the probe's one and the subscription's one."""

from __future__ import annotations

import re
import threading
from typing import Any

from redis import BlockingConnectionPool, Redis
from redis.backoff import NoBackoff
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.retry import Retry

from zeues.config import Settings

CHANNEL = "zeues:events"  # the default of ZEUES_REDIS_CHANNEL
# At the limit a caller waits this long for a free connection, then gets a clean
# ConnectionError("No connection available.") instead of opening connection number N+1.
POOL_WAIT_SECONDS = 0.5
# Time limit of each health-probe step (waiting for the probe connection, connecting, one
# command). Local Redis answers PING in well under a millisecond; half a second leaves room for
# a loaded host while keeping /api/health and /api/redis-health answering within about 1 s.
PROBE_SECONDS = 0.5


def client_name(process: str, role: str) -> str:
    """`CLIENT SETNAME` refuses spaces; the name is how operators find us in CLIENT LIST."""
    return re.sub(r"[^A-Za-z0-9_.:-]", "-", f"{process}-{role}")


class TrackedPool(BlockingConnectionPool):
    """A BlockingConnectionPool that counts what it lends (now and at peak) for monitoring."""

    def __init__(self, **kwargs: Any) -> None:
        self._count_lock = threading.Lock()
        self._lent: set[int] = set()
        self.peak_in_use = 0
        self.exhausted_waits = 0  # callers that gave up waiting for a free connection
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]  # redis-py leaves it untyped

    def get_connection(self, *args: Any, **kwargs: Any) -> Connection:
        try:
            conn: Connection = super().get_connection(*args, **kwargs)  # type: ignore[no-untyped-call]
        except RedisConnectionError as exc:
            if "No connection available" in str(exc):
                with self._count_lock:
                    self.exhausted_waits += 1
            raise
        with self._count_lock:
            self._lent.add(id(conn))
            self.peak_in_use = max(self.peak_in_use, len(self._lent))
        return conn

    def release(self, connection: Any) -> None:
        with self._count_lock:
            self._lent.discard(id(connection))
        super().release(connection)  # type: ignore[no-untyped-call]

    @property
    def in_use(self) -> int:
        with self._count_lock:
            return len(self._lent)


def make_pool(settings: Settings) -> TrackedPool:
    if settings.redis_url is None:
        raise ValueError("ZEUES_REDIS_URL no está configurado")
    pool = TrackedPool.from_url(
        settings.redis_url,
        max_connections=settings.redis_pool_max_connections,
        timeout=POOL_WAIT_SECONDS,
        socket_timeout=settings.redis_socket_timeout,
        socket_connect_timeout=settings.redis_socket_connect_timeout,
        health_check_interval=settings.redis_health_check_interval,
        client_name=client_name(settings.process_name, "pool"),
        # No retries: get_connection already replaces a socket that went stale across a Redis
        # restart, and retrying against a down or hung Redis only multiplies the wait.
        retry=Retry(NoBackoff(), 0),
    )
    assert isinstance(pool, TrackedPool)
    return pool


def make_client(pool: TrackedPool) -> Redis:
    return Redis(connection_pool=pool)


def make_probe(settings: Settings) -> Redis:
    """The health probe: its own single connection, short timeouts, never retried."""
    if settings.redis_url is None:
        raise ValueError("ZEUES_REDIS_URL no está configurado")
    pool = BlockingConnectionPool.from_url(
        settings.redis_url,
        max_connections=1,
        # Concurrent health checks queue for the one connection, for at most this long.
        timeout=PROBE_SECONDS,
        socket_timeout=PROBE_SECONDS,
        socket_connect_timeout=PROBE_SECONDS,
        client_name=client_name(settings.process_name, "health"),
        retry=Retry(NoBackoff(), 0),
    )
    return Redis(connection_pool=pool)


def unreachable_reason(settings: Settings) -> str | None:
    """One PING at start: None when Redis answers, else why not (never the URL: it may hold a
    password)."""
    probe = make_probe(settings)
    try:
        probe.ping()
    except (RedisError, OSError) as exc:
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc) else ''}"
    finally:
        probe.close()
    return None
