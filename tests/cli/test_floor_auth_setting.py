"""ZEUES_FLOOR_AUTH (issue 22): in production the server refuses to start until the floor's
access mode is chosen; the serve banner and /api/health say which mode is in force."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from tests.cli.run import zeues
from tests.infra.live import live_server
from zeues.asgi import make_app
from zeues.config import Settings

TOKEN = "a-production-token-0123456789"


def test_production_without_a_floor_mode_is_a_problem_and_a_chosen_one_is_not(
    tmp_path: Path,
) -> None:
    problem = Settings(data_dir=tmp_path, environment="production").floor_auth_problem()
    assert problem is not None and "ZEUES_FLOOR_AUTH" in problem and "pin" in problem
    for mode in ("abierto", "pin", "dispositivo+pin"):
        chosen = Settings(data_dir=tmp_path, environment="production", floor_auth=mode)
        assert chosen.floor_auth_problem() is None
    assert Settings(data_dir=tmp_path).floor_auth_problem() is None  # development: the demo


def test_an_unknown_mode_is_refused_when_settings_load(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, floor_auth="pin+huella")  # type: ignore[arg-type]


def test_serve_in_production_without_a_floor_mode_stops_with_one_line(tmp_path: Path) -> None:
    done = zeues(
        tmp_path, tmp_path / "xdg", "serve", ZEUES_ENVIRONMENT="production", ZEUES_ADMIN_TOKEN=TOKEN
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""  # no banner: nothing served
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ZEUES_FLOOR_AUTH no está configurado"), done.stderr


def test_an_app_built_in_production_without_a_floor_mode_refuses(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="ZEUES_FLOOR_AUTH"):
        make_app(Settings(data_dir=tmp_path, environment="production", admin_token=TOKEN))


def test_the_banner_and_health_name_the_mode_in_force(tmp_path: Path) -> None:
    with live_server(tmp_path, ZEUES_ENVIRONMENT="production", ZEUES_FLOOR_AUTH="pin") as base:
        health = httpx.get(f"{base}/api/health", timeout=10).json()
    assert (health["environment"], health["floor_auth"]) == ("production", "pin")
    banner = next(tmp_path.glob("serve-*.log")).read_text()
    assert "Acceso en planta: pin: cada trabajador ingresa su PIN" in banner
