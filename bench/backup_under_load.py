"""How long a backup of the demo database takes while `zeues serve` writes (issue 19, item 8),
and what it costs the floor: SQLite's online backup of the served file, idle and under a
TOMAR/PAUSAR load, against a plain file copy of the same file (yardstick, same run); and the
load's commands per second and worst latency while copies run.

    python bench/backup_under_load.py [ROUNDS]
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from zeues.bootstrap import backups
from zeues.config import Settings
from zeues.container import utcnow

TOKEN = "bench-admin-token-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _load(base: str, stop: threading.Event, log: list[tuple[float, float]], tag: str) -> None:
    body = {"tag_spool": tag, "worker_id": 93, "operacion": "ARM"}
    with httpx.Client(base_url=base, timeout=30) as http:
        while not stop.is_set():
            for route in ("/api/occupation/tomar", "/api/occupation/pausar"):
                start = time.perf_counter()
                answer = http.post(route, json=body)
                assert answer.status_code == 200, answer.text
                log.append((start, time.perf_counter() - start))


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    work = Path(tempfile.mkdtemp(prefix="zeues-backup-bench-"))
    port = _free_port()
    env = {
        **os.environ,
        "ZEUES_DATA_DIR": str(work),
        "ZEUES_ADMIN_TOKEN": TOKEN,
        "ZEUES_BACKUP_INTERVAL_HOURS": "0",
    }
    out = (work / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "zeues", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    settings = Settings(data_dir=work, admin_token=TOKEN)
    store = backups(settings)
    database = settings.sqlite_file
    assert database is not None
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/health/ready").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)

        def timed(action: object) -> float:
            start = time.perf_counter()
            action()  # type: ignore[operator]
            return time.perf_counter() - start

        copy_target = work / "plain-copy.db"
        plain = [timed(lambda: shutil.copyfile(database, copy_target)) for _ in range(rounds)]
        idle = [timed(lambda: store.take(utcnow())) for _ in range(rounds)]
        for found in store.folder.glob("zeues-*.db"):
            found.unlink()

        stop, log = threading.Event(), list[tuple[float, float]]()
        threads = [
            threading.Thread(target=_load, args=(base, stop, log, tag))
            for tag in ("TEST-01", "TEST-02")
        ]
        for t in threads:
            t.start()
        time.sleep(2)
        quiet_start = time.perf_counter()
        time.sleep(3)
        quiet = [lat for start, lat in log if start >= quiet_start]
        busy_start = time.perf_counter()
        loaded = []
        for _ in range(rounds):
            loaded.append(timed(lambda: store.take(utcnow())))
            for found in store.folder.glob("zeues-*.db"):
                found.unlink()
            time.sleep(1.1)  # copies are named by the second
        busy_end = time.perf_counter()
        time.sleep(3)  # the same load after the copies, for the drift of a growing database
        after = [lat for start, lat in log if start >= busy_end]
        after_seconds = time.perf_counter() - busy_end
        stop.set()
        for t in threads:
            t.join(30)
        busy = [lat for start, lat in log if busy_start <= start < busy_end]
        size = database.stat().st_size / 1e6
        print(f"demo database {size:.1f} MB, {rounds} rounds (median seconds)")
        print(f"yardstick, plain file copy:        {statistics.median(plain):.4f} s")
        print(
            f"online backup, idle server:        {statistics.median(idle):.4f} s "
            f"({statistics.median(idle) / statistics.median(plain):.1f}× the copy)"
        )
        print(
            f"online backup, under write load:   {statistics.median(loaded):.4f} s "
            f"({statistics.median(loaded) / statistics.median(plain):.1f}× the copy)"
        )
        print(
            f"load without backups: {len(quiet) / 3:.0f} commands/s, max {max(quiet) * 1000:.0f} ms"
        )
        print(
            f"load while backing up: {len(busy) / (busy_end - busy_start):.0f} commands/s, "
            f"max {max(busy) * 1000:.0f} ms"
        )
        print(
            f"load after the backups: {len(after) / after_seconds:.0f} commands/s, "
            f"max {max(after) * 1000:.0f} ms"
        )
    finally:
        proc.terminate()
        proc.wait(20)
        out.close()


if __name__ == "__main__":
    main()
