"""Import/export tests: each on an empty SQLite database of its own (migrated, no demo data),
driven through the same functions the CLI and the API call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_TOKEN
from tests.infra.plugin import pg_admin_url, pg_database_url
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.container import Container

__all__ = ["pg_admin_url", "pg_database_url"]

Factory = Callable[[], Container]


@pytest.fixture
def make_empty(tmp_path: Path) -> Iterator[Factory]:
    """Builds as many empty databases as a test wants (the round trip needs two)."""
    built: list[Container] = []

    def make() -> Container:
        folder = tmp_path / f"db{len(built)}"
        folder.mkdir()
        settings = Settings(
            database_url=f"sqlite:///{folder}/zeues.db",
            data_dir=folder,
            admin_token=ADMIN_TOKEN,
            lease_ttl_seconds=3600,
            events_poll_seconds=0,
        )
        built.append(build(settings, clock=FakeClock()))
        return built[-1]

    yield make
    for c in built:
        c.close()


@pytest.fixture
def empty(make_empty: Factory) -> Container:
    return make_empty()
