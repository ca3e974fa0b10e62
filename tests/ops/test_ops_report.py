import datetime as dt
import json
from pathlib import Path

import pytest

from zeues.ops.latencies import Latencies
from zeues.ops.report import line_chart, md_table, write_json


def test_percentiles_come_from_hdrhistogram_per_endpoint_and_merged() -> None:
    latencies = Latencies()
    for ms in range(1, 101):
        latencies.record("GET /a", float(ms))
    latencies.record("GET /b", 1000.0)
    assert latencies.percentile(50, "GET /a") == pytest.approx(50, rel=0.01)
    assert latencies.percentile(99, "GET /a") == pytest.approx(99, rel=0.01)
    assert latencies.percentile(100) == pytest.approx(1000, rel=0.01)
    assert latencies.count() == 101
    summary = latencies.summary()
    assert set(summary) == {"GET /a", "GET /b"}
    assert summary["GET /a"]["p95_ms"] == pytest.approx(95, rel=0.01)


def test_an_empty_histogram_reports_zero_instead_of_failing() -> None:
    assert Latencies().percentile(95) == 0.0
    assert Latencies().max() == 0.0


def test_markdown_tables_escape_pipes_and_show_missing_values_as_dash() -> None:
    table = md_table(["a", "b"], [["x|y", None]])
    assert table.splitlines()[2] == "| x\\|y | — |"


def test_json_reports_keep_spanish_text_readable(tmp_path: Path) -> None:
    path = write_json(tmp_path / "r.json", {"veredicto": "utilización"})
    assert "utilización" in path.read_text(encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == {"veredicto": "utilización"}


def test_charts_are_written_as_png(tmp_path: Path) -> None:
    now = dt.datetime.now()
    points = [(now + dt.timedelta(seconds=i), float(i)) for i in range(5)]
    path = line_chart(tmp_path / "c.png", "t", "ms", {"health": points, "vacío": []}, 3.0)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
