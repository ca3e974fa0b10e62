"""Shared fixtures: a fresh database per test, the app through its ASGI interface, a clock
the test controls (leases), and demo data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.infra.auth import ADMIN_HEADERS, ADMIN_TOKEN
from zeues.api.app import create_app
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.container import Container
from zeues.services.demo import seed


class FakeClock:
    """Time that only moves when a test says so."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/zeues.db"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        admin_token=ADMIN_TOKEN,
        lease_ttl_seconds=3600,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def container(settings: Settings, clock: FakeClock) -> Iterator[Container]:
    c = build(settings, clock=clock)
    seed(c.store, c.read, clock(), c.today(), settings.lease_ttl_seconds)
    yield c
    c.close()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container), raise_server_exceptions=False) as tc:
        yield tc


@pytest.fixture
def admin_token() -> str:
    return ADMIN_TOKEN


@pytest.fixture
def admin() -> dict[str, str]:
    """The admin token as request headers."""
    return dict(ADMIN_HEADERS)
