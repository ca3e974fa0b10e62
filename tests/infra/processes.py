"""Real `zeues` processes (`python -m zeues ...`) for tests and benchmarks that need several API
processes on one database, as they run in production. Each process is stopped by its own pid."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from tests.infra.servers import free_port

# Only bounds a server that never starts: `--demo --workers 2` on a machine kept busy took
# over 60 s to answer ready (issue 23's loaded runs), seconds when idle.
START_TIMEOUT = 180.0


def zeues_env(
    database_url: str, redis_url: str | None, admin_token: str, **extra: str
) -> dict[str, str]:
    env = {
        **os.environ,
        "ZEUES_DATABASE_URL": database_url,
        "ZEUES_ADMIN_TOKEN": admin_token,
        **extra,
    }
    env.pop("ZEUES_REDIS_URL", None)
    if redis_url:
        env["ZEUES_REDIS_URL"] = redis_url
    return env


def run_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "zeues", *args], env=env, capture_output=True, text=True, timeout=180
    )
    if done.returncode != 0:
        raise RuntimeError(f"zeues {' '.join(args)} falló:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@contextmanager
def zeues_serve(
    env: dict[str, str],
    logdir: Path,
    *,
    workers: int = 1,
    args: Sequence[str] = (),
    port: int | None = None,
) -> Iterator[str]:
    """`zeues serve` on a free port, or on `port` (to restart a server where its clients expect
    it), run in `logdir` with `args` such as `--demo` appended; yields its base URL once
    /api/health/ready answers 200."""
    port = port or free_port()
    log_path = logdir / f"serve-{port}.log"
    cmd = [sys.executable, "-m", "zeues", "serve", "--port", str(port), "--workers", str(workers)]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [*cmd, *args], cwd=logdir, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, proc, log_path)
            yield base
        finally:
            proc.terminate()  # uvicorn shuts its worker processes down on SIGTERM
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


@contextmanager
def zeues_cluster(
    env: dict[str, str], logdir: Path, count: int, workers: int = 1
) -> Iterator[list[str]]:
    """Several independent `zeues serve` processes sharing one database (and Redis)."""
    with ExitStack() as stack:
        yield [stack.enter_context(zeues_serve(env, logdir, workers=workers)) for _ in range(count)]


def wait_ready(base: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"zeues serve terminó:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/api/health/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"zeues serve no respondió en {base}:\n{log_path.read_text()[-3000:]}")
