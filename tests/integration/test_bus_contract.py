"""One contract, every event-bus adapter: the in-process MemoryBus (the embedded default) and
the RedisBus on a real private Redis. Same tests, same assertions; only the fixture differs.

What every adapter promises (CONTRACT §2.5, ARCHITECTURE "publish after commit"): a committed
change reaches every SSE client of the process once, after it is in the audit log; a rejected
request publishes nothing; the tag filter holds; one publisher's events keep their order; SSE
clients cost no bus connections; a client that falls behind is cut off without slowing the
others, and catches up from the audit log with Last-Event-ID."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.infra.live import HANG_SECONDS, SseClient, close_all, serve
from tests.infra.servers import RedisServer
from tests.infra.sse_swarm import SseSwarm
from tests.infra.waits import wait_for
from tests.integration.redis_helpers import redis_container, redis_settings
from tests.unit.builders import committed_tomar
from zeues.adapters.live import fanout
from zeues.container import Container

ADAPTERS = ["memory", "redis"]


@dataclass
class Deployment:
    adapter: str
    c: Container
    base: str
    bus_connections: Callable[[], int]  # connections this process holds for the bus

    def post(self, action: str, tag: str, worker: int = 93, op: str = "ARM") -> httpx.Response:
        body = {"tag_spool": tag, "worker_id": worker, "operacion": op}
        return httpx.post(f"{self.base}/api/occupation/{action}", json=body, timeout=10)

    def take_and_pause(self, tag: str, times: int) -> None:
        """TOMAR and PAUSAR `tag` in turn, `times` accepted commands in all."""
        for i in range(times):
            assert self.post("pausar" if i % 2 else "tomar", tag).status_code == 200

    def audit_ids(self, tag: str) -> list[int]:
        found = httpx.get(f"{self.base}/api/history/{tag}/events", timeout=10).json()
        return [e["id"] for e in found["events"]]

    def stream(self, query: str = "", headers: dict[str, str] | None = None) -> SseClient:
        client = SseClient(f"{self.base}/api/sse/stream{query}", headers)
        assert client.connected.wait(HANG_SECONDS), client.status
        return client


def _named_connections(url: str, prefix: str) -> int:
    import redis

    with redis.Redis.from_url(url) as r:
        return sum(1 for c in r.client_list() if str(c.get("name", "")).startswith(prefix))


@pytest.fixture(params=ADAPTERS)
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Deployment]:
    process = f"zeues-contract-{request.param}"
    if request.param == "redis":
        server: RedisServer = request.getfixturevalue("private_redis")
        c = redis_container(redis_settings(tmp_path, server.url, process))
        count = lambda: _named_connections(server.url, process)  # noqa: E731
    else:
        c = redis_container(redis_settings(tmp_path, "", process))  # no URL: MemoryBus
        count = lambda: 0  # noqa: E731  # in-process: no connection exists to count
    assert type(c.bus).__name__ == {"memory": "MemoryBus", "redis": "RedisBus"}[request.param]
    with serve(c) as base:
        yield Deployment(request.param, c, base, count)


def _nothing_before_a_sentinel(
    deployment: Deployment, clients: list[SseClient], tag: str, action: str = "tomar"
) -> list[bool]:
    """A sentinel instead of a wait: one more write on `tag`. A duplicate or stray event would
    reach each client before it (one publisher's order is kept), so each one's next event must
    be the sentinel itself."""
    assert deployment.post(action, tag).status_code == 200
    sentinel = deployment.audit_ids(tag)[-1]
    return [c.next()["id"] == sentinel for c in clients]


def test_a_committed_change_reaches_every_sse_client_once_after_it_is_audited(
    deployment: Deployment,
) -> None:
    clients = [deployment.stream() for _ in range(10)]
    try:
        assert deployment.post("tomar", "TEST-01").status_code == 200
        got = [c.next() for c in clients]
        audited = deployment.audit_ids("TEST-01")  # read after every client had the event
        extra = [not quiet for quiet in _nothing_before_a_sentinel(deployment, clients, "TEST-02")]
    finally:
        close_all(clients)
    assert {g["id"] for g in got} == {audited[-1]}
    assert all(g["data"]["event_type"] == "TOMAR" for g in got)
    assert all(g["data"]["worker_nombre"] == "MR(93)" for g in got)
    assert not any(extra)  # once each


def test_a_rejected_request_publishes_nothing(deployment: Deployment) -> None:
    client = deployment.stream("?tag_spool=TEST-01")
    try:
        assert deployment.post("tomar", "TEST-01", worker=93).status_code == 200
        assert deployment.post("tomar", "TEST-01", worker=94).status_code == 409
        assert deployment.post("pausar", "TEST-01", worker=94).status_code == 403
        assert deployment.post("pausar", "TEST-01", worker=93).status_code == 200
        got = [client.next()["data"]["event_type"] for _ in range(2)]
        audited = len(deployment.audit_ids("TEST-01"))
        [quiet] = _nothing_before_a_sentinel(deployment, [client], "TEST-01")
    finally:
        client.close()
    assert got == ["TOMAR", "PAUSAR"]
    assert quiet
    assert audited == 2


def test_a_tag_filtered_client_gets_only_its_spool(deployment: Deployment) -> None:
    only_two = deployment.stream("?tag_spool=TEST-02")
    everything = deployment.stream()
    try:
        for tag in ("TEST-01", "TEST-02", "TEST-03", "TEST-02"):
            action = "pausar" if tag == "TEST-02" and deployment.audit_ids(tag) else "tomar"
            assert deployment.post(action, tag).status_code == 200
        filtered = [only_two.next()["data"]["tag_spool"] for _ in range(2)]
        unfiltered = [everything.next()["data"]["tag_spool"] for _ in range(4)]
        [quiet] = _nothing_before_a_sentinel(deployment, [only_two], "TEST-02", "tomar")
    finally:
        close_all([only_two, everything])
    assert filtered == ["TEST-02", "TEST-02"] and quiet
    assert unfiltered == ["TEST-01", "TEST-02", "TEST-03", "TEST-02"]


def test_one_publishers_events_arrive_in_the_order_it_published_them(
    deployment: Deployment,
) -> None:
    client = deployment.stream("?tag_spool=TEST-05")
    ids = list(range(1_000_001, 1_000_301))
    try:
        for start in range(0, len(ids), 3):  # many small batches, as commits produce them
            deployment.c.bus.publish([committed_tomar(i) for i in ids[start : start + 3]])
        got = [client.next()["id"] for _ in ids]
    finally:
        client.close()
    assert got == ids


def test_sequential_commits_arrive_in_commit_order(deployment: Deployment) -> None:
    client = deployment.stream("?tag_spool=TEST-04")
    try:
        deployment.take_and_pause("TEST-04", 10)
        got = [client.next()["id"] for _ in range(10)]
    finally:
        client.close()
    assert got == deployment.audit_ids("TEST-04")
    assert got == sorted(got)


def test_many_sse_clients_cost_no_extra_bus_connections(deployment: Deployment) -> None:
    one = deployment.stream()
    try:
        # Warm up what opens lazily (the pool's connection, the health probe's) first.
        assert deployment.post("tomar", "TEST-01").status_code == 200
        assert httpx.get(f"{deployment.base}/api/health", timeout=HANG_SECONDS).status_code == 200
        one.next()
        with_one = deployment.bus_connections()
        swarm = SseSwarm(deployment.base, 200).start()
        try:
            wait_for(lambda: deployment.c.hub.client_count == 201, 15, "201 clientes")
            assert deployment.post("tomar", "TEST-03").status_code == 200
            wait_for(lambda: all(len(c.ids) == 1 for c in swarm.clients), 10, "todos reciben")
            with_many = deployment.bus_connections()
        finally:
            swarm.stop()
    finally:
        one.close()
    assert with_many == with_one
    assert with_one == {"memory": 0, "redis": 3}[deployment.adapter]  # pool + probe + pubsub


def test_a_lagging_client_is_cut_off_without_slowing_the_others_and_catches_up(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fanout, "CLIENT_QUEUE_SIZE", 5)
    # A client whose queue nobody drains (a dashboard on a stalled network).
    stalled = deployment.c.hub.subscribe()
    healthy = deployment.stream("?tag_spool=TEST-01")
    try:
        deployment.take_and_pause("TEST-01", 8)
        live = [healthy.next()["id"] for _ in range(8)]
    finally:
        healthy.close()
        deployment.c.hub.unsubscribe(stalled)
    # Cut off after its 5 queued events: what is left for it is the "reconnect" sentinel.
    assert stalled.lagged
    assert stalled.queue.qsize() == 1 and stalled.queue.get_nowait() is None
    audited = deployment.audit_ids("TEST-01")
    assert live == audited  # the others got everything, in order

    # Reconnecting like EventSource does, with the last id it had, replays the rest.
    catching_up = deployment.stream("?tag_spool=TEST-01", {"Last-Event-ID": str(audited[4])})
    try:
        replayed = [catching_up.next()["id"] for _ in range(3)]
        assert deployment.post("tomar", "TEST-01").status_code == 200
        then_live = catching_up.next()["id"]
        last = deployment.audit_ids("TEST-01")[-1]
        [quiet] = _nothing_before_a_sentinel(deployment, [catching_up], "TEST-01", "pausar")
    finally:
        catching_up.close()
    assert replayed == audited[5:]
    assert then_live == last and quiet


def test_events_reach_clients_in_well_under_a_second(deployment: Deployment) -> None:
    client = deployment.stream()
    try:
        worst = slowest_write = 0.0
        for i in range(6):
            started = time.perf_counter()
            assert deployment.post("pausar" if i % 2 else "tomar", "TEST-02").status_code == 200
            slowest_write = max(slowest_write, time.perf_counter() - started)
            client.next()
            worst = max(worst, time.perf_counter() - started)
    finally:
        client.close()
    # Under a second on a quiet machine; a loaded one stretches the write itself (measured in
    # the same run), not the push that follows its commit.
    assert worst < 1.0 + slowest_write, (worst, slowest_write)
