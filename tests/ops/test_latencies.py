"""Per-endpoint latency histograms shared by ``zeues monitor`` and ``zeues loadtest``."""

from __future__ import annotations

import pytest

from zeues.ops.latencies import Latencies


def test_percentiles_come_from_hdrhistogram_per_endpoint_and_merged() -> None:
    latencies = Latencies()
    for ms in range(1, 101):
        latencies.record("GET /a", float(ms))
    latencies.record("GET /b", 1000.0)
    assert latencies.percentile(50, "GET /a") == pytest.approx(50, rel=0.01)
    assert latencies.percentile(99, "GET /a") == pytest.approx(99, rel=0.01)
    assert latencies.percentile(100) == pytest.approx(1000, rel=0.01)
    assert latencies.count() == 101
    summary = latencies.summary()
    assert set(summary) == {"GET /a", "GET /b"}
    assert summary["GET /a"]["p95_ms"] == pytest.approx(95, rel=0.01)


def test_an_empty_histogram_reports_zero_instead_of_failing() -> None:
    assert Latencies().percentile(95) == 0.0
    assert Latencies().max() == 0.0
