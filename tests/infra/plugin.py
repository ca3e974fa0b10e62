"""pytest fixtures for real servers. Register with `pytest_plugins = ["tests.infra.plugin"]` in
the root conftest, or import the fixtures into a directory's conftest.

Session-wide servers are shared by tests that only use them; a test that stops or hangs Redis
takes `private_redis`, a server of its own, so it cannot disturb the others."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.infra.servers import (
    POSTGRES_ENV,
    REDIS_ENV,
    PostgresServer,
    RedisServer,
    create_database,
    drop_database,
)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis for tests that do not need to stop it."""
    if url := os.environ.get(REDIS_ENV):
        yield url
        return
    server = RedisServer().start()
    try:
        yield server.url
    finally:
        server.cleanup()


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    """A Redis of this test's own, to kill, restart (same port) or hang."""
    if os.environ.get(REDIS_ENV) and shutil.which("redis-server") is None:
        pytest.skip("prueba de fallas: necesita redis-server local para detenerlo")
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A PostgreSQL server URL whose user may CREATE DATABASE."""
    if url := os.environ.get(POSTGRES_ENV):
        yield url
        return
    server = PostgresServer().start()
    try:
        yield server.url
    finally:
        server.cleanup()


@pytest.fixture
def pg_database_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh, empty database for this test only, dropped afterwards."""
    url = create_database(pg_admin_url)
    try:
        yield url
    finally:
        drop_database(pg_admin_url, url)


@pytest.fixture
def private_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test's own, to stop and start again (same port). Durable
    (fsync, synchronous commit) like production: a crash keeps every acknowledged commit."""
    server = PostgresServer(durable=True).start()
    try:
        yield server
    finally:
        server.cleanup()
