"""Benchmark: the full demo ARM list as a v3.0 tablet loads it (`GET /api/spools/iniciar?
operacion=ARM`, no limit), one request at a time. Prints figures; asserts nothing.

    python bench/full_list.py                       # starts `zeues serve --demo` on a temp SQLite
    python bench/full_list.py --requests 200
    python bench/full_list.py --base-url http://127.0.0.1:8000   # an already running server
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.infra.live import live_server

PATH = "/api/spools/iniciar"


def measure(base: str, requests: int, warmup: int) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(warmup):
            client.get(PATH, params={"operacion": "ARM"}).raise_for_status()
        times, size, count = [], 0, 0
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(PATH, params={"operacion": "ARM"})
            times.append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
            body = response.json()
            count, size = len(body["spools"]), len(response.content)
    times.sort()
    print(
        f"GET {PATH}?operacion=ARM: {count} spools (total {body['total']}), {size / 1024:.0f} KiB"
    )
    print(
        f"requests {requests}: p50 {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    if args.base_url:
        measure(args.base_url, args.requests, args.warmup)
        return
    with tempfile.TemporaryDirectory() as folder, live_server(Path(folder)) as base:
        measure(base, args.requests, args.warmup)


if __name__ == "__main__":
    main()
