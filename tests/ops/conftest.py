"""Fixtures for the operator tools: a stub server with faults and the real demo server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.infra.live import live_server
from tests.infra.servers import free_port
from tests.ops.helpers import DEMO_TOKEN
from tests.ops.stub_server import Faults, StubServer


@pytest.fixture(autouse=True)
def _no_ambient_token(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tools read ZEUES_ADMIN_TOKEN / ZEUES_BASE_URL: tests pass them explicitly."""
    monkeypatch.delenv("ZEUES_ADMIN_TOKEN", raising=False)
    monkeypatch.delenv("ZEUES_BASE_URL", raising=False)


@pytest.fixture
def stub(request: pytest.FixtureRequest) -> Iterator[StubServer]:
    """A stub deployment; parametrize indirectly with a Faults to break it."""
    faults = getattr(request, "param", None) or Faults()
    server = StubServer(free_port(), faults).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The embedded demo, no Redis: the deployment every operator tool must pass."""
    with live_server(tmp_path_factory.mktemp("demo"), admin_token=DEMO_TOKEN) as base:
        yield base


@pytest.fixture(scope="session")
def redis_down_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server configured with a Redis that refuses connections (port 1)."""
    with live_server(
        tmp_path_factory.mktemp("redis-down"),
        admin_token=DEMO_TOKEN,
        ZEUES_REDIS_URL="redis://127.0.0.1:1/0",
        ZEUES_REDIS_SOCKET_CONNECT_TIMEOUT="1",
        ZEUES_REDIS_SOCKET_TIMEOUT="1",
    ) as base:
        yield base


@pytest.fixture(scope="session")
def pin_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo where every action needs the worker's session (ZEUES_FLOOR_AUTH=pin)."""
    with live_server(
        tmp_path_factory.mktemp("pin"), admin_token=DEMO_TOKEN, ZEUES_FLOOR_AUTH="pin"
    ) as base:
        yield base
