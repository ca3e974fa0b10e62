"""The API tests run on both backends: every test once on SQLite and once on PostgreSQL
(ids `sqlite` / `postgresql`), by parametrising the database fixture rather than copying tests.

Speed-up: the demo data is seeded once per session and backend into a template, and every
test gets its own copy (a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL).
Same data as seeding per test (same seed, clock and lease TTL as the root fixtures); the root
`container` fixture then finds a seeded database and skips seeding. A test module or class
that needs other settings overrides `database_url` with `empty_database_url` (same backend,
no data)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_TOKEN
from tests.infra.plugin import pg_admin_url
from tests.infra.servers import create_database, drop_database
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.services.demo import seed

__all__ = ["pg_admin_url"]

TEMPLATE_LEASE_TTL = 3600  # the root `settings` fixture's TTL
BACKENDS = ["sqlite", "postgresql"]


def _seed_into(database_url: str, folder: Path) -> None:
    settings = Settings(
        database_url=database_url,
        data_dir=folder,
        admin_token=ADMIN_TOKEN,
        lease_ttl_seconds=TEMPLATE_LEASE_TTL,
    )
    clock = FakeClock()
    container = build(settings, clock=clock)
    seed(container.store, container.read, clock(), container.today(), TEMPLATE_LEASE_TTL)
    container.close()  # a template database must have no open connections to be copied


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    path = folder / "zeues.db"
    _seed_into(f"sqlite:///{path}", folder)
    return path


@pytest.fixture(scope="session")
def pg_seeded_template(
    pg_admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Name of a seeded PostgreSQL database used only as a template."""
    url = create_database(pg_admin_url)
    _seed_into(url, tmp_path_factory.mktemp("pg-template"))
    yield url.rsplit("/", 1)[1]
    drop_database(pg_admin_url, url)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def empty_database_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """An empty database of this test's backend, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/zeues.db"
        return
    # Looked up lazily: `-k sqlite` never starts PostgreSQL.
    admin: str = request.getfixturevalue("pg_admin_url")
    url = create_database(admin)
    yield url
    drop_database(admin, url)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A copy of the seeded demo database for this test only."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("seeded_template")
        shutil.copyfile(template, tmp_path / "zeues.db")
        yield f"sqlite:///{tmp_path}/zeues.db"
        return
    admin: str = request.getfixturevalue("pg_admin_url")
    pg_template: str = request.getfixturevalue("pg_seeded_template")
    url = create_database(admin, template=pg_template)
    yield url
    drop_database(admin, url)
