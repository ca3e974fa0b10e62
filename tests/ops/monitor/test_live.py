"""``zeues monitor`` against the real server (``zeues serve --demo``, started by conftest)."""

from __future__ import annotations

from pathlib import Path

from tests.ops.helpers import DEMO_TOKEN, report, run_cli


def test_monitor_is_stable_on_the_demo_with_write_checks(demo_server: str, tmp_path: Path) -> None:
    result = run_cli(
        "monitor", demo_server, tmp_path, duration="2s", interval="1s", admin_token=DEMO_TOKEN
    )
    assert result.exit_code == 0, result.output
    data = report(tmp_path, "POST-DEPLOYMENT-MONITORING-REPORT.json")
    assert data["verdict"] == "STABLE" and data["write_checks"] is True
    samples = data["samples"]
    assert isinstance(samples, list) and len(samples) == 3
    assert all(s["statuses"]["POST /api/occupation/tomar"] == 200 for s in samples)


def test_monitor_needs_attention_on_a_real_server_whose_redis_is_down(
    redis_down_server: str, tmp_path: Path
) -> None:
    monitor = run_cli("monitor", redis_down_server, tmp_path, duration="1s", interval="1s")
    assert monitor.exit_code == 1, monitor.output
    assert "Veredicto: NEEDS ATTENTION" in monitor.output and "degraded" in monitor.output
