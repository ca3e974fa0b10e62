"""A board's own stream, /api/sse/stream?tablero=true (issue 17), on a real server: the whole
board first, then one `tablero` per change with only what changed (decided once for every
board), and the usual `spool_update` events for its activity list; a renewal (no audit event)
reaches boards and the holder's tablet at once, without the minute's sweep."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import FakeClock
from tests.infra.live import HANG_SECONDS, SseClient, close_all, serve
from zeues.container import Container


@pytest.fixture
def base(container: Container) -> Iterator[str]:
    with serve(container) as url:
        yield url


def board(base: str, last_id: int | None = None) -> SseClient:
    headers = {"Last-Event-ID": str(last_id)} if last_id else {}
    client = SseClient(f"{base}/api/sse/stream?tablero=true", headers)
    assert client.connected.wait(HANG_SECONDS), client.status
    return client


def next_of(client: SseClient, kind: str, tag: str | None = None) -> dict[str, Any]:
    while True:
        event = client.next()
        if event.get("type") != kind:
            continue
        data: dict[str, Any] = event["data"]
        if kind == "tablero" and tag is not None:
            tags = {r["tag_spool"] for r in data["ocupados"]} | set(data["libres"])
            if tag not in tags:
                continue
        return data


def act(base: str, action: str, tag: str, worker: int) -> dict[str, Any]:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": "ARM"}
    answer = httpx.post(f"{base}/api/occupation/{action}", json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    out: dict[str, Any] = answer.json()
    return out


def dashboard(base: str) -> tuple[dict[str, Any], dict[str, Any]]:
    held = httpx.get(f"{base}/api/dashboard/occupied", timeout=10).json()
    resumen = httpx.get(f"{base}/api/dashboard/resumen", timeout=10).json()
    resumen.pop("timestamp")
    return {r["tag_spool"]: r for r in held}, resumen


def test_a_board_gets_the_whole_board_then_only_what_changed(base: str) -> None:
    screen = board(base)
    try:
        first = next_of(screen, "tablero")
        held, resumen = dashboard(base)
        assert first["completo"] is True
        assert {r["tag_spool"]: r for r in first["ocupados"]} == held
        assert first["resumen"] == resumen
        act(base, "tomar", "TEST-01", 93)
        change = next_of(screen, "tablero", "TEST-01")
        update = next_of(screen, "spool_update")  # the change's events follow it
        assert update["tag_spool"] == "TEST-01" and update["type"] == "TOMAR"
        held, resumen = dashboard(base)
        assert change["completo"] is False
        assert change["ocupados"] == [held["TEST-01"]]
        assert change["resumen"]["en_progreso"] == resumen["en_progreso"]
        assert change["resumen"]["ocupados"] == resumen["ocupados"]
        assert "pd_hoy" not in change["resumen"]  # only what moved
        act(base, "pausar", "TEST-01", 93)
        freed = next_of(screen, "tablero", "TEST-01")
        assert freed["libres"] == ["TEST-01"] and freed["ocupados"] == []
    finally:
        close_all([screen])


def test_a_board_reconnecting_gets_the_missed_events_and_the_whole_board(base: str) -> None:
    act(base, "tomar", "TEST-01", 93)
    events = httpx.get(f"{base}/api/history/TEST-01/events", timeout=10).json()["events"]
    seen = int(events[-1]["id"])
    act(base, "tomar", "TEST-02", 94)
    act(base, "pausar", "TEST-01", 93)
    late = board(base, last_id=seen)
    try:
        whole = next_of(late, "tablero")
        missed = [next_of(late, "spool_update")["tag_spool"] for _ in range(2)]
        assert missed == ["TEST-02", "TEST-01"]
        held, resumen = dashboard(base)
        assert whole["completo"] is True
        assert {r["tag_spool"]: r for r in whole["ocupados"]} == held
        assert whole["resumen"] == resumen
    finally:
        close_all([late])


def test_a_renewal_reaches_the_board_and_the_holders_tablet_without_a_sweep(
    base: str, clock: FakeClock
) -> None:
    act(base, "tomar", "TEST-01", 93)
    screen = board(base)
    tablet = SseClient(f"{base}/api/sse/stream?worker_id=93&operacion=ARM")
    assert tablet.connected.wait(HANG_SECONDS)
    try:
        before = next_of(screen, "tablero")
        expires = {r["tag_spool"]: r for r in before["ocupados"]}["TEST-01"]["lease_expires_at"]
        clock.now += timedelta(minutes=5)
        assert act(base, "tomar", "TEST-01", 93)["renovada"] is True
        renewed = next_of(screen, "tablero", "TEST-01")["ocupados"][0]
        assert renewed["lease_expires_at"] > expires
        while True:
            row = tablet.next()
            if row["data"]["tag_spool"] == "TEST-01":
                break
        assert "id" not in row  # a live-only notice: no audit event behind it
        assert row["data"]["grupo"] == "mios"
        assert row["data"]["item"]["lease_expires_at"] == renewed["lease_expires_at"]
    finally:
        close_all([screen, tablet])


@pytest.mark.parametrize("query", ["tablero=true&worker_id=93", "tablero=true&tag_spool=TEST-01"])
def test_a_board_stream_with_a_tablet_or_spool_is_refused_in_spanish(base: str, query: str) -> None:
    answer = httpx.get(f"{base}/api/sse/stream?{query}", timeout=10)
    assert answer.status_code == 422
    assert "tablero va solo" in answer.text
