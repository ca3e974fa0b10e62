"""`zeues seed --demo --spools N`: a demo floor of any size (issue 17 measures 10,000 spools)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.run import zeues


def test_seed_demo_makes_as_many_spools_as_asked(tmp_path: Path) -> None:
    done = zeues(tmp_path, tmp_path / "home", "seed", "--demo", "--spools", "300")
    assert done.returncode == 0, done.stderr
    assert "305 spools" in done.stdout  # and TEST-01…05


def test_a_bad_spool_count_is_refused_in_spanish_and_seeds_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = zeues(tmp_path, home, "seed", "--demo", "--spools", "0")
    assert done.returncode == 2
    assert "«--spools»: debe ser al menos 1" in done.stderr
    assert not (home / "zeues" / "zeues.db").exists()
