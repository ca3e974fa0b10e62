"""Benchmark: TOMAR→PAUSAR cycles at a given concurrency, next to a no-op endpoint measured in the
same run. Prints figures; asserts nothing.

    python bench/occupation.py                      # starts `zeues serve --demo` on a temp SQLite
    python bench/occupation.py --server-workers 2   # two API processes
    python bench/occupation.py --base-url http://127.0.0.1:8000   # an already running server
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

import httpx
from hdrh.histogram import HdrHistogram

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.infra.live import live_server


def _histogram() -> HdrHistogram:
    return HdrHistogram(1, 60_000_000, 3)  # microseconds, 1 µs .. 60 s


async def _noop(client: httpx.AsyncClient, hist: HdrHistogram, until: float) -> int:
    count = 0
    while time.monotonic() < until:
        start = time.perf_counter()
        response = await client.get("/api/health/live")
        hist.record_value(max(1, int((time.perf_counter() - start) * 1e6)))
        response.raise_for_status()
        count += 1
    return count


async def _cycles(
    client: httpx.AsyncClient, tag: str, worker: int, hists: dict[str, HdrHistogram], until: float
) -> int:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": "ARM"}
    count = 0
    while time.monotonic() < until:
        for action in ("tomar", "pausar"):
            start = time.perf_counter()
            response = await client.post(f"/api/occupation/{action}", json=body)
            hists[action].record_value(max(1, int((time.perf_counter() - start) * 1e6)))
            if response.status_code != 200:
                raise RuntimeError(f"{action} {tag}: {response.status_code} {response.text}")
            count += 1
    return count


def _line(name: str, hist: HdrHistogram, ops: int, seconds: float) -> str:
    p50 = hist.get_value_at_percentile(50) / 1000
    p99 = hist.get_value_at_percentile(99) / 1000
    return f"{name:<22} {ops / seconds:>9.0f} {p50:>9.2f} {p99:>9.2f} {ops:>9}"


async def run(base: str, concurrency: int, seconds: float) -> None:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        workers = [
            w["id"]
            for w in (await client.get("/api/workers")).json()["workers"]
            if {"Armador", "Ayudante"} & set(w["roles"])
        ]
        free = await client.get(
            "/api/spools/iniciar", params={"operacion": "ARM", "limit": concurrency, "q": "MK"}
        )
        tags = [s["tag_spool"] for s in free.json()["spools"]]
        assert len(tags) >= concurrency and len(workers) >= concurrency
        noop_hist = _histogram()
        until = time.monotonic() + seconds
        noop_ops = sum(
            await asyncio.gather(*(_noop(client, noop_hist, until) for _ in range(concurrency)))
        )
        hists = {"tomar": _histogram(), "pausar": _histogram()}
        until = time.monotonic() + seconds
        ops = sum(
            await asyncio.gather(
                *(_cycles(client, tags[i], workers[i], hists, until) for i in range(concurrency))
            )
        )
    both = _histogram()
    both.add(hists["tomar"])
    both.add(hists["pausar"])
    print(f"concurrency {concurrency}, {seconds:g} s per phase, target {base}")
    print(f"{'endpoint':<22} {'ops/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'requests':>9}")
    print(_line("GET /api/health/live", noop_hist, noop_ops, seconds))
    print(_line("TOMAR", hists["tomar"], hists["tomar"].get_total_count(), seconds))
    print(_line("PAUSAR", hists["pausar"], hists["pausar"].get_total_count(), seconds))
    print(_line("TOMAR+PAUSAR (all)", both, ops, seconds))
    ratio = hists["tomar"].get_value_at_percentile(50) / noop_hist.get_value_at_percentile(50)
    print(f"TOMAR p50 / no-op p50 = {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--server-workers", type=int, default=1)
    args = parser.parse_args()
    if args.base_url:
        asyncio.run(run(args.base_url, args.concurrency, args.seconds))
        return
    with (
        tempfile.TemporaryDirectory() as tmp,
        live_server(Path(tmp), workers=args.server_workers) as base,
    ):
        asyncio.run(run(base, args.concurrency, args.seconds))


if __name__ == "__main__":
    main()
