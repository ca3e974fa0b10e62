"""The contract the code and docs cite ships with the repository (docs/CONTRACT.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "docs" / "CONTRACT.md"


def _cited_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    files += sorted((ROOT / "src").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
    return [f for f in files if f.name != "test_contract_citations.py"]


def test_every_contract_citation_names_a_section_that_exists() -> None:
    sections = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", CONTRACT.read_text(), re.M))
    assert {"1.1", "1.4", "2", "2.1", "2.6", "2.7", "5", "6"} <= sections
    cited = {
        (f.relative_to(ROOT), n)
        for f in _cited_files()
        for n in re.findall(r"CONTRACT(?:\.md\)?)? §(\d+(?:\.\d+)?)", f.read_text())
    }
    assert cited  # the code does cite it
    assert {(f, n) for f, n in cited if n not in sections} == set()


def test_nothing_cites_the_unshipped_spec() -> None:
    assert [f for f in _cited_files() if "SPEC §" in f.read_text()] == []


def test_seed_help_points_to_the_contract_file() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zeues", "seed", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "200", "PATH": ""},
    )
    assert done.returncode == 0
    assert "Datos demo descritos en docs/CONTRACT.md §5." in done.stdout
