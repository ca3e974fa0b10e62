"""What every `zeues` command shares: the consoles, settings loaded with a one-line Spanish
refusal, and the process's container built with every reachable-at-start failure as one line."""

from __future__ import annotations

from typing import NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console

from zeues.bootstrap import DATABASE_OPEN_ERRORS, admin_token, build
from zeues.cli.startup import (
    StartupProblem,
    check_data_dir,
    data_dir_unwritable,
    database_unreachable,
)
from zeues.config import Settings, setting_errors
from zeues.container import Container

console = Console()
err_console = Console(stderr=True)


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        fail(f"Configuración no válida: {setting_errors(exc)}")
    except ValueError as exc:
        fail(f"Configuración no válida: {exc}")


def fail(line: str) -> NoReturn:
    """A startup mistake: one line on stderr, exit 2, no traceback."""
    err_console.print(line, highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(2)


def build_container(settings: Settings) -> Container:
    """build() (migrations included), with every reachable-at-start failure as one line."""
    try:
        check_data_dir(settings)
        return build(settings)
    except StartupProblem as exc:
        fail(str(exc))
    except DATABASE_OPEN_ERRORS as exc:
        fail(database_unreachable(settings, exc))


def token_or_fail(settings: Settings) -> tuple[str, bool]:
    """The admin token (generated at the first start), or one line on what blocks writing it."""
    try:
        return admin_token(settings)
    except OSError as exc:
        fail(data_dir_unwritable(settings, exc))
