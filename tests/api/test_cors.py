"""CORS (CONTRACT §4): in development the v3.0 tablet frontend's origins are allowed by default; in
production only what ZEUES_ALLOWED_ORIGINS names. A refused preflight is logged once per
origin, so the operator can see why a tablet cannot connect."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.infra.auth import ADMIN_TOKEN
from zeues.asgi import make_app
from zeues.config import DEV_ORIGINS, Settings

URL = "/api/occupation/completar"


def _client(tmp_path: Path, **settings: str) -> Iterator[TestClient]:
    config = Settings(
        database_url=f"sqlite:///{tmp_path}/zeues.db",
        data_dir=tmp_path,
        admin_token=ADMIN_TOKEN,
        **settings,  # type: ignore[arg-type]
    )
    with TestClient(make_app(config), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def development(tmp_path: Path) -> Iterator[TestClient]:
    yield from _client(tmp_path)


@pytest.fixture
def production(tmp_path: Path) -> Iterator[TestClient]:
    # A production server starts only with its floor access mode chosen (issue 22).
    yield from _client(tmp_path, environment="production", floor_auth="abierto")


def _preflight(client: TestClient, origin: str) -> tuple[int, str | None]:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    response = client.options(URL, headers=headers)
    return response.status_code, response.headers.get("access-control-allow-origin")


@pytest.mark.parametrize("origin", DEV_ORIGINS)
def test_development_allows_the_v3_frontend_origins_by_default(
    development: TestClient, origin: str
) -> None:
    assert _preflight(development, origin) == (200, origin)
    response = development.get("/api/health/live", headers={"Origin": origin})
    assert response.headers["access-control-allow-origin"] == origin


def test_production_allows_no_other_origin_unless_configured(production: TestClient) -> None:
    status, allowed = _preflight(production, "http://localhost:3000")
    assert (status, allowed) == (400, None)  # refused, not a bare 405


def test_production_allows_exactly_the_configured_origins(tmp_path: Path) -> None:
    origins = "https://tablets.planta.cl, https://otra.planta.cl"
    production = {"environment": "production", "floor_auth": "abierto"}
    for client in _client(tmp_path, allowed_origins=origins, **production):
        assert _preflight(client, "https://otra.planta.cl") == (200, "https://otra.planta.cl")
        assert _preflight(client, "http://localhost:3000")[0] == 400


def test_an_empty_setting_in_development_allows_no_other_origin(tmp_path: Path) -> None:
    for client in _client(tmp_path, allowed_origins=""):
        assert _preflight(client, "http://localhost:3000")[0] == 400


def test_a_refused_preflight_is_logged_once_per_origin(
    development: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="zeues.api.cors"):
        for _ in range(3):
            assert _preflight(development, "http://tablet-7:3000")[0] == 400
        assert _preflight(development, "http://tablet-8:3000")[0] == 400
        assert _preflight(development, "http://localhost:3000")[0] == 200
    refused = [r.getMessage() for r in caplog.records if r.name == "zeues.api.cors"]
    assert len(refused) == 2, refused
    assert "http://tablet-7:3000" in refused[0] and "ZEUES_ALLOWED_ORIGINS" in refused[0]
    assert "http://tablet-8:3000" in refused[1]


def _config_show(tmp_path: Path, **env: str) -> dict[str, object]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZEUES_")}
    done = subprocess.run(
        [sys.executable, "-m", "zeues", "config", "show"],
        env={**clean, "ZEUES_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    shown: dict[str, object] = json.loads(done.stdout)
    return shown


def test_config_show_lists_the_effective_origins(tmp_path: Path) -> None:
    assert _config_show(tmp_path)["allowed_origins"] == list(DEV_ORIGINS)
    production = _config_show(tmp_path, ZEUES_ENVIRONMENT="production")
    assert production["allowed_origins"] == []
    configured = _config_show(tmp_path, ZEUES_ALLOWED_ORIGINS="https://a.cl,https://b.cl")
    assert configured["allowed_origins"] == ["https://a.cl", "https://b.cl"]
