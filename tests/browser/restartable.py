"""A `zeues serve --demo` that a test can stop and start again on the same port and database,
to see a screen lose its connection and come back (the board's "sin conexión")."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.infra.processes import START_TIMEOUT, zeues_env
from tests.infra.servers import free_port
from tests.live import ADMIN_TOKEN


class RestartableServer:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = zeues_env(f"sqlite:///{workdir}/live.db", None, ADMIN_TOKEN)
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = (self.workdir / f"serve-{self.port}-{self.starts}.log").open("w")
        cmd = [sys.executable, "-m", "zeues", "serve", "--port", str(self.port), "--demo"]
        self.proc = subprocess.Popen(
            cmd, cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()  # the child keeps its own descriptor
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"zeues serve terminó (código {self.proc.returncode})")
            try:
                if httpx.get(f"{self.base}/api/health/ready", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"zeues serve no respondió en {self.base}")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None
