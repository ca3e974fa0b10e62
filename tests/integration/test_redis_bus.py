"""The Redis event bus on a real Redis: every process receives every committed event through
its ONE subscription, and fans it out in memory to its SSE clients."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import redis

from tests.infra.live import HANG_SECONDS, SseClient, close_all, serve
from tests.infra.servers import RedisServer
from tests.infra.waits import wait_for
from tests.integration.redis_helpers import (
    backend_of,
    clients_named,
    redis_container,
    redis_settings,
)
from zeues.adapters.redis.wire import decode, encode
from zeues.domain.model import AuditEvent, EventoTipo, Operacion

TOMAR = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}


def test_wire_format_rebuilds_the_same_audit_event() -> None:
    event = AuditEvent(
        id=42,
        evento_tipo=EventoTipo.COMPLETAR_METROLOGIA,
        tag_spool="TEST-02",
        worker_id=95,
        worker_nombre="CV(95)",
        operacion=Operacion.METROLOGIA,
        accion="COMPLETAR",
        timestamp=datetime(2026, 11, 23, 15, 0, 1, 123456, tzinfo=UTC),
        fecha_operacion=date(2026, 11, 23),
        metadata={"resultado": "APROBADO", "ciclo": 0, "estado_detalle": "Aprobado ✓"},
    )
    assert decode(encode(event, "zeues-1")) == event
    assert decode(encode(event, "zeues-1").encode()) == event


def test_a_commit_in_one_process_reaches_the_sse_clients_of_every_process(
    tmp_path: Path, redis_url: str
) -> None:
    a = redis_container(redis_settings(tmp_path, redis_url, "zeues-bus-a"))
    b = redis_container(redis_settings(tmp_path, redis_url, "zeues-bus-b"))
    with serve(a) as url_a, serve(b) as url_b:
        on_a = SseClient(f"{url_a}/api/sse/stream?tag_spool=TEST-01")
        on_b = SseClient(f"{url_b}/api/sse/stream?tag_spool=TEST-01")
        try:
            assert on_a.connected.wait(HANG_SECONDS) and on_b.connected.wait(HANG_SECONDS)
            response = httpx.post(f"{url_a}/api/occupation/tomar", json=TOMAR)
            assert response.status_code == 200, response.text
            got_a, got_b = on_a.next(), on_b.next()
        finally:
            close_all([on_a, on_b])
    assert got_a == got_b
    assert got_b["data"]["tag_spool"] == "TEST-01"
    assert got_b["data"]["event_type"] == "TOMAR"
    assert got_b["data"]["worker_id"] == 93
    # Own events come back through Redis too: one path for all processes.
    assert backend_of(a).subscriber.received >= 1
    assert backend_of(a).bus.delivered_locally == 0


def test_each_process_holds_one_pubsub_connection_whatever_its_sse_clients(
    tmp_path: Path, private_redis: RedisServer
) -> None:
    url = private_redis.url
    a = redis_container(redis_settings(tmp_path, url, "zeues-one-a"))
    b = redis_container(redis_settings(tmp_path, url, "zeues-one-b"))
    with serve(a) as url_a, serve(b) as url_b:
        streams = [SseClient(f"{url_a}/api/sse/stream") for _ in range(30)]
        streams += [SseClient(f"{url_b}/api/sse/stream") for _ in range(10)]
        try:
            wait_for(lambda: a.hub.client_count == 30 and b.hub.client_count == 10)
            assert len(clients_named(url, "zeues-one-a-pubsub")) == 1
            assert len(clients_named(url, "zeues-one-b-pubsub")) == 1
            with redis.Redis.from_url(url) as r:
                assert dict(r.pubsub_numsub("zeues:events")) == {b"zeues:events": 2}
            assert httpx.post(f"{url_a}/api/occupation/tomar", json=TOMAR).status_code == 200
            ids = {s.next()["id"] for s in streams}
        finally:
            close_all(streams)
    assert len(ids) == 1  # the same event, delivered to all 40 clients of both processes
