"""A container of the app for tests that build their own instead of the root `container`
fixture: the suite's admin token and a FakeClock, plus the settings a test cares about."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_TOKEN
from zeues.bootstrap import Container, build
from zeues.config import Settings


def build_test_container(database_url: str, data_dir: Path, **settings: Any) -> Container:
    full = Settings(
        database_url=database_url, data_dir=data_dir, admin_token=ADMIN_TOKEN, **settings
    )
    return build(full, clock=FakeClock())
