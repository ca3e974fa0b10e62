"""What a backup costs the floor's commands (issue 19, item 8): a `zeues serve --demo` under a
TOMAR/PAUSAR load from one client thread; four windows of 2 s without a backup (yardstick) and
four windows each covering one backup taken by another process, as `zeues backup` or the
server's schedule thread would (that process's start-up included). Latency percentiles of the
commands that started in each kind of window.

    python bench/backup_latency.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

TAKE = (
    "from zeues.bootstrap import backups; from zeues.config import Settings; "
    "from zeues.container import utcnow; backups(Settings()).take(utcnow())"
)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="zeues-backup-latency-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {
        **os.environ,
        "ZEUES_DATA_DIR": str(work),
        "ZEUES_ADMIN_TOKEN": "bench-admin-token-0123456789",
        "ZEUES_BACKUP_INTERVAL_HOURS": "0",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "zeues", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    log: list[tuple[float, float]] = []

    def load() -> None:
        body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
        with httpx.Client(base_url=base, timeout=30) as http:
            while not stop.is_set():
                for route in ("/api/occupation/tomar", "/api/occupation/pausar"):
                    start = time.perf_counter()
                    assert http.post(route, json=body).status_code == 200
                    log.append((start, time.perf_counter() - start))

    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/health/ready").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        worker = threading.Thread(target=load)
        worker.start()
        time.sleep(2)
        windows: list[tuple[str, float, float]] = []
        for _ in range(4):
            start = time.perf_counter()
            time.sleep(2)
            windows.append(("without backup", start, time.perf_counter()))
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", TAKE], env=env, check=True)
            windows.append(("during a backup", start, time.perf_counter()))
            time.sleep(1.1)  # copies are named by the second
        stop.set()
        worker.join(30)
    finally:
        proc.terminate()
        proc.wait(20)
    for kind in ("without backup", "during a backup"):
        found = sorted(
            lat for (at, lat) in log for (k, a, b) in windows if k == kind and a <= at < b
        )
        p50, p99 = found[len(found) // 2], found[int(len(found) * 0.99)]
        print(
            f"{kind}: {len(found)} commands, p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
            f"max {found[-1] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
