"""``zeues monitor`` against a stub deployment: healthy, then deliberately broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ops.helpers import run_cli
from tests.ops.stub_server import TOKEN, Faults, StubServer


def test_monitor_samples_a_healthy_stub_and_writes_report_with_charts(
    stub: StubServer, tmp_path: Path
) -> None:
    result = run_cli("monitor", stub.url, tmp_path, duration="2s", interval="1s", admin_token=TOKEN)
    assert result.exit_code == 0, result.output
    assert "Veredicto: STABLE — 3 muestras" in result.output
    markdown = (tmp_path / "POST-DEPLOYMENT-MONITORING-REPORT.md").read_text(encoding="utf-8")
    assert "## Veredicto: **STABLE**" in markdown and "tomar (ms)" in markdown
    for chart in ("utilizacion", "latencia"):
        png = tmp_path / f"POST-DEPLOYMENT-MONITORING-REPORT-{chart}.png"
        assert png.read_bytes().startswith(b"\x89PNG") and f"]({png.name})" in markdown
    data = json.loads((tmp_path / "POST-DEPLOYMENT-MONITORING-REPORT.json").read_text())
    assert len(data["samples"]) == 3 and data["server_errors"] == 0


@pytest.mark.parametrize(
    ("stub", "verdict", "code"),
    [
        (Faults(all_500=True), "CRITICAL", 2),
        (Faults(redis_down=True), "NEEDS ATTENTION", 1),
        (Faults(pool_percent=90.0), "NEEDS ATTENTION", 1),
    ],
    indirect=["stub"],
)
def test_monitor_verdict_follows_the_success_criteria(
    stub: StubServer, tmp_path: Path, verdict: str, code: int
) -> None:
    out = tmp_path / "custom.md"
    result = run_cli("monitor", stub.url, duration="1s", interval="1s", out=out)
    assert result.exit_code == code, result.output
    assert f"Veredicto: {verdict}" in result.output
    assert f"**{verdict}**" in out.read_text(encoding="utf-8")


def test_monitor_refuses_a_malformed_interval(stub: StubServer) -> None:
    result = run_cli("monitor", stub.url, interval="cada rato")
    assert result.exit_code == 2
    assert "Duración no válida" in result.output
