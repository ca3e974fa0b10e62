"""Ctrl-C while a dashboard holds a live stream: the stream ends as a complete response and the
server logs no ERROR (before, uvicorn logged "ASGI callable returned without completing
response")."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from tests.infra.auth import ADMIN_TOKEN
from tests.infra.processes import zeues_env
from tests.infra.servers import free_port


def test_ctrl_c_with_an_open_stream_ends_it_cleanly_without_an_error_line(tmp_path: Path) -> None:
    port = free_port()
    env = zeues_env(f"sqlite:///{tmp_path}/z.db", None, ADMIN_TOKEN)
    proc = subprocess.Popen(
        [sys.executable, "-m", "zeues", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/health/live", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        outcome: dict[str, object] = {}
        streaming = threading.Event()

        def read_stream() -> None:
            try:
                with httpx.stream("GET", f"{base}/api/sse/stream", timeout=30) as answer:
                    outcome["status"] = answer.status_code
                    body: list[str] = []
                    for text in answer.iter_text():  # until the server ends it
                        body.append(text)
                        if ": conectado" in "".join(body):
                            streaming.set()  # the stream is open and speaking: stop it now
                    outcome["body"] = "".join(body)
                outcome["ended"] = "cleanly"
            except httpx.HTTPError as exc:  # a cut connection, not an ended response
                outcome["ended"] = f"{type(exc).__name__}: {exc}"

        reader = threading.Thread(target=read_stream, daemon=True)
        reader.start()
        streaming.wait(max(deadline - time.monotonic(), 1.0))
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
        reader.join(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert outcome.get("status") == 200
    assert outcome.get("ended") == "cleanly", outcome
    assert ": conectado" in str(outcome.get("body"))
    assert "ERROR" not in output, output
    assert proc.returncode == 0
