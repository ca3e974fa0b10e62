"""``zeues e2e`` against the real server (``zeues serve --demo``, started by conftest)."""

from __future__ import annotations

from pathlib import Path

from tests.ops.helpers import DEMO_TOKEN, report, run_cli


def test_e2e_passes_8_of_8_twice_in_a_row_against_the_demo(
    demo_server: str, tmp_path: Path
) -> None:
    for attempt in ("first", "second"):
        out = tmp_path / attempt
        result = run_cli("e2e", demo_server, out, admin_token=DEMO_TOKEN)
        assert result.exit_code == 0, result.output
        data = report(out, "e2e-*.json")
        assert (data["passed"], data["verdict"]) == (8, "STABLE"), result.output
        assert data["redis"] == "disabled"


def test_e2e_without_token_passes_the_read_only_scenarios(demo_server: str, tmp_path: Path) -> None:
    result = run_cli("e2e", demo_server, tmp_path)
    assert result.exit_code == 2, result.output
    data = report(tmp_path, "e2e-*.json")
    assert data["passed"] == 3 and data["verdict"] == "INCOMPLETE"


def test_e2e_warns_on_a_real_server_whose_redis_is_down(
    redis_down_server: str, tmp_path: Path
) -> None:
    e2e = run_cli("e2e", redis_down_server, tmp_path, admin_token=DEMO_TOKEN)
    assert "AVISO: Redis no está saludable: unhealthy" in e2e.output
    assert e2e.exit_code == 0, e2e.output  # CONTRACT §2.6: occupation keeps working without Redis


def test_e2e_with_uniones_adds_the_union_scenario_and_leaves_the_spool_without_unions(
    demo_server: str, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from zeues.cli import app

    argv = ["e2e", "--base-url", demo_server, "--report-dir", str(tmp_path),
            "--admin-token", DEMO_TOKEN, "--uniones"]  # fmt: skip
    result = CliRunner().invoke(app, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = report(tmp_path, "e2e-*.json")
    assert (data["passed"], data["total"], data["verdict"]) == (9, 9, "STABLE"), result.output
    union = next(s for s in data["scenarios"] if s["number"] == 9)
    # reset, load 4 unions, TOMAR, PAUSAR [1, 2], TOMAR, COMPLETAR [3] (400), COMPLETAR [3, 4],
    # the unions, W2's registro, unions removed
    expected = [200, 200, 200, 200, 200, 400, 200, 200, 200, 200]
    assert [step["status"] for step in union["steps"]] == expected
    markdown = next(tmp_path.glob("e2e-*.md")).read_text(encoding="utf-8")
    assert "- [x] Uniones y pulgadas-diámetro por trabajador" in markdown
    import httpx

    left = httpx.get(f"{demo_server}/api/spools/TEST-02/uniones", timeout=10).json()
    assert left["uniones"] == []  # scenarios 1-8 of the next run find a spool without unions
