"""Where a request's time goes: samples `zeues serve` with py-spy while wrk drives one scenario,
then prints the share of samples per category (HTTP, validation, SQL building, driver, commit,
fan-out, thread hand-off, ours) and keeps the raw stacks (collapsed, one line a stack).

    python bench/profile_server.py live            # GET /api/health/live
    python bench/profile_server.py tomar           # TOMAR→PAUSAR on SQLite (bench/tomar_pausar.lua)
    python bench/profile_server.py tomar-pg        # the same on PostgreSQL + Redis, --workers 2
    python bench/profile_server.py sse --seconds 30   # 1,000 SSE clients, a burst of 60 commits
    python bench/profile_server.py tomar --seconds 15 --out /tmp/prof

Needs `py-spy` (pip install py-spy) and `wrk`; sampling a process needs ptrace rights (root).
Shares are of samples taken while a thread holds the GIL (`--gil`): CPU spent in Python and in C
code called with the GIL; waits on the database file lock or the network are not in them.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.compare import LUA, TOKEN, free_tags, pg_redis_demo, sse_burst, wrk  # noqa: E402
from tests.infra.processes import zeues_env  # noqa: E402
from tests.infra.servers import free_port  # noqa: E402

PY_SPY = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")

# First match wins, checked from the innermost frame outwards: a sample counts for the most
# specific thing it was doing (a commit inside SQLAlchemy is "commit", not "SQL building").
CATEGORIES: list[tuple[str, tuple[str, ...]]] = [
    ("commit", ("commit (", "_commit_impl", "do_commit")),
    ("driver (sqlite3/psycopg execute, fetch)", ("do_execute", "sqlite3", "psycopg/", "fetchone")),
    ("SQL building/compile (SQLAlchemy)", ("sqlalchemy/sql/", "compiler.py", "_compile_w_cache")),
    ("SQLAlchemy engine/result/pool", ("sqlalchemy/",)),
    ("response encode (json, jsonable_encoder)", ("jsonable_encoder", "json/encoder", "render (")),
    ("validation (pydantic, FastAPI params)", ("pydantic", "fastapi/dependencies", "_validate")),
    ("fan-out / SSE", ("zeues/adapters/memory", "zeues/adapters/live", "sse_starlette")),
    ("metrics / CORS middleware", ("prometheus_client", "zeues/api/metrics", "middleware/cors")),
    (
        "thread pool hand-off (anyio to_thread)",
        ("anyio/to_thread", "anyio/_backends", "threading.py"),
    ),
    ("ZEUES code (domain, services, API)", ("zeues/",)),
    (
        "HTTP (uvicorn, starlette routing, FastAPI)",
        ("uvicorn", "h11", "httptools", "starlette", "fastapi"),
    ),
    ("asyncio loop", ("asyncio", "uvloop")),
]


def categorise(stack: str) -> str:
    frames = stack.split(";")[::-1]  # innermost first
    for frame in frames:
        for name, needles in CATEGORIES:
            if any(n in frame for n in needles):
                return name
    return "other"


def shares(raw: Path) -> tuple[collections.Counter[str], int]:
    counts: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        counts[categorise(stack)] += int(n)
        total += int(n)
    return counts, total


@contextmanager
def _server(scenario: str, out: Path) -> Iterator[tuple[str, int]]:
    """The server to sample: `zeues serve --demo` on SQLite, one process; or, for tomar-pg,
    two worker processes on a durable PostgreSQL with Redis (as bench/compare.py runs them).
    Yields its base URL and the pid py-spy follows (with its subprocesses)."""
    if scenario == "tomar-pg":
        with pg_redis_demo(out) as base:
            yield base, _serve_pid(int(base.rsplit(":", 1)[1]))
        return
    port = free_port()
    env = zeues_env(f"sqlite:///{out}/bench.db", None, TOKEN, ZEUES_DATA_DIR=str(out))
    server = subprocess.Popen(
        [sys.executable, "-m", "zeues", "serve", "--demo", "--port", str(port)],
        env=env,
        cwd=out,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/api/health/live", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(15)


def _serve_pid(port: int) -> int:
    """The `zeues serve` process started with --port `port`."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and str(port).encode() in args:
            return int(cmdline.parent.name)
    raise RuntimeError(f"no zeues serve on port {port}")


def run(scenario: str, seconds: int, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with _server(scenario, out) as (base, pid):
        url, script = base + "/api/health/live", None
        if scenario.startswith("tomar"):
            free_tags(base, out)
            url, script = base, LUA
        if scenario != "sse":
            wrk(url, 1, script, cwd=out)  # warm-up
        raw = out / f"{scenario}.raw.txt"
        spy = subprocess.Popen(
            [
                PY_SPY,
                "record",
                "--pid",
                str(pid),
                "--subprocesses",
                "--gil",
                "--rate",
                "250",
                "--duration",
                str(seconds),
                "--format",
                "raw",
                "--output",
                str(raw),
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if scenario == "sse":
            _, total = sse_burst(base, 1000)
            result = {"rps": 60 / total}
            spy.send_signal(signal.SIGINT)  # burst over: py-spy writes what it sampled and stops
        else:
            result = wrk(url, seconds, script, cwd=out)
        spy.wait(seconds + 30)
    counts, total = shares(raw)
    print(f"{scenario}: {result['rps']:,.0f} req/s under py-spy; {total:,} samples with the GIL")
    for name, n in counts.most_common():
        print(f"  {100 * n / total:5.1f} %  {name}")
    print(f"raw stacks: {raw}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=["live", "tomar", "tomar-pg", "sse"])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="zeues-profile-"))
    run(args.scenario, args.seconds, out)


if __name__ == "__main__":
    main()
