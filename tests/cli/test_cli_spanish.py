"""The `zeues` command speaks Spanish from top to bottom (issue 20, item 4): help headings, the
usage line, flags shown as flags, and every mistake on the command line, from the real command.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.cli import run

# Words of Typer's own English that must never reach a shop supervisor.
ENGLISH = re.compile(
    r"\b(Usage|Options|Arguments|Commands|Invalid value|required|Missing|No such|does not exist"
    r"|Show this message|Try '|Input should|for help|is a directory)\b|<bool>|<int>|<str>|<path>"
)


def zeues(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run.zeues(tmp_path, tmp_path / "xdg", *args, COLUMNS="120")


HELP_PAGES = [
    [],
    ["--help"],
    ["serve", "--help"],
    ["import", "spools", "--help"],
    ["export", "events", "--help"],
    ["db", "--help"],
    ["loadtest", "--help"],
]


@pytest.mark.parametrize("args", HELP_PAGES, ids=lambda a: " ".join(a) or "zeues")
def test_every_help_page_is_in_spanish(tmp_path: Path, args: list[str]) -> None:
    done = zeues(tmp_path, *args)
    shown = done.stdout + done.stderr
    assert "Uso: zeues" in shown
    assert "Opciones" in shown
    assert "Muestra esta ayuda y termina." in shown
    assert not ENGLISH.search(shown), ENGLISH.search(shown)


def test_a_flag_is_shown_as_a_flag_and_a_value_by_its_kind(tmp_path: Path) -> None:
    shown = zeues(tmp_path, "import", "spools", "--help").stdout
    assert re.search(r"--dry-run\s+Calcula qué cambiaría", shown), shown
    assert re.search(r"--sheet\s+TEXTO\s+Hoja del libro", shown), shown
    assert "ARCHIVO" in shown and "[obligatorio]" in shown
    assert "install-completion" not in zeues(tmp_path, "--help").stdout


MISTAKES = [
    (["serve", "--port", "99999"], "valor no válido para «--port»: debe ser como máximo 65535"),
    (["serve", "--port", "abc"], "valor no válido para «--port»: debe ser un número entero"),
    (["serve", "--port"], "la opción «--port» necesita un valor"),
    (["serve", "--colour"], "no existe la opción «--colour»"),
    (["import", "spools", "no-existe.xlsx"], "no existe el archivo «no-existe.xlsx»"),
    (["import", "spools"], "falta el argumento «ARCHIVO»"),
    (["export", "spools"], "falta la opción «--out»"),
    (["exportar"], "no existe el comando «exportar»; ¿quiso decir «export»?"),
    (["frobnicate"], "no existe el comando «frobnicate»"),
    (["export", "spools", "--out", "x.csv", "--format", "pdf"], "use csv o xlsx"),
    (["db", "upgrade", "ahora"], "sobra: «ahora»"),
]


@pytest.mark.parametrize(("args", "said"), MISTAKES, ids=lambda a: str(a))
def test_a_command_line_mistake_is_explained_in_spanish_with_exit_2(
    tmp_path: Path, args: list[str], said: str
) -> None:
    done = zeues(tmp_path, *args)
    assert done.returncode == 2
    assert said in done.stderr
    assert not ENGLISH.search(done.stderr), done.stderr
    assert not (tmp_path / "xdg").exists()  # nothing created on the way


def test_a_mistake_shows_the_spanish_usage_line_and_where_the_help_is(tmp_path: Path) -> None:
    done = zeues(tmp_path, "import", "spools")
    assert done.stderr.startswith("Uso: zeues import spools [OPCIONES] ARCHIVO\n")
    assert "Para ver la ayuda: zeues import spools --help" in done.stderr


def test_config_show_says_the_generated_admin_token_is_set(tmp_path: Path) -> None:
    token = zeues(tmp_path, "admin-token").stdout.strip()
    done = zeues(tmp_path, "config", "show")
    assert '"admin_token": "****"' in done.stdout
    assert str(tmp_path / "xdg" / "zeues" / "admin-token") in done.stdout
    assert token and token not in done.stdout + done.stderr
