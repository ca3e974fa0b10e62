"""Hundreds of SSE clients in one thread (asyncio, raw sockets): a thread per client, as
tests/infra/live.SseClient uses, would cost more than the server under test.

Each client behaves like a browser's EventSource: when its stream ends (server restart, a
lagging client cut off, the stream's lifetime cap) it reconnects with `Last-Event-ID`."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any
from urllib.parse import urlsplit

RECONNECT_SECONDS = 0.2


class SwarmClient:
    def __init__(self) -> None:
        self.ids: list[int] = []  # every event id received, in arrival order (duplicates kept)
        self.tags: list[str] = []
        self.connections = 0  # successful (200) stream openings
        self.errors: list[str] = []

    @property
    def last_id(self) -> int | None:
        return self.ids[-1] if self.ids else None


class SseSwarm:
    def __init__(self, base_url: str, clients: int, path: str = "/api/sse/stream") -> None:
        parts = urlsplit(base_url)
        assert parts.hostname is not None and parts.port is not None
        self.host, self.port, self.path = parts.hostname, parts.port, path
        self.clients = [SwarmClient() for _ in range(clients)]
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="sse-swarm", daemon=True)
        self._started = threading.Event()

    def start(self) -> SseSwarm:
        self._thread.start()
        self._started.wait(5)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)

    @property
    def connected(self) -> int:
        return sum(1 for c in self.clients if c.connections > 0)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._main())
        self._loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        self._started.set()
        tasks = [asyncio.create_task(self._client(c)) for c in self.clients]
        await self._stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _client(self, client: SwarmClient) -> None:
        assert self._stop is not None
        while not self._stop.is_set():
            try:
                await self._stream(client)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                client.errors.append(f"{type(exc).__name__}: {exc}")
            await asyncio.sleep(RECONNECT_SECONDS)

    async def _stream(self, client: SwarmClient) -> None:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            last = client.last_id
            # HTTP/1.0: the server frames the stream by closing it, no chunked decoding here.
            request = (
                f"GET {self.path} HTTP/1.0\r\nHost: {self.host}\r\nAccept: text/event-stream\r\n"
            )
            if last is not None:
                request += f"Last-Event-ID: {last}\r\n"
            writer.write((request + "\r\n").encode())
            await writer.drain()
            status = (await reader.readline()).decode()
            if " 200 " not in status:
                raise ValueError(f"estado inesperado: {status.strip()!r}")
            while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                pass  # response headers
            client.connections += 1
            await self._events(reader, client)
        finally:
            writer.close()

    @staticmethod
    async def _events(reader: asyncio.StreamReader, client: SwarmClient) -> None:
        event_id: int | None = None
        data: dict[str, Any] | None = None
        while line := await reader.readline():
            text = line.decode().rstrip("\r\n")
            if text.startswith("id:"):
                event_id = int(text[3:].strip())
            elif text.startswith("data:"):
                data = json.loads(text[5:].strip())
            elif text == "" and event_id is not None and data is not None:
                client.ids.append(event_id)
                client.tags.append(str(data["tag_spool"]))
                event_id, data = None, None
