"""Issue 19 "also": preflights from made-up origins write at most WARNINGS_PER_MINUTE log lines a
minute (5,000 origins wrote 5,000 lines in 1.7 s); what was held back is counted in the next
line, and the remembered origins are bounded."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from zeues.api import cors

PREFLIGHT = {"Access-Control-Request-Method": "POST"}


def _preflight(client: TestClient, origin: str) -> int:
    headers = {**PREFLIGHT, "Origin": origin}
    return client.options("/api/occupation/tomar", headers=headers).status_code


def test_a_flood_of_new_origins_writes_a_bounded_number_of_lines(
    client: TestClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cors, "REMEMBERED_ORIGINS", 50)
    with caplog.at_level(logging.WARNING, logger="zeues.api.cors"):
        statuses = {_preflight(client, f"http://evil-{n}.example") for n in range(300)}

    assert statuses == {400}  # every one still refused
    lines = [r.getMessage() for r in caplog.records if r.name == "zeues.api.cors"]
    assert len(lines) == cors.WARNINGS_PER_MINUTE


def test_held_back_warnings_are_counted_in_the_next_line() -> None:
    now = [0.0]
    middleware = cors.LoggedCORSMiddleware(lambda *a: None, [], clock=lambda: now[0])  # type: ignore[arg-type,return-value]
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Keep()
    cors.log.addHandler(handler)
    try:
        for n in range(cors.WARNINGS_PER_MINUTE + 7):
            middleware._warn(f"http://o{n}")
        now[0] = 61.0
        middleware._warn("http://late")
    finally:
        cors.log.removeHandler(handler)

    assert len(records) == cors.WARNINGS_PER_MINUTE + 1
    assert "http://late" in records[-1] and "y 7 orígenes más" in records[-1]
