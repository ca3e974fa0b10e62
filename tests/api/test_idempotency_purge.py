"""Idempotency-Key rows past their 24 h window are purged (issue 18, issue 19 "also"): on both
backends, by the first keyed command after the purge interval."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.conftest import FakeClock
from zeues.container import Container
from zeues.services.commands import WINDOW


def _keys(container: Container) -> list[str]:
    with container.store.engine.connect() as conn:  # type: ignore[attr-defined]
        return list(conn.execute(text("SELECT key FROM idempotency_keys ORDER BY key")).scalars())


def test_keys_past_the_window_are_purged_by_a_later_keyed_command(
    client: TestClient, container: Container, clock: FakeClock
) -> None:
    body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    assert (
        client.post(
            "/api/occupation/tomar", json=body, headers={"Idempotency-Key": "old"}
        ).status_code
        == 200
    )
    clock.advance(WINDOW.total_seconds() + 1)

    paused = client.post("/api/occupation/pausar", json=body, headers={"Idempotency-Key": "new"})

    # The hold lapsed meanwhile and nobody took the spool: still closed (CONTRACT §1.2).
    assert paused.status_code == 200, paused.text
    assert _keys(container) == ["pausar:new"]
