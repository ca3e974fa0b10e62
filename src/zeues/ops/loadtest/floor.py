"""The simulated shop floor of ``zeues loadtest``: workers and SSE dashboards.

Every loop is bounded by the deadline and by ``max_requests``; at the deadline each simulated
worker releases (PAUSAR) the spool it holds and stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections import Counter, deque
from typing import Any

import httpx
from httpx_sse import SSEError, aconnect_sse

from zeues.ops import calls as api
from zeues.ops.client import ApiResult, AsyncZeuesClient, Call, Worker
from zeues.ops.loadtest.config import LoadConfig
from zeues.ops.loadtest.stats import Stats
from zeues.ops.report import stamp

UNREACHABLE_ABORT_S = 10.0
Key = tuple[str, int, str]  # (tag_spool, worker_id, operacion) of a TOMAR


class Floor:
    """Shared state of the simulated floor. Single event loop: no locks needed."""

    def __init__(self, config: LoadConfig, http: AsyncZeuesClient, fecha: str) -> None:
        self.config, self.http, self.fecha = config, http, fecha
        self.stats = Stats()
        self.jobs: dict[str, deque[str]] = {"ARM": deque(), "SOLD": deque()}
        self.held: dict[str, tuple[Worker, str]] = {}
        self.ours: set[str] = set()
        self.tomar_times: dict[Key, list[tuple[float, float]]] = {}  # (sent, answered)
        self.early: list[tuple[Key, int, float]] = []
        self.deadline = time.monotonic() + config.duration_s
        self.started = time.monotonic()
        self.created = 0
        self.run_id = stamp().replace("_", "")
        self.silent_since: float | None = None  # first of a run of requests without response
        self.aborted = ""
        # When the floor ran out of work (no queue, nobody holding a spool): without
        # --admin-token no new spools come, and a run that idles must not pass.
        self.out_of_work_at: float | None = None

    def running(self) -> bool:
        return (
            not self.aborted
            and time.monotonic() < self.deadline
            and self.stats.requests < self.config.max_requests
        )

    async def _unreachable(self, result: ApiResult) -> None:
        """Back off on network errors; abort after 10 s without any response."""
        now = time.monotonic()
        self.silent_since = self.silent_since or now
        if now - self.silent_since > UNREACHABLE_ABORT_S and not self.aborted:
            self.aborted = f"El servidor dejó de responder ({result.summary()}); prueba abortada"
        await asyncio.sleep(0.2)

    async def send(self, call: Call, expected: tuple[int, ...] = ()) -> ApiResult:
        sent = time.perf_counter()
        result = await self.http.send(call)
        self.stats.record(result, expected)
        if result.transport_error:
            await self._unreachable(result)
        else:
            self.silent_since = None
        body = call.body or {}
        if result.ok and call.endpoint.endswith("/tomar"):
            key = (str(body["tag_spool"]), int(body["worker_id"]), str(body["operacion"]))
            self.tomar_times.setdefault(key, []).append((sent, time.perf_counter()))
            self.stats.sse_expected += self.stats.sse_connected
        return result

    async def new_spool(self) -> str | None:
        """Admin mode: create a fresh ``LOAD-<run>-NNNN`` spool with materials."""
        self.created += 1
        tag = f"LOAD-{self.run_id}-{self.created:04d}"
        self.ours.add(tag)
        return tag if (await self.send(api.upsert_spool(tag, self.fecha))).ok else None

    def next_job(self, me: Worker) -> tuple[str, str] | None:
        for op in ("SOLD", "ARM"):
            if me.can(op) and self.jobs[op]:
                return self.jobs[op].popleft(), op
        return None

    def on_event(self, data: dict[str, Any], seen: Counter[Key], now: float) -> None:
        # The v3.0 stream vocabulary (CONTRACT §2.5): a TOMAR of ARM or SOLD is exactly "TOMAR".
        if str(data.get("event_type") or data.get("type") or "") != "TOMAR":
            return
        try:
            key = (str(data["tag_spool"]), int(data["worker_id"]), str(data["operacion"]))
        except (KeyError, TypeError, ValueError):
            return
        index = seen[key]
        seen[key] += 1
        times = self.tomar_times.get(key)
        if key[0] not in self.ours:
            return  # activity of someone else on the same deployment
        self.stats.sse_received += 1
        if times is not None and index < len(times):
            self.record_delivery(times[index], now)
        else:
            self.early.append((key, index, now))

    def record_delivery(self, times: tuple[float, float], received: float) -> None:
        """``sse``: TOMAR response → event (0 when the event won the race against the response);
        ``sse_from_request``: TOMAR sent → event, an upper bound of commit → delivery."""
        sent, answered = times
        self.stats.sse_early += received < answered
        self.stats.sse.record("sse", max(received - answered, 0.0) * 1000)
        self.stats.sse.record("sse_from_request", (received - sent) * 1000)

    def settle_early_events(self) -> None:
        for key, index, received in self.early:
            times = self.tomar_times.get(key, [])
            if index < len(times):
                self.record_delivery(times[index], received)


class FloorWorker:
    """One simulated worker: TOMAR → (PAUSAR → TOMAR)* → COMPLETAR on ARM, then SOLD."""

    def __init__(self, floor: Floor, me: Worker, rng: random.Random) -> None:
        self.floor, self.me, self.rng = floor, me, rng

    async def think(self) -> None:
        await asyncio.sleep(self.floor.config.think_ms * self.rng.uniform(0.5, 1.5) / 1000)

    async def run(self) -> None:
        floor = self.floor
        while floor.running():
            if floor.held and self.rng.random() < floor.config.contention:
                await self.contend()
            job = floor.next_job(self.me)
            if job is None and floor.config.admin_token and self.me.can("ARM"):
                tag = await floor.new_spool()
                job = (tag, "ARM") if tag else None
            if job is None:
                if not floor.held and not any(floor.jobs.values()):
                    floor.out_of_work_at = floor.out_of_work_at or time.monotonic()
                await asyncio.sleep(0.05)
                continue
            await self.cycle(*job)
            await self.think()

    async def take(self, tag: str, op: str) -> bool | None:
        """TOMAR, retrying on 409 (someone grabbed the paused spool for a moment).

        True: taken. False: still busy, try later. None: refused for good (state, data).
        """
        for _ in range(5):
            result = await self.floor.send(api.tomar(tag, self.me, op), expected=(409,))
            if result.ok:
                self.floor.held[tag] = (self.me, op)
                return True
            if result.status != 409:
                return None
            if not self.floor.running():
                return False
            await asyncio.sleep(self.rng.uniform(0.02, 0.1))
        return False

    async def cycle(self, tag: str, op: str) -> None:
        floor = self.floor
        taken = await self.take(tag, op)
        if not taken:
            if taken is False:
                floor.jobs[op].append(tag)
            return
        try:
            for _ in range(self.rng.choice((0, 0, 1, 1, 2))):
                await self.think()
                await floor.send(api.pausar(tag, self.me, op))
                await self.think()
                again = await self.take(tag, op) if floor.running() else None
                if not again:  # left PAUSADO (released)
                    if again is False:
                        floor.jobs[op].append(tag)
                    return
            await self.think()
            if not floor.running():
                await floor.send(api.pausar(tag, self.me, op))  # release before stopping
                return
            done = await floor.send(api.completar(tag, self.me, op, floor.fecha))
            if not done.ok:  # release best-effort and drop the spool from this run
                await floor.send(api.pausar(tag, self.me, op), expected=(400, 403))
                return
        finally:
            floor.held.pop(tag, None)
        floor.stats.cycles[op] += 1
        if op == "ARM":
            floor.jobs["SOLD"].append(tag)
        else:
            floor.stats.spools_finished += 1

    async def contend(self) -> None:
        """Try to TOMAR a spool another worker is on: 409 expected; a 200 is released at once."""
        tag = self.rng.choice(list(self.floor.held))
        holder, op = self.floor.held[tag]
        if holder.id == self.me.id or not self.me.can(op):
            return
        result = await self.floor.send(api.tomar(tag, self.me, op), expected=(400, 409))
        if result.ok:
            self.floor.stats.steals += 1
            await self.floor.send(api.pausar(tag, self.me, op))


async def sse_dashboard(floor: Floor, sse_http: httpx.AsyncClient, ready: asyncio.Event) -> None:
    """One dashboard: stays connected until cancelled, timing every TOMAR event it receives."""
    seen: Counter[Key] = Counter()
    try:
        async with aconnect_sse(sse_http, "GET", "/api/sse/stream") as source:
            if source.response.status_code != 200:
                raise SSEError(f"HTTP {source.response.status_code}")
            floor.stats.sse_connected += 1
            ready.set()
            async for event in source.aiter_sse():
                if event.event == "spool_update" and event.data:
                    with contextlib.suppress(ValueError):
                        floor.on_event(json.loads(event.data), seen, time.perf_counter())
    except (httpx.HTTPError, SSEError) as exc:
        floor.stats.sse_failures += 1
        floor.stats.sample_error(f"SSE /api/sse/stream: {exc!r}")
    finally:
        ready.set()
