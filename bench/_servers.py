"""What the production-shape benchmarks (bench/scaleout.py, bench/floor_scaleout.py) share: the
repository on sys.path, since they start their servers with tests/infra, and a private
PostgreSQL and Redis for one run. Import it before anything of tests/ or bench/."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from tests.infra.servers import PostgresServer, RedisServer  # noqa: E402


def private_postgres(stack: ExitStack, fast: bool) -> PostgresServer:
    """A private PostgreSQL cluster, durable (fsync and synchronous commit on) like production
    unless `fast`; removed when `stack` closes."""
    server = PostgresServer(durable=not fast).start()
    stack.callback(server.cleanup)
    return server


def private_redis(stack: ExitStack) -> RedisServer:
    """A private Redis, removed when `stack` closes."""
    server = RedisServer().start()
    stack.callback(server.cleanup)
    return server
