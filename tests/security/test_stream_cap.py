"""Issue 19, item 6: one process keeps at most ZEUES_SSE_MAX_CLIENTS live streams open; the next
gets 503 + Retry-After in Spanish while health and commands keep answering, and a freed place
is taken again. `zeues serve` raises its soft open-files limit to the hard one. On a real
`zeues serve` (scaled down: a cap of 4 streams, a soft limit of 256)."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.infra.auth import ADMIN_TOKEN
from tests.infra.processes import wait_ready, zeues_env
from tests.infra.servers import free_port

CAP = 4
LOW_SOFT_LIMIT = 256


def _low_soft_limit() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (LOW_SOFT_LIMIT, hard))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    env = zeues_env(
        f"sqlite:///{tmp_path}/zeues.db",
        None,
        ADMIN_TOKEN,
        ZEUES_DATA_DIR=str(tmp_path),
        ZEUES_SSE_MAX_CLIENTS=str(CAP),
        ZEUES_BACKUP_INTERVAL_HOURS="0",
    )
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "zeues", "serve", "--demo", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_low_soft_limit,
        )
        try:
            wait_ready(f"http://127.0.0.1:{port}", proc, log_path)
            yield f"http://127.0.0.1:{port}", proc.pid
        finally:
            proc.terminate()
            proc.wait(20)


def _soft_open_files(pid: int) -> int:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max open files"):
            return int(line.split()[3])
    raise AssertionError("no open-files line")


def _stream_status(http: httpx.Client) -> int:
    with http.stream("GET", "/api/sse/stream") as opened:
        return opened.status_code


def test_streams_past_the_cap_get_503_and_the_floor_keeps_answering(
    server: tuple[str, int],
) -> None:
    base, pid = server
    with ExitStack() as streams, httpx.Client(base_url=base, timeout=10) as http:
        for _ in range(CAP):
            opened = streams.enter_context(http.stream("GET", "/api/sse/stream"))
            assert opened.status_code == 200

        refused = http.get("/api/sse/stream")
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "10"
        body = refused.json()
        assert body["error"] == "DEMASIADAS_CONEXIONES"
        assert "ZEUES_SSE_MAX_CLIENTS" in body["message"]
        assert body["data"] == {"max_clients": CAP}

        assert http.get("/api/health").json()["status"] == "healthy"
        took = http.post(
            "/api/occupation/tomar",
            json={"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"},
        )
        assert took.status_code == 200, took.text

        streams.close()  # the tablets leave: their places free up (once the server sees it)
        deadline = time.monotonic() + 10
        while (status := _stream_status(http)) == 503 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status == 200

    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    assert _soft_open_files(pid) == min(hard, 1 << 20) > LOW_SOFT_LIMIT


def test_tablet_streams_count_toward_the_cap(server: tuple[str, int]) -> None:
    base, _ = server
    tablet = "/api/sse/stream?worker_id=93&operacion=ARM"
    with ExitStack() as streams, httpx.Client(base_url=base, timeout=30) as http:
        for path in (tablet, tablet, "/api/sse/stream", tablet):
            assert streams.enter_context(http.stream("GET", path)).status_code == 200
        for path in (tablet, "/api/sse/stream"):
            refused = http.get(path)
            assert refused.status_code == 503
            assert refused.json()["error"] == "DEMASIADAS_CONEXIONES"
