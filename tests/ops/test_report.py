"""Report writing shared by the tools: markdown tables, JSON and PNG charts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from zeues.ops.report import line_chart, md_table, write_json


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
