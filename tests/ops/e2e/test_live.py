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
