"""Verdict rules of ``zeues e2e`` and who plays which worker, without any server."""

from __future__ import annotations

from zeues.ops.client import Worker
from zeues.ops.e2e.run import E2EResult
from zeues.ops.e2e.scenarios import SCENARIOS
from zeues.ops.e2e.steps import ScenarioResult, choose_workers


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
