"""Verdict rules of the three tools, without any server."""

from __future__ import annotations

import pytest

from zeues.ops.client import ApiResult, Call, Worker, parse_workers, server_date
from zeues.ops.e2e import E2EResult
from zeues.ops.e2e_scenarios import SCENARIOS
from zeues.ops.e2e_steps import ScenarioResult, choose_workers
from zeues.ops.monitor_result import MonitorResult, Sample


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


def _e2e(*statuses: str) -> E2EResult:
    result = E2EResult("http://x", "TEST-02", "now", admin=True)
    result.scenarios = [ScenarioResult(i + 1, "s", status) for i, status in enumerate(statuses)]
    return result


def test_e2e_is_stable_only_at_8_of_8() -> None:
    assert len(SCENARIOS) == 8
    assert (_e2e(*["PASS"] * 8).verdict, _e2e(*["PASS"] * 8).exit_code) == ("STABLE", 0)
    assert (_e2e(*["PASS"] * 7, "FAIL").verdict, _e2e(*["PASS"] * 7, "FAIL").exit_code) == (
        "UNSTABLE",
        1,
    )
    skipped = _e2e("SKIP", "SKIP", "SKIP", "PASS", "PASS", "PASS", "SKIP", "SKIP")
    assert (skipped.verdict, skipped.exit_code, skipped.to_json()["success_rate"]) == (
        "INCOMPLETE",
        2,
        37.5,
    )


def test_e2e_picks_w1_able_to_arm_and_sold_and_an_inspector() -> None:
    workers = [
        Worker(9, "SS(9)", ("Soldador",)),
        Worker(10, "AA(10)", ("Ayudante",)),
        Worker(11, "AR(11)", ("Armador",)),
        Worker(12, "MM(12)", ("Metrologia",)),
    ]
    cast = choose_workers(workers)
    assert cast is not None
    assert (cast.w1.id, cast.w2.id, cast.inspector.id) == (10, 11, 12)
    assert choose_workers([Worker(1, "X", ("Metrologia",))]) is None


def test_workers_are_parsed_active_only_and_sorted_by_id() -> None:
    body = {
        "workers": [
            {"id": 94, "nombre_completo": "JP(94)", "roles": ["Armador"], "activo": True},
            {"id": 93, "nombre_completo": "MR(93)", "rol": "Soldador", "activo": True},
            {"id": 5, "nombre_completo": "XX(5)", "roles": ["Armador"], "activo": False},
        ]
    }
    workers = parse_workers(ApiResult(Call("w", "GET", "/"), 200, body, 1.0))
    assert [(w.id, w.roles) for w in workers] == [(93, ("Soldador",)), (94, ("Armador",))]


def test_the_business_date_comes_from_the_server_clock() -> None:
    health = ApiResult(Call("h", "GET", "/"), 200, {"timestamp": "2026-11-22T23:30:00-03:00"}, 1)
    assert server_date(health) == "2026-11-22"
