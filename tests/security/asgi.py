"""A request sent straight to the ASGI app, its body in chunks the test counts: how much of a
body the app read before it answered, which a TestClient (one chunk) cannot show."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio
from starlette.types import ASGIApp, Message

CHUNK = 64 * 1024


@dataclass
class Sent:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    chunks_read: int = 0

    def json(self) -> Any:
        return json.loads(self.body)


def post(
    app: ASGIApp,
    path: str,
    chunks: Iterator[bytes],
    headers: dict[str, str] | None = None,
) -> Sent:
    """POST `chunks` to `path` (no Content-Length unless `headers` has one: chunked)."""
    sent = Sent()
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": raw,
        "client": ("127.0.0.9", 5000),
        "server": ("testserver", 80),
    }
    pending = iter(chunks)
    done = False

    async def receive() -> Message:
        nonlocal done
        if done:
            await anyio.sleep(3600)  # a client that sent everything and waits
        chunk = next(pending, None)
        if chunk is None:
            done = True
            return {"type": "http.request", "body": b"", "more_body": False}
        sent.chunks_read += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            sent.status = message["status"]
            sent.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            sent.body += message.get("body", b"")

    async def run() -> None:
        with anyio.fail_after(60):
            await app(scope, receive, send)

    anyio.run(run)
    return sent


def multipart(size: int, boundary: str = "zeuesbound") -> Iterator[bytes]:
    """A spreadsheet upload of `size` bytes of file content, in CHUNK pieces."""
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nspools\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    left = size
    while left > 0:
        piece = min(CHUNK, left)
        yield b"x" * piece
        left -= piece
    yield f"\r\n--{boundary}--\r\n".encode()


def json_chunks(size: int) -> Iterator[bytes]:
    """A JSON command padded to `size` bytes (a long string), in CHUNK pieces."""
    head = b'{"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM", "pad": "'
    yield head
    left = size - len(head) - 2
    while left > 0:
        piece = min(CHUNK, left)
        yield b"a" * piece
        left -= piece
    yield b'"}'
