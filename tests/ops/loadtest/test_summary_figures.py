"""The verdict's text shows the very figure the JSON reports: a run once failed its own check
with "46.8 ms" in the criterion beside a reported p99 of 46.85 ms (rounded twice)."""

from __future__ import annotations

import asyncio

from zeues.ops.client import AsyncZeuesClient
from zeues.ops.loadtest.config import LoadConfig
from zeues.ops.loadtest.floor import Floor
from zeues.ops.loadtest.summary import HEADLINE, summarise

SSE_CRITERION = "Entrega SSE p99"


def test_the_sse_criterion_reads_the_reported_p99_for_any_delay() -> None:
    http = AsyncZeuesClient("http://127.0.0.1:9")  # never called: the summary reads stats only
    try:
        for n in range(400):
            floor = Floor(LoadConfig(base_url=http.base_url, sse_clients=1), http, "2026-12-07")
            delay = 40.0 + n * 0.0537  # a sweep across rounding boundaries, 40 to about 61 ms
            floor.stats.sse.record(HEADLINE, delay)
            floor.stats.sse_expected = floor.stats.sse_received = 1
            summary = summarise(floor, 1.0, [], "demo")
            [shown] = [c for c in summary["criteria"] if c["name"].startswith(SSE_CRITERION)]
            reported = summary["sse"]["p99_ms"]
            assert shown["observed"] == f"{reported:.1f} ms", (delay, reported, shown)
    finally:
        asyncio.run(http.aclose())
