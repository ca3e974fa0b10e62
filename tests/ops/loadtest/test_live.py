"""``zeues loadtest`` against the real server (``zeues serve --demo``, started by conftest)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ops.helpers import DEMO_TOKEN, report, run_cli


@pytest.fixture(scope="module")
def demo_load(demo_server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One short load run shared by the assertions below (it is the slow part)."""
    out = tmp_path_factory.mktemp("load")
    result = run_cli(
        "loadtest",
        demo_server,
        out,
        admin_token=DEMO_TOKEN,
        workers=12,
        sse_clients=6,
        duration="5s",
    )
    data: dict[str, Any] = report(out, "loadtest-*.json")
    data["exit_code"] = result.exit_code
    data["output"] = result.output
    return data


def test_loadtest_against_the_demo_has_no_5xx_and_no_unexpected_errors(
    demo_load: dict[str, Any],
) -> None:
    assert demo_load["server_errors"] == 0, demo_load["output"]
    assert demo_load["unexpected_errors"] == 0, demo_load["error_samples"]
    cycles = demo_load["cycles"]
    assert isinstance(cycles, dict) and cycles.get("ARM", 0) > 0 and cycles.get("SOLD", 0) > 0
    criteria = {c["name"]: c["ok"] for c in demo_load["criteria"]}
    assert criteria["Latencia p95 global"] and criteria["Respuestas 5xx / sin respuesta"]


def test_loadtest_against_the_demo_passes_every_threshold(demo_load: dict[str, Any]) -> None:
    failed = [c for c in demo_load["criteria"] if not c["ok"]]
    assert demo_load["exit_code"] == 0 and not failed, demo_load["output"]


def test_loadtest_fails_on_a_real_server_whose_redis_is_down(
    redis_down_server: str, tmp_path: Path
) -> None:
    load = run_cli(
        "loadtest",
        redis_down_server,
        tmp_path,
        admin_token=DEMO_TOKEN,
        workers=4,
        sse_clients=2,
        duration="2s",
    )
    assert load.exit_code == 1, load.output
    assert "Estado del pool Redis: error" in load.output
