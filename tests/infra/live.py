"""Live servers for tests that need real HTTP connections: the app served by uvicorn in a thread
(SSE streams, several "processes" sharing one Redis), and `zeues serve --demo` as a real process
on a free port, as a user would start it."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from tests.infra.auth import ADMIN_TOKEN
from tests.infra.processes import run_cli, zeues_cluster, zeues_env, zeues_serve
from tests.infra.servers import create_database, drop_database, free_port
from zeues.api.app import create_app
from zeues.container import Container

# How long a test waits for something that must happen (a stream's first event, a server's
# start) before calling it a hang. Generous on purpose: the suite must pass on a machine shared
# with another test run, and a passing test never waits for it.
HANG_SECONDS = 30.0


@contextmanager
def serve(container: Container) -> Iterator[str]:
    """Yields the base URL; stops the server (and its lifespan) on exit."""
    port = free_port()
    config = uvicorn.Config(
        create_app(container=container),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 2 * HANG_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn no arrancó")
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    # FastAPI builds its routes lazily, at the first request, hiding a pydantic warning with
    # warnings.catch_warnings(), which is not thread-safe: two servers of one test building
    # theirs at once can leak it into pytest's "error" filter and answer 500. A first request
    # to an unknown path builds them all now, before the test starts another server.
    httpx.get(f"{base}/__warmup__", timeout=2 * HANG_SECONDS)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(10)


class SseClient:
    """One SSE connection read in a thread; parsed `spool_update` events land in `events`."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.connected = threading.Event()
        self.ended = threading.Event()
        self.status: int | None = None
        self._stop = threading.Event()
        self._url, self._headers = url, headers or {}
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        # The server pings every ZEUES_SSE_PING_SECONDS: tests set it short, so this loop
        # notices close() promptly without timeouts that would break the stream.
        try:
            self._stream()
        except httpx.HTTPError:
            pass  # refused or cut by the server: the test decides whether that is expected
        finally:
            self.ended.set()

    def _stream(self) -> None:
        with (
            httpx.Client(timeout=httpx.Timeout(HANG_SECONDS, read=30.0)) as client,
            client.stream("GET", self._url, headers=self._headers) as response,
        ):
            self.status = response.status_code
            if response.status_code != 200:
                return  # `connected` stays unset: the test sees why in `status`
            self.connected.set()
            event: dict[str, Any] = {}
            for line in response.iter_lines():
                if self._stop.is_set():
                    return
                if line.startswith("id:"):
                    event["id"] = int(line[3:].strip())
                elif line.startswith("event:"):
                    event["type"] = line[6:].strip()
                elif line.startswith("data:"):
                    event["data"] = json.loads(line[5:].strip())
                elif line == "" and "data" in event:
                    self.events.put(event)
                    event = {}

    def next(self, timeout: float = HANG_SECONDS) -> dict[str, Any]:
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        close_all([self])


def close_all(clients: list[SseClient]) -> None:
    """Stops every reader first, then waits: each one ends at its stream's next ping."""
    for client in clients:
        client._stop.set()
    for client in clients:
        client._thread.join(5)


def tablet(
    base: str,
    worker: int,
    op: str = "ARM",
    last_id: int | None = None,
    *,
    headers: dict[str, str] | None = None,
    wait: float = HANG_SECONDS,
) -> SseClient:
    """A tablet's own stream (/api/sse/stream?worker_id=&operacion=), connected."""
    resume = {"Last-Event-ID": str(last_id)} if last_id is not None else {}
    client = SseClient(
        f"{base}/api/sse/stream?worker_id={worker}&operacion={op}", {**(headers or {}), **resume}
    )
    assert client.connected.wait(wait), client.status
    return client


def open_streams(base: str) -> int:
    """The live streams the server at `base` counts open now (its own process)."""
    stats = httpx.get(f"{base}/api/redis-connection-stats", timeout=HANG_SECONDS).json()
    return int(stats["sse_clients"])


def row_of(client: SseClient, tag: str, wait: float = HANG_SECONDS) -> dict[str, Any]:
    """The next `cola` event for `tag` (events of other spools are skipped). `wait` only bounds
    a hang: generous, as the machine may be shared with other suites."""
    while True:
        event = client.next(wait)
        if event["data"]["tag_spool"] == tag:
            return event


def act(base: str, action: str, tag: str, worker: int) -> None:
    """An ARM occupation action (`tomar`, `pausar`, ...) that must answer 200."""
    body = {"tag_spool": tag, "worker_id": worker, "operacion": "ARM"}
    answer = httpx.post(f"{base}/api/occupation/{action}", json=body, timeout=10)
    assert answer.status_code == 200, answer.text


def audit_id(base: str, tag: str) -> int:
    """The id of the spool's newest audit event."""
    events = httpx.get(f"{base}/api/history/{tag}/events", timeout=10).json()["events"]
    return int(events[-1]["id"])


@contextmanager
def demo_cluster(
    pg_admin_url: str, redis_url: str, logdir: Path, count: int = 2
) -> Iterator[tuple[str, list[str]]]:
    """`count` real `zeues serve` processes on one fresh PostgreSQL database (demo data) and one
    Redis, as `--workers N` runs them: yields (database URL, base URLs); drops the database on
    exit."""
    database_url = create_database(pg_admin_url)
    env = zeues_env(
        database_url,
        redis_url,
        ADMIN_TOKEN,
        ZEUES_DATA_DIR=str(logdir),
        ZEUES_SSE_PING_SECONDS="0.5",  # lets the test's SSE readers notice close() promptly
    )
    run_cli(env, "seed", "--demo")
    try:
        with zeues_cluster(env, logdir, count) as bases:
            yield database_url, bases
    finally:
        drop_database(pg_admin_url, database_url)


@contextmanager
def live_server(
    workdir: Path, *, workers: int = 1, admin_token: str = ADMIN_TOKEN, **env: str
) -> Iterator[str]:
    """The demo on SQLite in `workdir`, with ZEUES_* overrides from `env` (Redis only when
    `env` names ZEUES_REDIS_URL)."""
    redis_url = env.pop("ZEUES_REDIS_URL", None)
    settings = zeues_env(f"sqlite:///{workdir}/live.db", redis_url, admin_token, **env)
    with zeues_serve(settings, workdir, workers=workers, args=("--demo",)) as base:
        yield base
