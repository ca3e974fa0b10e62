"""Verdict rules of ``zeues monitor``, without any server."""

from __future__ import annotations

import pytest

from zeues.ops.monitor.result import MonitorResult, Sample


def _monitor(*samples: Sample) -> MonitorResult:
    result = MonitorResult("http://x", "2026-01-01T00:00:00+00:00", 1.0, 2.0)
    result.samples.extend(samples)
    return result


def _sample(**changes: object) -> Sample:
    sample = Sample("2026-01-01T10:00:00+00:00", "healthy", "disabled", 0, 20, 0.0)
    sample.latencies_ms = {"GET /api/health": 5.0}
    sample.statuses = {"GET /api/health": 200}
    for name, value in changes.items():
        setattr(sample, name, value)
    return sample


def test_monitor_is_stable_when_every_criterion_holds() -> None:
    assert _monitor(_sample(), _sample()).verdict == "STABLE"


@pytest.mark.parametrize(
    ("sample", "verdict"),
    [
        (_sample(health="degraded"), "NEEDS ATTENTION"),
        (_sample(utilization_percent=80.0), "NEEDS ATTENTION"),
        (_sample(latencies_ms={"GET /api/workers": 2000.0}), "NEEDS ATTENTION"),
        (_sample(health="unhealthy"), "CRITICAL"),
        (_sample(statuses={"GET /api/workers": 503}), "CRITICAL"),
        (_sample(statuses={"GET /api/workers": 0}), "CRITICAL"),
    ],
)
def test_monitor_verdict_degrades_with_the_worst_sample(sample: Sample, verdict: str) -> None:
    result = _monitor(_sample(), sample)
    assert result.verdict == verdict
    assert result.exit_code == {"NEEDS ATTENTION": 1, "CRITICAL": 2}[verdict]


def test_monitor_without_samples_is_not_stable() -> None:
    assert _monitor().verdict == "NEEDS ATTENTION"
