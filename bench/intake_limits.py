"""What an oversized body costs a real `zeues serve` (issue 19, item 2), as the server's own
counters say (/proc/PID/io and /proc/PID/status):

- an upload of UPLOAD_MB without a token: bytes the server read from the socket (rchar) and
  wrote (wchar: the temporary file) before its answer, and the answer;
- a JSON body of JSON_MB to TOMAR: the server's peak memory (VmHWM) before and after, and the
  answer;
- yardstick in the same run: a normal TOMAR's rchar, and the idle server's VmHWM.

    python bench/intake_limits.py [UPLOAD_MB] [JSON_MB]
    PYTHONPATH=/path/to/other/src python bench/intake_limits.py   # another tree (e.g. main)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

CHUNK = 1 << 20
TOKEN = "bench-admin-token-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _io(pid: int) -> dict[str, int]:
    rows = Path(f"/proc/{pid}/io").read_text().splitlines()
    return {k: int(v) for k, v in (row.split(": ") for row in rows)}


def _status_kb(pid: int, key: str) -> int:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith(key + ":"):
            return int(row.split()[1])
    raise KeyError(key)


def _upload(size: int) -> Iterator[bytes]:
    yield (
        b'--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\nspools\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n"
    )
    for _ in range(size // CHUNK):
        yield b"x" * CHUNK
    yield b"\r\n--b--\r\n"


def _json(size: int) -> Iterator[bytes]:
    yield b'{"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM", "pad": "'
    for _ in range(size // CHUNK):
        yield b"a" * CHUNK
    yield b'"}'


def _send(url: str, body: Iterator[bytes], headers: dict[str, str]) -> str:
    try:
        answer = httpx.post(url, content=body, headers=headers, timeout=300)
        return f"{answer.status_code} {answer.json().get('error', '')}"
    except httpx.HTTPError as exc:  # the server answered and closed mid-upload
        return f"conexión cerrada por el servidor ({type(exc).__name__})"


def main() -> None:
    upload_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    json_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    work = Path(tempfile.mkdtemp(prefix="zeues-intake-"))
    spool = work / "tmp"
    spool.mkdir()
    port = _free_port()
    env = {
        **os.environ,
        "ZEUES_DATA_DIR": str(work),
        "ZEUES_ADMIN_TOKEN": TOKEN,
        "ZEUES_BACKUP_INTERVAL_HOURS": "0",
        "TMPDIR": str(spool),
    }
    log = (work / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "zeues", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/health/ready").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        pid = proc.pid
        print(f"zeues from {httpx.get(base + '/api/health').json()['version']}, pid {pid}")

        before = _io(pid)
        body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
        httpx.post(f"{base}/api/occupation/tomar", json=body)
        yard = _io(pid)["rchar"] - before["rchar"]
        print(f"yardstick: one TOMAR read {yard} bytes")

        before = _io(pid)
        form = {"content-type": "multipart/form-data; boundary=b"}
        answer = _send(f"{base}/api/admin/import", _upload(upload_mb * CHUNK), form)
        time.sleep(0.5)
        after = _io(pid)
        print(
            f"upload {upload_mb} MB without token: answer {answer}; server read "
            f"{(after['rchar'] - before['rchar']) / 1e6:.1f} MB, wrote "
            f"{(after['wchar'] - before['wchar']) / 1e6:.1f} MB"
        )

        idle_peak = _status_kb(pid, "VmHWM")
        answer = _send(
            f"{base}/api/occupation/tomar",
            _json(json_mb * CHUNK),
            {"content-type": "application/json"},
        )
        time.sleep(0.5)
        print(
            f"JSON {json_mb} MB to TOMAR: answer {answer}; peak RSS {idle_peak / 1024:.0f} MB "
            f"before, {_status_kb(pid, 'VmHWM') / 1024:.0f} MB after; RSS now "
            f"{_status_kb(pid, 'VmRSS') / 1024:.0f} MB"
        )
    finally:
        proc.terminate()
        proc.wait(20)
        log.close()


if __name__ == "__main__":
    main()
