"""Server code reads the time only through the injected clock, so tests that move the clock
see every decision move with it (issue 7). The one real clock is `container.utcnow`; the operator
tools in `ops/` are HTTP clients with their own wall clock."""

from __future__ import annotations

import ast
from pathlib import Path

import zeues

SRC = Path(zeues.__file__).parent
ALLOWED = {SRC / "container.py"}  # utcnow, the one real clock
WALL_CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today")}


def wall_clock_reads(path: Path, root: Path = SRC) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and (node.func.value.id, node.func.attr) in WALL_CLOCK
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def server_modules() -> list[Path]:
    return [
        p for p in SRC.rglob("*.py") if "ops" not in p.relative_to(SRC).parts and p not in ALLOWED
    ]


def test_server_code_reads_time_only_from_the_injected_clock() -> None:
    offenders = [hit for path in server_modules() for hit in wall_clock_reads(path)]
    assert offenders == []


def test_the_scan_finds_a_wall_clock_read(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from datetime import UTC, date, datetime\na = datetime.now(UTC)\nb = date.today()\n"
    )
    assert wall_clock_reads(sample, tmp_path) == ["sample.py:2", "sample.py:3"]
