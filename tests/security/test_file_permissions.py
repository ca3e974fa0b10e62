"""Issue 19 "also": the SQLite database (and its WAL files) are 0600, the data folder 0700:
created so, and an existing folder of this user tightened at start; a shared folder with the
sticky bit (/tmp) keeps its permissions."""

from __future__ import annotations

from pathlib import Path

from tests.infra.auth import ADMIN_TOKEN
from zeues.bootstrap import build
from zeues.cli.startup import check_data_dir
from zeues.config import Settings


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777


def test_a_new_database_and_its_folder_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "nueva"
    settings = Settings(data_dir=folder, admin_token=ADMIN_TOKEN)
    check_data_dir(settings)
    build(settings).close()

    assert _mode(folder) == 0o700
    files = [p for p in folder.iterdir() if p.name.startswith("zeues.db")]
    assert folder / "zeues.db" in files
    assert all(_mode(p) == 0o600 for p in files), {p.name: oct(_mode(p)) for p in files}


def test_an_existing_open_folder_and_database_are_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "vieja"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    database = folder / "zeues.db"
    database.touch()
    database.chmod(0o644)
    settings = Settings(data_dir=folder, admin_token=ADMIN_TOKEN)

    check_data_dir(settings)
    build(settings).close()

    assert _mode(folder) == 0o700
    assert _mode(database) == 0o600


def test_a_shared_sticky_folder_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "compartida"
    folder.mkdir()
    folder.chmod(0o1777)
    check_data_dir(Settings(data_dir=folder, admin_token=ADMIN_TOKEN))
    assert _mode(folder) == 0o1777
