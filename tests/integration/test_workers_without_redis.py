"""`zeues serve --workers 2` on SQLite without Redis: a change made through one process reaches
a dashboard connected to the other (each process follows the audit table, follower.py), in
well under the SPEC's 1 s, each event once. Connections are pinned to a process by HTTP
keep-alive; /api/redis-connection-stats says which process answers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx

from tests.infra.live import HANG_SECONDS, live_server

EVENTS = 10
BUDGET = 1.0  # SPEC: a dashboard sees a change within 1 s


def _process(client: httpx.Client) -> str:
    process: str = client.get("/api/redis-connection-stats").json()["process"]
    return process


def _clients_on_two_processes(base: str, stack: ExitStack) -> tuple[httpx.Client, httpx.Client]:
    """Opens connections until two of them are served by different processes."""
    seen: dict[str, httpx.Client] = {}
    for _ in range(60):
        client = stack.enter_context(httpx.Client(base_url=base, timeout=10))
        seen.setdefault(_process(client), client)
        if len(seen) == 2:
            first, second = seen.values()
            return first, second
    raise AssertionError(f"60 conexiones, todas a {list(seen)}: ¿un solo proceso?")


class Listener:
    """Reads `spool_update` ids from an SSE stream on an already-pinned client."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.received: dict[int, float] = {}  # event id → monotonic arrival
        self.connected = threading.Event()
        self.sock: socket.socket
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            with self.client.stream("GET", "/api/sse/stream", timeout=30) as response:
                self.sock = response.extensions["network_stream"].get_extra_info("socket")
                self.connected.set()
                for line in response.iter_lines():
                    if line.startswith("id:"):
                        self.received[int(line[3:].strip())] = time.monotonic()
        except httpx.HTTPError:
            if not self.stop.is_set():  # the shutdown at the end is expected
                raise

    def __enter__(self) -> Listener:
        self.thread.start()
        assert self.connected.wait(HANG_SECONDS)
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked read at once
        self.thread.join(10)
        self.client.close()


def _cycle(writer: httpx.Client, reads: list[float]) -> Iterator[tuple[int, float]]:
    """TOMAR/PAUSAR on a test spool; yields (audit id, when the write answered). Appends to
    `reads` how long reading the events back took: what a follower's poll costs right now."""
    for n in range(EVENTS):
        action = "tomar" if n % 2 == 0 else "pausar"
        body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
        response = writer.post(f"/api/occupation/{action}", json=body)
        assert response.status_code == 200, response.text
        answered = time.monotonic()
        events = writer.get("/api/history/TEST-01/events").json()["events"]
        reads.append(time.monotonic() - answered)
        yield events[-1]["id"], answered
        time.sleep(0.1)  # a pace, not a wait for anything


def test_a_dashboard_on_one_process_sees_changes_made_on_the_other(tmp_path: Path) -> None:
    with live_server(tmp_path, workers=2) as base, ExitStack() as stack:
        writer, reader = _clients_on_two_processes(base, stack)
        assert _process(writer) != _process(reader)
        with Listener(reader) as listener:
            reads: list[float] = []
            written = dict(_cycle(writer, reads))
            deadline = time.monotonic() + 15
            while not set(written) <= set(listener.received) and time.monotonic() < deadline:
                time.sleep(0.02)
    assert set(written) <= set(listener.received), "eventos del otro proceso no llegaron"
    delays = sorted(listener.received[i] - at for i, at in written.items())
    # The SPEC's second on a quiet machine; a loaded one adds what reading the events costs
    # it in this run (the yardstick), as the other process's poll is such a read.
    assert delays[-1] < BUDGET + 2 * max(reads), (delays, max(reads))
    p50, worst = delays[len(delays) // 2], delays[-1]
    print(f"\nworkers-without-redis: delay p50={p50:.3f}s max={worst:.3f}s")
