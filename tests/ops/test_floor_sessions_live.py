"""The operator tools keep working where the floor asks for each worker's PIN (issue 22):
`zeues e2e` and `zeues loadtest` open test sessions with the admin token."""

from __future__ import annotations

from pathlib import Path

from tests.ops.helpers import DEMO_TOKEN, report, run_cli


def test_e2e_opens_test_sessions_and_passes_8_of_8_in_pin_mode(
    pin_server: str, tmp_path: Path
) -> None:
    result = run_cli("e2e", pin_server, tmp_path, admin_token=DEMO_TOKEN)
    assert result.exit_code == 0, result.output
    assert "Sesiones de prueba abiertas" in result.output
    data = report(tmp_path, "e2e-*.json")
    assert (data["passed"], data["verdict"]) == (8, "STABLE"), result.output


def test_e2e_without_a_token_says_why_actions_will_be_refused(
    pin_server: str, tmp_path: Path
) -> None:
    result = run_cli("e2e", pin_server, tmp_path)
    assert "sin --admin-token no se pueden abrir" in " ".join(result.output.split())


def test_loadtest_acts_through_test_sessions_in_pin_mode(pin_server: str, tmp_path: Path) -> None:
    result = run_cli(
        "loadtest", pin_server, tmp_path, admin_token=DEMO_TOKEN, workers=4, sse_clients=1,
        duration="3s",
    )  # fmt: skip
    data = report(tmp_path, "loadtest-*.json")
    assert data["server_errors"] == 0, result.output
    assert data["unexpected_errors"] == 0, data["error_samples"]
    assert data["cycles"].get("ARM", 0) > 0, result.output
