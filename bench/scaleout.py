"""Benchmark: the production shape — PostgreSQL + Redis, one `zeues serve --workers N` (N API
processes) — measured with the same TOMAR→PAUSAR cycles and no-op endpoint as
bench/occupation.py. Prints figures; asserts nothing.

    python bench/scaleout.py                        # private PostgreSQL + Redis, 2 processes
    python bench/scaleout.py --server-workers 4 --concurrency 32
    python bench/scaleout.py --database-url postgresql://u@db/zeues --redis-url redis://r:6379/0
    python bench/scaleout.py --wrk                  # C load generator (bench/occupation_wrk.sh)

Without --database-url a private PostgreSQL cluster is started (tests/infra), durable
(fsync, synchronous commit) like production unless --fast-pg; without --redis-url, a
private Redis. The database is seeded with the demo data first (`zeues seed --demo`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import _servers  # first: it puts the repository on sys.path for tests.infra
import httpx
from occupation import run  # (same measurement as the embedded benchmark)
from sqlalchemy import create_engine, text
from tests.infra.processes import run_cli, zeues_env, zeues_serve
from tests.infra.servers import create_database

from zeues.config import normalise_database_url

ROOT = _servers.ROOT
ADMIN_TOKEN = "bench-admin-token-0123456789"


@contextmanager
def _database(args: argparse.Namespace, stack: ExitStack) -> Iterator[str]:
    if args.database_url:
        yield args.database_url
        return
    yield create_database(_servers.private_postgres(stack, args.fast_pg).url)


def _redis(args: argparse.Namespace, stack: ExitStack) -> str:
    if args.redis_url:
        url: str = args.redis_url
        return url
    return _servers.private_redis(stack).url


def _connections(database_url: str) -> str:
    """Server-side view: connections per application_name (one pool per API process)."""
    engine = create_engine(normalise_database_url(database_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT application_name, count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "GROUP BY 1 ORDER BY 1"
                )
            ).all()
    finally:
        engine.dispose()
    return ", ".join(f"{name or '?'}={n}" for name, n in rows)


def _warm_up(base: str, seconds: float) -> None:
    """uvicorn answers as soon as one worker is up: give the others time to start too."""
    until = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=10) as client:
        while time.monotonic() < until:
            client.get("/api/health/ready")


def _wrk(args: argparse.Namespace, database_url: str, redis_url: str) -> None:
    env = {
        **os.environ,
        "ZEUES_DATABASE_URL": database_url,
        "ZEUES_REDIS_URL": redis_url,
        "PYTHON": sys.executable,
    }
    script = ROOT / "bench" / "occupation_wrk.sh"
    workers, seconds = str(args.server_workers), str(int(args.seconds))
    cmd = ["bash", str(script), workers, seconds, str(args.concurrency)]
    subprocess.run(cmd, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url")
    parser.add_argument("--fast-pg", action="store_true", help="private PG without fsync")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--server-workers", type=int, default=2)
    parser.add_argument(
        "--wrk",
        action="store_true",
        help="measure with wrk (bench/occupation_wrk.sh): the Python client eats CPU itself",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        database_url = stack.enter_context(_database(args, stack))
        redis_url = _redis(args, stack)
        if args.wrk:
            _wrk(args, database_url, redis_url)  # the script stops its server itself
            return
        env = zeues_env(database_url, redis_url, ADMIN_TOKEN, ZEUES_DATA_DIR=tmp)
        run_cli(env, "seed", "--demo")
        base = stack.enter_context(zeues_serve(env, Path(tmp), workers=args.server_workers))
        _warm_up(base, 3.0)
        durability = "external" if args.database_url else ("fast" if args.fast_pg else "durable")
        print(f"PostgreSQL ({durability}) + Redis, `zeues serve --workers {args.server_workers}`")
        asyncio.run(run(base, args.concurrency, args.seconds))
        print(f"PostgreSQL connections after the run: {_connections(database_url)}")


if __name__ == "__main__":
    main()
