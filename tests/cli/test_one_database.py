"""One database wherever a command runs (issue 20, item 5): the default is this user's data
folder, not `./zeues-data`; every command that uses it names it on its first line; only
`serve`, `db upgrade` and `seed` create one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.run import zeues
from zeues.config import Settings, default_data_dir


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(this user's data home, the folder the commands start in, a folder of sheets in it)"""
    home, work = tmp_path / "home", tmp_path / "work"
    sheets = work / "sheets"
    sheets.mkdir(parents=True)
    (sheets / "Ops.csv").write_text("TAG_SPOOL,NV\nMK-1,NV-1\nMK-2,NV-1\n")
    return home, work, sheets


def test_this_test_run_never_uses_this_users_data_folder() -> None:
    assert str(default_data_dir()).startswith(os.environ["XDG_DATA_HOME"])
    assert Settings().data_path == default_data_dir()


@pytest.mark.parametrize(
    "args",
    [
        ["import", "spools", "Ops.csv", "--dry-run"],
        ["import", "workers", "Ops.csv"],
        ["export", "spools", "--out", "x.csv"],
    ],
    ids=["import-dry-run", "import-workers", "export"],
)
def test_a_command_run_without_a_database_creates_none_and_says_how_to_get_one(
    folders: tuple[Path, Path, Path], args: list[str]
) -> None:
    home, _, sheets = folders
    done = zeues(sheets, home, *args)
    database = home / "zeues" / "zeues.db"
    assert done.returncode == 2
    first, second = done.stderr.splitlines()
    assert first.startswith(f"Base de datos: {database} (la carpeta de datos de este usuario")
    assert second == (
        f"No hay una base de datos de ZEUES en {database}: créela con `zeues serve` (o "
        "`zeues db upgrade`), o indique la que usa con ZEUES_DATA_DIR o ZEUES_DATABASE_URL"
    )
    assert not database.exists()
    assert not (sheets / "zeues-data").exists()
    assert "nuevos" not in done.stdout


def test_every_folder_reaches_the_one_database_and_the_one_token(
    folders: tuple[Path, Path, Path],
) -> None:
    home, work, sheets = folders
    created = zeues(work, home, "db", "upgrade")
    assert created.returncode == 0, created.stderr
    database = home / "zeues" / "zeues.db"
    assert database.exists()
    dry = zeues(sheets, home, "import", "spools", "Ops.csv", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stderr.splitlines()[0].startswith(f"Base de datos: {database} (")
    tokens = {zeues(where, home, "admin-token").stdout for where in (work, sheets, home)}
    assert len(tokens) == 1 and tokens.pop().strip()


def test_the_data_folder_set_once_is_named_on_the_first_line(
    folders: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    home, work, _ = folders
    chosen = tmp_path / "planta"
    done = zeues(work, home, "db", "upgrade", ZEUES_DATA_DIR=str(chosen))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == f"Base de datos: {chosen / 'zeues.db'} (ZEUES_DATA_DIR)"
    assert (chosen / "zeues.db").exists()
    assert not (home / "zeues").exists()


def test_a_relative_sqlite_url_is_named_as_the_absolute_file_it_opens(
    folders: tuple[Path, Path, Path],
) -> None:
    home, work, _ = folders
    done = zeues(work, home, "db", "upgrade", ZEUES_DATABASE_URL="sqlite:///./mia.db")
    assert done.returncode == 0, done.stderr
    expected = f"Base de datos: {work / 'mia.db'} (ZEUES_DATABASE_URL)"
    assert done.stderr.splitlines()[0] == expected
