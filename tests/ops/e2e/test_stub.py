"""``zeues e2e`` against a stub deployment: healthy, then deliberately broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ops.helpers import only, report, run_cli
from tests.ops.stub_server import TOKEN, Faults, StubServer


def test_e2e_passes_8_of_8_twice_against_a_healthy_stub(stub: StubServer, tmp_path: Path) -> None:
    for attempt in range(2):
        out = tmp_path / str(attempt)
        result = run_cli("e2e", stub.url, out, admin_token=TOKEN)
        assert result.exit_code == 0, result.output
        assert "8/8" in result.output and "STABLE" in result.output
        data = report(out, "e2e-*.json")
        assert data["verdict"] == "STABLE" and data["passed"] == 8
        assert data["workers"] == {"W1": "MR(93)", "W2": "JP(94)", "METROLOGIA": "MR(93)"}
        markdown = only(out, "e2e-*.md").read_text(encoding="utf-8")
        assert "## Veredicto: **STABLE** — 8/8" in markdown and "- [x] Metrología" in markdown


def test_e2e_without_token_runs_only_read_scenarios_and_says_why(
    stub: StubServer, tmp_path: Path
) -> None:
    result = run_cli("e2e", stub.url, tmp_path)
    assert result.exit_code == 2, result.output
    assert "Sin --admin-token" in result.output and "INCOMPLETE" in result.output
    data = report(tmp_path, "e2e-*.json")
    statuses = {s["number"]: s["status"] for s in data["scenarios"]}
    assert statuses == {
        1: "SKIP",
        2: "SKIP",
        3: "SKIP",
        4: "PASS",
        5: "PASS",
        6: "PASS",
        7: "SKIP",
        8: "SKIP",
    }


@pytest.mark.parametrize("stub", [Faults(complete_500=True)], indirect=True)
def test_e2e_reports_a_server_that_answers_500_on_completar(
    stub: StubServer, tmp_path: Path
) -> None:
    result = run_cli("e2e", stub.url, tmp_path, admin_token=TOKEN)
    assert result.exit_code == 1
    assert "UNSTABLE" in result.output and "500" in result.output
    data = report(tmp_path, "e2e-*.json")
    failed = {s["number"] for s in data["scenarios"] if s["status"] == "FAIL"}
    assert failed == {1, 7, 8}
    assert "stub: COMPLETAR roto" in only(tmp_path, "e2e-*.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("stub", [Faults(redis_down=True)], indirect=True)
def test_e2e_warns_when_redis_is_down_but_keeps_testing(stub: StubServer, tmp_path: Path) -> None:
    result = run_cli("e2e", stub.url, tmp_path, admin_token=TOKEN)
    assert "AVISO: Redis no está saludable: unhealthy" in result.output
    assert result.exit_code == 0  # occupation keeps working with Redis down (CONTRACT §2.6)


def test_e2e_against_nothing_stops_at_the_precheck(tmp_path: Path) -> None:
    result = run_cli("e2e", "http://127.0.0.1:9", tmp_path, admin_token="x")
    assert result.exit_code == 3
    assert "No pudo empezar" in result.output and "ConnectError" in result.output
    assert list(tmp_path.glob("e2e-*")) == []
