"""The tools against a stub deployment: healthy, then deliberately broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stub_server import TOKEN, Faults, RunCli, StubServer


def _only(report_dir: Path, pattern: str) -> Path:
    files = sorted(report_dir.glob(pattern))
    assert len(files) == 1, files
    return files[0]


def test_e2e_passes_8_of_8_twice_against_a_healthy_stub(
    stub: StubServer, run_cli: RunCli, tmp_path: Path
) -> None:
    for attempt in range(2):
        out = tmp_path / str(attempt)
        result = run_cli(
            "e2e", "--base-url", stub.url, "--admin-token", TOKEN, "--report-dir", str(out)
        )
        assert result.exit_code == 0, result.output
        assert "8/8" in result.output and "STABLE" in result.output
        data = json.loads(_only(out, "e2e-*.json").read_text(encoding="utf-8"))
        assert data["verdict"] == "STABLE" and data["passed"] == 8
        assert data["workers"] == {"W1": "MR(93)", "W2": "JP(94)", "METROLOGIA": "MR(93)"}
        markdown = _only(out, "e2e-*.md").read_text(encoding="utf-8")
        assert "## Veredicto: **STABLE** — 8/8" in markdown and "- [x] Metrología" in markdown


def test_e2e_without_token_runs_only_read_scenarios_and_says_why(
    stub: StubServer, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli("e2e", "--base-url", stub.url, "--report-dir", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert "Sin --admin-token" in result.output and "INCOMPLETE" in result.output
    data = json.loads(_only(tmp_path, "e2e-*.json").read_text(encoding="utf-8"))
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
    stub: StubServer, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(
        "e2e", "--base-url", stub.url, "--admin-token", TOKEN, "--report-dir", str(tmp_path)
    )
    assert result.exit_code == 1
    assert "UNSTABLE" in result.output and "500" in result.output
    data = json.loads(_only(tmp_path, "e2e-*.json").read_text(encoding="utf-8"))
    failed = {s["number"] for s in data["scenarios"] if s["status"] == "FAIL"}
    assert failed == {1, 7, 8}
    assert "stub: COMPLETAR roto" in _only(tmp_path, "e2e-*.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("stub", [Faults(redis_down=True)], indirect=True)
def test_e2e_warns_when_redis_is_down_but_keeps_testing(
    stub: StubServer, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(
        "e2e", "--base-url", stub.url, "--admin-token", TOKEN, "--report-dir", str(tmp_path)
    )
    assert "AVISO: Redis no está saludable: unhealthy" in result.output
    assert result.exit_code == 0  # occupation keeps working with Redis down (CONTRACT §2.6)


def test_e2e_against_nothing_stops_at_the_precheck(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        "e2e",
        "--base-url",
        "http://127.0.0.1:9",
        "--admin-token",
        "x",
        "--report-dir",
        str(tmp_path),
    )
    assert result.exit_code == 3
    assert "No pudo empezar" in result.output and "ConnectError" in result.output
    assert list(tmp_path.glob("e2e-*")) == []


def test_monitor_samples_a_healthy_stub_and_writes_report_with_charts(
    stub: StubServer, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(
        "monitor",
        "--base-url",
        stub.url,
        "--duration",
        "2s",
        "--interval",
        "1s",
        "--admin-token",
        TOKEN,
        "--report-dir",
        str(tmp_path),
    )
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
    stub: StubServer, run_cli: RunCli, tmp_path: Path, verdict: str, code: int
) -> None:
    out = tmp_path / "custom.md"
    result = run_cli(
        "monitor", "--base-url", stub.url, "--duration", "1s", "--interval", "1s", "--out", str(out)
    )
    assert result.exit_code == code, result.output
    assert f"Veredicto: {verdict}" in result.output
    assert f"**{verdict}**" in out.read_text(encoding="utf-8")


def test_monitor_refuses_a_malformed_interval(stub: StubServer, run_cli: RunCli) -> None:
    result = run_cli("monitor", "--base-url", stub.url, "--interval", "cada rato")
    assert result.exit_code == 2
    assert "Duración no válida" in result.output


def test_loadtest_passes_against_a_healthy_stub(
    stub: StubServer, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(
        "loadtest",
        "--base-url",
        stub.url,
        "--admin-token",
        TOKEN,
        "--workers",
        "8",
        "--sse-clients",
        "3",
        "--duration",
        "2s",
        "--report-dir",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    data = json.loads(_only(tmp_path, "loadtest-*.json").read_text(encoding="utf-8"))
    assert data["verdict"] == "PASS" and data["server_errors"] == 0
    assert data["cycles"]["ARM"] > 0 and data["sse"]["received"] > 0
    # The headline SSE delay runs from TOMAR sent to the event: it cannot read 0.
    sse = data["sse"]
    assert sse["p50_ms"] > 0 and sse["p99_ms"] > 0 and sse["p99_ms"] >= sse["from_response_p99_ms"]
    criterion = next(c for c in data["criteria"] if c["name"].startswith("Entrega SSE p99"))
    assert criterion["name"] == "Entrega SSE p99 (envío de TOMAR → evento en cada dashboard)"
    assert criterion["observed"] == f"{sse['p99_ms']:.1f} ms"
    assert "POST /api/occupation/tomar" in data["latency"]["by_endpoint"]
    assert "## Veredicto: **PASS**" in _only(tmp_path, "loadtest-*.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("stub", [Faults(complete_500=True)], indirect=True)
def test_loadtest_fails_when_completar_answers_500(
    stub: StubServer, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(
        "loadtest",
        "--base-url",
        stub.url,
        "--workers",
        "4",
        "--sse-clients",
        "0",
        "--duration",
        "1s",
        "--report-dir",
        str(tmp_path),
    )
    assert result.exit_code == 1, result.output
    assert "Veredicto: FAIL" in result.output
    data = json.loads(_only(tmp_path, "loadtest-*.json").read_text(encoding="utf-8"))
    assert data["server_errors"] > 0 and data["status_codes"]["500"] == data["server_errors"]
    assert any("stub: COMPLETAR roto" in e for e in data["error_samples"])


def test_loadtest_refuses_remote_hosts_without_allow_remote(run_cli: RunCli) -> None:
    result = run_cli("loadtest", "--base-url", "http://zeues.example.com", "--duration", "1s")
    assert result.exit_code == 2 and "--allow-remote" in result.output


def test_loadtest_exits_2_when_the_server_is_unreachable(run_cli: RunCli) -> None:
    result = run_cli("loadtest", "--base-url", "http://127.0.0.1:9", "--duration", "1s")
    assert result.exit_code == 2 and "No se pudo conectar" in result.output


@pytest.mark.parametrize("stub", [Faults(redis_down=True)], indirect=True)
def test_loadtest_fails_when_the_redis_pool_reports_errors(
    stub: StubServer, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(
        "loadtest",
        "--base-url",
        stub.url,
        "--workers",
        "3",
        "--sse-clients",
        "1",
        "--duration",
        "1.5s",
        "--report-dir",
        str(tmp_path),
    )
    assert result.exit_code == 1, result.output
    assert "Estado del pool Redis: error" in result.output


def test_loadtest_without_admin_token_fails_once_it_runs_out_of_spools(
    stub: StubServer, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(
        "loadtest",
        "--base-url",
        stub.url,
        "--workers",
        "8",
        "--sse-clients",
        "0",
        "--spools",
        "3",
        "--duration",
        "4s",
        "--report-dir",
        str(tmp_path),
    )
    assert result.exit_code == 1, result.output
    data = json.loads(_only(tmp_path, "loadtest-*.json").read_text(encoding="utf-8"))
    assert data["verdict"] == "FAIL"
    sustained = next(c for c in data["criteria"] if c["name"].startswith("Carga sostenida"))
    assert not sustained["ok"] and "use --admin-token" in sustained["observed"]
