"""Where commands run (issue 12), every write alike (issue 18). PostgreSQL: on the command
lane's threads, one per pooled connection. SQLite: on the event loop's own thread when the one
writer's turn is free at once (no lock or network to wait for), else on the one command thread,
which waits its turn (tests/integration/sqlite/test_writer_turn.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import FRESCO, RECHAZADO, SOLDADO, event_types, pausar, tomar
from tests.infra.auth import ADMIN_HEADERS
from zeues.adapters.sql.connections import on_event_loop
from zeues.adapters.sql.lane import ThreadLane
from zeues.adapters.sql.sqlite.lane import SqliteLane
from zeues.container import Container
from zeues.services.ports import WriteTx


def test_sqlite_gets_one_command_thread_and_postgresql_one_per_pooled_connection(
    container: Container, backend: str
) -> None:
    expected = 1 if backend == "sqlite" else container.settings.db_pool_size
    lane = container.lane
    assert isinstance(lane, ThreadLane)
    assert lane.threads._max_workers == expected
    assert isinstance(lane, SqliteLane) is (backend == "sqlite")


@pytest.fixture
def write_threads(container: Container, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """For each write transaction opened: "loop" or the name of the thread that opened it."""
    places: list[str] = []
    opened = container.store.write

    @contextmanager
    def recording() -> Iterator[WriteTx]:
        places.append("loop" if on_event_loop() else threading.current_thread().name)
        with opened() as tx:
            yield tx

    monkeypatch.setattr(container.store, "write", recording)
    return places


def _expected_place(backend: str) -> str:
    return "loop" if backend == "sqlite" else "zeues-command"


def test_tomar_and_pausar_write_where_their_backend_runs_commands(
    client: TestClient, write_threads: list[str], backend: str
) -> None:
    assert tomar(client, FRESCO, 93).status_code == 200
    assert pausar(client, FRESCO, 93).status_code == 200

    assert len(write_threads) == 2
    assert all(place.startswith(_expected_place(backend)) for place in write_threads)


def test_a_refused_command_answers_from_the_same_place(
    client: TestClient, write_threads: list[str], backend: str
) -> None:
    response = pausar(client, FRESCO, 93)  # never taken

    assert response.status_code == 400, response.text
    assert response.json()["error"] == "OPERACION_NO_INICIADA"
    assert write_threads and write_threads[0].startswith(_expected_place(backend))


# Every write, not only the floor's five commands (issue 18): one path, one bound.
EVERY_WRITE = [
    ("/api/metrologia/completar", {"tag_spool": SOLDADO, "worker_id": 93, "resultado": "APROBADO"}),
    ("/api/tomar-reparacion", {"tag_spool": RECHAZADO, "worker_id": 96}),
    ("/api/supervisor/liberar", {"tag_spool": FRESCO, "supervisor_id": 97, "motivo": "tablet"}),
    ("/api/admin/spools", {"tag_spool": "TEST-NUEVO-1", "ot": "OT-9"}),
    ("/api/admin/workers", {"id": 777, "nombre": "Ana", "apellido": "Lagos", "roles": []}),
    ("/api/admin/spools/TEST-01/reset", None),
]


@pytest.mark.parametrize(("path", "body"), EVERY_WRITE)
def test_every_write_runs_where_commands_run(
    client: TestClient, write_threads: list[str], backend: str, path: str, body: object
) -> None:
    response = client.post(path, json=body, headers=ADMIN_HEADERS)

    assert response.status_code in (200, 400, 403), response.text  # written or refused
    assert write_threads and all(p.startswith(_expected_place(backend)) for p in write_threads)


def test_a_v3_metrologia_retried_with_its_key_replays_and_inspects_once(
    client: TestClient,
) -> None:
    body = {"tag_spool": SOLDADO, "worker_id": 93, "resultado": "RECHAZADO"}
    key = {"Idempotency-Key": "v3-metrologia-1"}
    first = client.post("/api/metrologia/completar", json=body, headers=key)
    again = client.post("/api/metrologia/completar", json=body, headers=key)

    assert first.status_code == again.status_code == 200, again.text
    assert again.content == first.content
    assert event_types(client, SOLDADO).count("COMPLETAR_METROLOGIA") == 1
