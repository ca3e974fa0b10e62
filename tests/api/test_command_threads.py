"""Commands run on the container's command threads, apart from the reads' thread pool: one
thread on SQLite (one writer at a time anyway), the pool's size on PostgreSQL (issue 12)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import FRESCO, pausar, tomar
from zeues.container import Container
from zeues.services.ports import WriteTx


def test_sqlite_gets_one_command_thread_and_postgresql_one_per_pooled_connection(
    container: Container, backend: str
) -> None:
    expected = 1 if backend == "sqlite" else container.settings.db_pool_size
    assert container.command_threads._max_workers == expected


@pytest.fixture
def write_threads(container: Container, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the threads that opened a write transaction."""
    names: list[str] = []
    opened = container.store.write

    @contextmanager
    def recording() -> Iterator[WriteTx]:
        names.append(threading.current_thread().name)
        with opened() as tx:
            yield tx

    monkeypatch.setattr(container.store, "write", recording)
    return names


def test_tomar_and_pausar_write_on_a_command_thread(
    client: TestClient, write_threads: list[str]
) -> None:
    assert tomar(client, FRESCO, 93).status_code == 200
    assert pausar(client, FRESCO, 93).status_code == 200

    assert len(write_threads) == 2
    assert all(name.startswith("zeues-command") for name in write_threads), write_threads


def test_a_refused_command_answers_through_the_command_thread_too(
    client: TestClient, write_threads: list[str]
) -> None:
    response = pausar(client, FRESCO, 93)  # never taken

    assert response.status_code == 400, response.text
    assert response.json()["error"] == "OPERACION_NO_INICIADA"
    assert write_threads and write_threads[0].startswith("zeues-command")
