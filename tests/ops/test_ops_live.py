"""The tools against the real server: ``python -m zeues serve --demo`` started by conftest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stub_server import DEMO_TOKEN, RunCli


def _json(report_dir: Path, pattern: str) -> dict[str, object]:
    (path,) = sorted(report_dir.glob(pattern))
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_e2e_passes_8_of_8_twice_in_a_row_against_the_demo(
    demo_server: str, run_cli: RunCli, tmp_path: Path
) -> None:
    for attempt in ("first", "second"):
        out = tmp_path / attempt
        result = run_cli(
            "e2e", "--base-url", demo_server, "--admin-token", DEMO_TOKEN, "--report-dir", str(out)
        )
        assert result.exit_code == 0, result.output
        data = _json(out, "e2e-*.json")
        assert (data["passed"], data["verdict"]) == (8, "STABLE"), result.output
        assert data["redis"] == "disabled"


def test_e2e_without_token_passes_the_read_only_scenarios(
    demo_server: str, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli("e2e", "--base-url", demo_server, "--report-dir", str(tmp_path))
    assert result.exit_code == 2, result.output
    data = _json(tmp_path, "e2e-*.json")
    assert data["passed"] == 3 and data["verdict"] == "INCOMPLETE"


def test_monitor_is_stable_on_the_demo_with_write_checks(
    demo_server: str, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(
        "monitor",
        "--base-url",
        demo_server,
        "--duration",
        "2s",
        "--interval",
        "1s",
        "--admin-token",
        DEMO_TOKEN,
        "--report-dir",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    data = _json(tmp_path, "POST-DEPLOYMENT-MONITORING-REPORT.json")
    assert data["verdict"] == "STABLE" and data["write_checks"] is True
    samples = data["samples"]
    assert isinstance(samples, list) and len(samples) == 3
    assert all(s["statuses"]["POST /api/occupation/tomar"] == 200 for s in samples)


@pytest.fixture(scope="module")
def demo_load(demo_server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One short load run shared by the assertions below (it is the slow part)."""
    import typer
    from typer.testing import CliRunner

    from zeues.ops.commands import register_ops

    app = typer.Typer()
    register_ops(app)
    out = tmp_path_factory.mktemp("load")
    args = [
        "loadtest",
        "--base-url",
        demo_server,
        "--admin-token",
        DEMO_TOKEN,
        "--workers",
        "12",
        "--sse-clients",
        "6",
        "--duration",
        "5s",
        "--report-dir",
        str(out),
    ]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    data = _json(out, "loadtest-*.json")
    data["exit_code"] = result.exit_code
    data["output"] = result.output
    return data


def test_loadtest_against_the_demo_has_no_5xx_and_no_unexpected_errors(
    demo_load: dict[str, object],
) -> None:
    assert demo_load["server_errors"] == 0, demo_load["output"]
    assert demo_load["unexpected_errors"] == 0, demo_load["error_samples"]
    cycles = demo_load["cycles"]
    assert isinstance(cycles, dict) and cycles.get("ARM", 0) > 0 and cycles.get("SOLD", 0) > 0
    criteria = {c["name"]: c["ok"] for c in demo_load["criteria"]}  # type: ignore[attr-defined]
    assert criteria["Latencia p95 global"] and criteria["Respuestas 5xx / sin respuesta"]


def test_loadtest_against_the_demo_passes_every_threshold(demo_load: dict[str, object]) -> None:
    failed = [c for c in demo_load["criteria"] if not c["ok"]]  # type: ignore[attr-defined]
    assert demo_load["exit_code"] == 0 and not failed, demo_load["output"]


def test_tools_report_a_real_server_whose_redis_is_down(
    redis_down_server: str, run_cli: RunCli, tmp_path: Path
) -> None:
    e2e = run_cli(
        "e2e",
        "--base-url",
        redis_down_server,
        "--admin-token",
        DEMO_TOKEN,
        "--report-dir",
        str(tmp_path),
    )
    assert "AVISO: Redis no está saludable: unhealthy" in e2e.output
    assert e2e.exit_code == 0, e2e.output  # CONTRACT §2.6: occupation keeps working without Redis

    monitor = run_cli(
        "monitor",
        "--base-url",
        redis_down_server,
        "--duration",
        "1s",
        "--interval",
        "1s",
        "--report-dir",
        str(tmp_path),
    )
    assert monitor.exit_code == 1, monitor.output
    assert "Veredicto: NEEDS ATTENTION" in monitor.output and "degraded" in monitor.output

    load = run_cli(
        "loadtest",
        "--base-url",
        redis_down_server,
        "--admin-token",
        DEMO_TOKEN,
        "--workers",
        "4",
        "--sse-clients",
        "2",
        "--duration",
        "2s",
        "--report-dir",
        str(tmp_path),
    )
    assert load.exit_code == 1, load.output
    assert "Estado del pool Redis: error" in load.output
