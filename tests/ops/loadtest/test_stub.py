"""``zeues loadtest`` against a stub deployment: healthy, then deliberately broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ops.helpers import only, report, run_cli
from tests.ops.stub_server import TOKEN, Faults, StubServer


def test_loadtest_passes_against_a_healthy_stub(stub: StubServer, tmp_path: Path) -> None:
    result = run_cli(
        "loadtest", stub.url, tmp_path, admin_token=TOKEN, workers=8, sse_clients=3, duration="2s"
    )
    assert result.exit_code == 0, result.output
    data = report(tmp_path, "loadtest-*.json")
    assert data["verdict"] == "PASS" and data["server_errors"] == 0
    assert data["cycles"]["ARM"] > 0 and data["sse"]["received"] > 0
    # The headline SSE delay runs from TOMAR sent to the event: it cannot read 0.
    sse = data["sse"]
    assert sse["p50_ms"] > 0 and sse["p99_ms"] > 0 and sse["p99_ms"] >= sse["from_response_p99_ms"]
    criterion = next(c for c in data["criteria"] if c["name"].startswith("Entrega SSE p99"))
    assert criterion["name"] == "Entrega SSE p99 (envío de TOMAR → evento en cada dashboard)"
    assert criterion["observed"] == f"{sse['p99_ms']:.1f} ms"
    assert "POST /api/occupation/tomar" in data["latency"]["by_endpoint"]
    assert "## Veredicto: **PASS**" in only(tmp_path, "loadtest-*.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("stub", [Faults(complete_500=True)], indirect=True)
def test_loadtest_fails_when_completar_answers_500(stub: StubServer, tmp_path: Path) -> None:
    result = run_cli("loadtest", stub.url, tmp_path, workers=4, sse_clients=0, duration="1s")
    assert result.exit_code == 1, result.output
    assert "Veredicto: FAIL" in result.output
    data = report(tmp_path, "loadtest-*.json")
    assert data["server_errors"] > 0 and data["status_codes"]["500"] == data["server_errors"]
    assert any("stub: COMPLETAR roto" in e for e in data["error_samples"])


def test_loadtest_refuses_remote_hosts_without_allow_remote() -> None:
    result = run_cli("loadtest", "http://zeues.example.com", duration="1s")
    assert result.exit_code == 2 and "--allow-remote" in result.output


def test_loadtest_exits_2_when_the_server_is_unreachable() -> None:
    result = run_cli("loadtest", "http://127.0.0.1:9", duration="1s")
    assert result.exit_code == 2 and "No se pudo conectar" in result.output


@pytest.mark.parametrize("stub", [Faults(redis_down=True)], indirect=True)
def test_loadtest_fails_when_the_redis_pool_reports_errors(
    stub: StubServer, tmp_path: Path
) -> None:
    result = run_cli("loadtest", stub.url, tmp_path, workers=3, sse_clients=1, duration="1.5s")
    assert result.exit_code == 1, result.output
    assert "Estado del pool Redis: error" in result.output


def test_loadtest_without_admin_token_fails_once_it_runs_out_of_spools(
    stub: StubServer, tmp_path: Path
) -> None:
    result = run_cli(
        "loadtest", stub.url, tmp_path, workers=8, sse_clients=0, spools=3, duration="4s"
    )
    assert result.exit_code == 1, result.output
    data = report(tmp_path, "loadtest-*.json")
    assert data["verdict"] == "FAIL"
    sustained = next(c for c in data["criteria"] if c["name"].startswith("Carga sostenida"))
    assert not sustained["ok"] and "use --admin-token" in sustained["observed"]
