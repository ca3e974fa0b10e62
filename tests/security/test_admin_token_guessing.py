"""Issue 19 "also": wrong admin tokens are logged and, past ZEUES_ADMIN_MAX_FAILURES from one
address within ZEUES_ADMIN_LOCKOUT_SECONDS, answered 429 in Spanish with Retry-After (even
the right token, so a guesser cannot tell it hit); other addresses are not affected."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.infra.auth import ADMIN_HEADERS, ADMIN_TOKEN
from zeues.api.admin_gate import AdminGate
from zeues.api.errors import AuthError
from zeues.config import Settings

ROUTE = "/api/admin/export/workers"
WRONG = {"Authorization": "Bearer wrong-token-wrong-token"}


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        admin_token=ADMIN_TOKEN,
        admin_max_failures=3,
        admin_lockout_seconds=60,
    )


def test_wrong_tokens_are_logged_then_locked_out(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="zeues.api.admin_gate"):
        statuses = [client.get(ROUTE, headers=WRONG).status_code for _ in range(3)]
        locked = client.get(ROUTE, headers=WRONG)
        right_but_locked = client.get(ROUTE, headers=ADMIN_HEADERS)

    assert statuses == [403, 403, 403]
    assert locked.status_code == 429
    assert locked.json()["error"] == "DEMASIADOS_INTENTOS"
    assert "Espere" in locked.json()["message"]
    assert 1 <= int(locked.headers["Retry-After"]) <= 60
    assert right_but_locked.status_code == 429
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 3  # one per wrong token until the lockout, none after
    assert all("testclient" in line for line in lines)
    assert "429" in lines[-1]


def test_the_lockout_ends_and_is_per_address() -> None:
    now = [0.0]
    gate = AdminGate("x" * 20, max_failures=2, lockout_seconds=60, clock=lambda: now[0])
    for _ in range(2):
        with pytest.raises(AuthError) as wrong:
            gate.check("Bearer nope", "10.0.0.5")
        assert wrong.value.status == 403
    with pytest.raises(AuthError) as locked:
        gate.check("Bearer " + "x" * 20, "10.0.0.5")
    assert locked.value.status == 429

    gate.check("Bearer " + "x" * 20, "10.0.0.6")  # another tablet is not locked out
    now[0] = 61.0
    gate.check("Bearer " + "x" * 20, "10.0.0.5")  # the window passed


def test_a_missing_token_is_401_and_not_counted() -> None:
    gate = AdminGate("x" * 20, max_failures=1)
    for _ in range(5):
        with pytest.raises(AuthError) as missing:
            gate.check(None, "10.0.0.5")
        assert missing.value.status == 401
    gate.check("Bearer " + "x" * 20, "10.0.0.5")
