"""Benchmark: a whole floor of worker tablets (and live boards) on one `zeues serve` process,
while workers TOMAR/PAUSAR at a steady rate. Prints figures; asserts nothing.

    python bench/floor_tablets.py --tablets 30 --rate 2 --seconds 30     # own demo server
    python bench/floor_tablets.py --tablets 200 --boards 4 --rate 5 --seconds 60 --spools 10000
    python bench/floor_tablets.py --base-url http://127.0.0.1:8000 --server-pid 1234

Each simulated tablet sends what the worker app (static/worker/, static/common/live-stream.js)
sends, at the app's pacing, without a browser:
- the app of this branch (the server answers `/api/cola?limite=`, issue 17): one stream
  `/api/sse/stream?worker_id=&operacion=` whose `cola` events carry the one changed row, and a
  first screen `/api/cola?...&limite=60` read once the stream is open (If-None-Match on reads);
- the app before it (detected when the server ignores `limite`): the floor-wide stream, and after
  any `spool_update` the whole `/api/cola` again (150 ms debounce, at most every 0.5 s).
A board does what static/board/board.js does: on this branch (the server offers
`/api/sse/stream?tablero=true`) it opens that one stream, which starts with the whole board and
then carries one `tablero` event per change with only what changed, and reads nothing else;
before it, it read `/api/dashboard/occupied` + `resumen` after every event (one load at a time,
200 ms gap). `--board-cost` first runs the same actions without boards, then with them, and
prints the server CPU the boards added per board-update (per action × board).
One httpx client with many connections drives everything from one process.

Time to screen of an action on one tablet: from sending the action until that tablet holds the
change (its `cola` event for that spool arrived; before: the first whole read started after the
action's answer has arrived). Bytes are counted on the wire (after gzip), bodies only. Server
CPU is read from /proc for the server's process and its children; the generator's own CPU too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.infra.servers import free_port  # noqa: E402

PAGE = 60
DEBOUNCE_S = 0.150
MIN_GAP_S = 0.500
BOARD_GAP_S = 0.200
ADMIN_TOKEN = "bench-admin-token-0123456789"


def _ticks() -> int:
    return os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """utime + stime of `pid` and all its descendants (children's exited time included)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    todo, seen = [pid], set()
    total = 0
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        todo.extend(c for c, pp in parents.items() if pp == p)
    return total / _ticks()


def tree_cpu_wait_seconds(pid: int) -> float:
    """Time the server's threads spent runnable but waiting for a CPU (/proc/*/task/*/schedstat,
    second field): on a machine shared with other work, what its latency lost to others."""
    total = 0
    pids = [pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                pids.append(int(entry))
    for p in pids:
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                total += int(Path(f"/proc/{p}/task/{task}/schedstat").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return total / 1e9


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class Tablet:
    worker_id: int
    op: str
    first_bytes: int = 0
    first_ms: float = 0.0
    bytes_after: int = 0
    reads: list[tuple[float, float]] = field(default_factory=list)  # (start, end) whole reads
    seen: dict[str, list[float]] = field(default_factory=dict)  # tag -> arrival times (deltas)
    ready: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Action:
    tag: str
    start: float
    end: float
    ok: bool


class SseReader:
    """Reads an SSE response; calls on_block(event_type, data_lines) per block; counts bytes."""

    def __init__(self) -> None:
        self.pending = b""

    def feed(self, chunk: bytes) -> list[tuple[str, bytes]]:
        self.pending += chunk.replace(b"\r\n", b"\n")
        out: list[tuple[str, bytes]] = []
        while (end := self.pending.find(b"\n\n")) >= 0:
            block, self.pending = self.pending[:end], self.pending[end + 2 :]
            kind, data = "message", b""
            for line in block.split(b"\n"):
                if line.startswith(b"event:"):
                    kind = line[6:].strip().decode()
                elif line.startswith(b"data:"):
                    data = line[5:].strip()
            if data:
                out.append((kind, data))
        return out


@dataclass
class Board:
    bytes_after: int = 0
    seen: dict[str, list[float]] = field(default_factory=dict)  # tag -> arrival (board shows it)
    reads: list[tuple[float, float]] = field(default_factory=list)  # (start, end) whole loads


class Floor:
    def __init__(
        self, client: httpx.AsyncClient, delta: bool, board_stream: bool, stop: asyncio.Event
    ) -> None:
        self.client = client
        self.delta = delta
        self.board_stream = board_stream
        self.stop = stop
        self.measuring = False

    async def stream(
        self, url: str, on_block: Any, tablet: Tablet | Board | None, on_open: Any
    ) -> None:
        while not self.stop.is_set():
            try:
                async with self.client.stream(
                    "GET", url, headers={"Accept": "text/event-stream"}, timeout=None
                ) as response:
                    on_open()
                    reader = SseReader()
                    async for chunk in response.aiter_raw():
                        if tablet is not None and self.measuring:
                            tablet.bytes_after += len(chunk)
                        for kind, data in reader.feed(chunk):
                            on_block(kind, data)
                        if self.stop.is_set():
                            return
            except (httpx.HTTPError, asyncio.CancelledError):
                if self.stop.is_set():
                    return
                await asyncio.sleep(1)

    async def tablet(self, t: Tablet) -> None:
        if self.delta:
            await self._delta_tablet(t)
        else:
            await self._legacy_tablet(t)

    async def _first_screen(self, t: Tablet, params: dict[str, Any]) -> None:
        while True:  # a saturated server may drop a connection: the app tries again
            t0 = time.perf_counter()
            try:
                r = await self.client.get("/api/cola", params=params)
                break
            except httpx.HTTPError:
                await asyncio.sleep(1)
        t.first_ms = (time.perf_counter() - t0) * 1000
        t.first_bytes = r.num_bytes_downloaded
        t.ready.set()

    async def _delta_tablet(self, t: Tablet) -> None:
        params = {"worker_id": t.worker_id, "operacion": t.op}
        etag: dict[str, str] = {}

        async def read() -> None:
            if not t.ready.is_set():
                await self._first_screen(t, {**params, "limite": PAGE})
                return
            headers = {"If-None-Match": etag["v"]} if "v" in etag else {}
            r = await self.client.get(
                "/api/cola", params={**params, "limite": PAGE}, headers=headers
            )
            if self.measuring:
                t.bytes_after += r.num_bytes_downloaded
            if r.headers.get("etag"):
                etag["v"] = r.headers["etag"]

        def on_open() -> None:
            asyncio.get_running_loop().create_task(read())

        def on_block(kind: str, data: bytes) -> None:
            if kind != "cola":
                return
            at = time.perf_counter()
            # the tag is the first field the server writes: no JSON parse in the generator
            start = data.find(b'"tag_spool": "')
            if start < 0:
                start = data.find(b'"tag_spool":"')
                start += 13
            else:
                start += 14
            tag = data[start : data.find(b'"', start)].decode()
            t.seen.setdefault(tag, []).append(at)

        url = f"/api/sse/stream?worker_id={t.worker_id}&operacion={t.op}"
        await self.stream(url, on_block, t, on_open)

    async def _legacy_tablet(self, t: Tablet) -> None:
        params = {"worker_id": t.worker_id, "operacion": t.op}
        state = {"refreshing": False, "again": False, "last": 0.0, "opened": False}
        timer: list[asyncio.TimerHandle] = []

        async def refresh() -> None:
            if state["refreshing"]:
                state["again"] = True
                return
            state["refreshing"] = True
            try:
                while True:
                    if state["again"]:
                        wait = float(state["last"]) + MIN_GAP_S - time.perf_counter()
                        if wait > 0:
                            await asyncio.sleep(wait)
                    state["again"] = False
                    state["last"] = start = time.perf_counter()
                    try:
                        r = await self.client.get("/api/cola", params=params)
                        if self.measuring:
                            t.bytes_after += r.num_bytes_downloaded
                        t.reads.append((start, time.perf_counter()))
                    except httpx.HTTPError:
                        pass
                    if not state["again"] or self.stop.is_set():
                        break
            finally:
                state["refreshing"] = False

        def on_open() -> None:
            if state["opened"]:
                asyncio.get_running_loop().create_task(refresh())
            state["opened"] = True

        def on_block(kind: str, data: bytes) -> None:
            if kind != "spool_update":
                return
            for h in timer:
                h.cancel()
            timer.clear()
            loop = asyncio.get_running_loop()
            timer.append(loop.call_later(DEBOUNCE_S, lambda: loop.create_task(refresh())))

        await self._first_screen(t, params)
        await self.stream("/api/sse/stream", on_block, t, on_open)

    async def board(self, b: Board) -> None:
        if self.board_stream:
            await self._stream_board(b)
        else:
            await self._reading_board(b)

    async def _stream_board(self, b: Board) -> None:
        def on_block(kind: str, data: bytes) -> None:
            if kind != "tablero":
                return
            at = time.perf_counter()
            change = json.loads(data)
            for row in change["ocupados"]:
                b.seen.setdefault(row["tag_spool"], []).append(at)
            for tag in change["libres"]:
                b.seen.setdefault(tag, []).append(at)

        def on_open() -> None:
            pass

        await self.stream("/api/sse/stream?tablero=true", on_block, b, on_open)

    async def _reading_board(self, board: Board) -> None:
        state = {"loading": False, "again": False}

        async def load() -> None:
            start = time.perf_counter()
            a, b = await asyncio.gather(
                self.client.get("/api/dashboard/occupied"),
                self.client.get("/api/dashboard/resumen"),
            )
            if self.measuring:
                board.bytes_after += a.num_bytes_downloaded + b.num_bytes_downloaded
            # The board shows what this load read: every change answered before it started.
            board.reads.append((start, time.perf_counter()))

        async def reload() -> None:
            if state["loading"]:
                state["again"] = True
                return
            state["loading"] = True
            try:
                while True:
                    state["again"] = False
                    await load()
                    if not state["again"]:
                        break
                    await asyncio.sleep(BOARD_GAP_S)
            except httpx.HTTPError:
                pass
            finally:
                state["loading"] = False

        def on_block(kind: str, data: bytes) -> None:
            if kind == "spool_update":
                asyncio.get_running_loop().create_task(reload())

        def on_open() -> None:
            asyncio.get_running_loop().create_task(reload())

        await self.stream("/api/sse/stream", on_block, board, on_open)


async def drive(
    client: httpx.AsyncClient,
    actors: list[int],
    tags: list[str],
    rate: float,
    seconds: float,
    hold: float,
) -> list[Action]:
    """`rate` actions a second for `seconds`: TOMAR a free spool, PAUSAR it `hold` s later."""
    actions: list[Action] = []
    pending: list[asyncio.Task[None]] = []
    t0 = time.perf_counter()
    n = int(rate * seconds)
    free = list(tags)
    held: list[tuple[float, int, str]] = []

    async def act(path: str, worker: int, tag: str) -> None:
        start = time.perf_counter()
        body = {"tag_spool": tag, "worker_id": worker, "operacion": "ARM"}
        try:
            r = await client.post(path, json=body)
            ok = r.status_code == 200
        except httpx.HTTPError:
            ok = False
        actions.append(Action(tag, start, time.perf_counter(), ok))
        if path.endswith("tomar"):
            held.append((time.perf_counter() + hold, worker, tag))
        else:
            free.append(tag)

    for k in range(n):
        due = t0 + k / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        held.sort()
        if (held and held[0][0] <= time.perf_counter()) or not free:
            if not held:
                continue
            _, worker, tag = held.pop(0)
            pending.append(asyncio.create_task(act("/api/occupation/pausar", worker, tag)))
        else:
            tag = free.pop(0)
            pending.append(
                asyncio.create_task(act("/api/occupation/tomar", random.choice(actors), tag))
            )
    await asyncio.gather(*pending)
    for _, worker, tag in held:  # leave the floor as found
        await act("/api/occupation/pausar", worker, tag)
    return actions


def start_server(
    spools: int | None, workdir: Path, src: str | None
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        **({"PYTHONPATH": src} if src else {}),
        "ZEUES_DATABASE_URL": f"sqlite:///{workdir / 'floor.db'}",
        "ZEUES_ADMIN_TOKEN": ADMIN_TOKEN,
    }
    env.pop("ZEUES_REDIS_URL", None)
    cmd = [sys.executable, "-m", "zeues", "serve", "--demo", "--port", str(port)]
    if spools:
        cmd += ["--spools", str(spools)]
    log = (workdir / "serve.log").open("w")
    proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"zeues serve terminó: {(workdir / 'serve.log').read_text()}")
        try:
            if httpx.get(f"{base}/api/health/ready", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("zeues serve no respondió")


async def run(args: argparse.Namespace, base: str, server_pid: int) -> None:
    limits = httpx.Limits(max_connections=4 * args.tablets + 50, max_keepalive_connections=None)
    timeout = httpx.Timeout(30.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        total = (await client.get("/api/dashboard/resumen")).json()["total"]
        workers = (await client.get("/api/workers")).json()["workers"]
        ops: dict[int, list[str]] = {}
        for w in workers:
            found = (await client.get(f"/api/workers/{w['id']}/operaciones")).json()
            usable = [o for o in found["operaciones"] if o in ("ARM", "SOLD")]
            if usable:
                ops[w["id"]] = usable
        probe = await client.get(
            "/api/cola", params={"worker_id": 93, "operacion": "ARM", "limite": 1}
        )
        delta = "totales" in probe.json()
        actors = [w for w, o in ops.items() if "ARM" in o]
        full = (await client.get("/api/cola", params={"worker_id": 93, "operacion": "ARM"})).json()
        tags = [item["tag_spool"] for item in full["disponibles"] if item["ocupado_por"] is None]
        random.Random(17).shuffle(tags)
        ids = sorted(ops)
        tablets = []
        for i in range(args.tablets):
            w = ids[i % len(ids)]
            tablets.append(Tablet(w, ops[w][(i // len(ids)) % len(ops[w])]))
        print(
            f"servidor {base}: {total} spools · app "
            f"{'por fila (issue 17)' if delta else 'cola completa'}"
            f" · {args.tablets} tablets + {args.boards} tableros · {args.rate} acciones/s ·"
            f" {args.seconds} s · load average {os.getloadavg()[0]:.2f}"
        )
        spec = (await client.get("/openapi.json")).json()
        stream_params = spec["paths"]["/api/sse/stream"]["get"].get("parameters", [])
        board_stream = any(p["name"] == "tablero" for p in stream_params)
        print(
            f"tableros: {'su flujo, solo lo que cambió' if board_stream else 'occupied + resumen'}"
            " (como board.js de este servidor)"
        )
        stop = asyncio.Event()
        floor = Floor(client, delta, board_stream, stop)
        tasks = [asyncio.create_task(floor.tablet(t)) for t in tablets]
        await asyncio.wait_for(asyncio.gather(*(t.ready.wait() for t in tablets)), 120)
        await asyncio.sleep(2)  # streams open, first screens drawn
        bare: tuple[float, float] | None = None
        if args.board_cost and args.boards:
            # The same actions on the same floor without boards: what the boards add is the rest.
            c0, w0 = tree_cpu_seconds(server_pid), time.perf_counter()
            await drive(client, actors, tags, args.rate, args.seconds, args.hold)
            await asyncio.sleep(args.settle)
            bare = (tree_cpu_seconds(server_pid) - c0, time.perf_counter() - w0)
        boards = [Board() for _ in range(args.boards)]
        tasks += [asyncio.create_task(floor.board(b)) for b in boards]
        await asyncio.sleep(2)  # boards open, first loads drawn
        floor.measuring = True
        cpu0, gen0, wall0 = tree_cpu_seconds(server_pid), time.process_time(), time.perf_counter()
        wait0 = tree_cpu_wait_seconds(server_pid)
        load0 = os.getloadavg()[0]
        actions = await drive(client, actors, tags, args.rate, args.seconds, args.hold)
        await asyncio.sleep(args.settle)
        cpu1, gen1, wall1 = tree_cpu_seconds(server_pid), time.process_time(), time.perf_counter()
        wait1 = tree_cpu_wait_seconds(server_pid)
        load1 = os.getloadavg()[0]
        floor.measuring = False
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    lat = [(a.end - a.start) * 1000 for a in actions if a.ok]
    failed = sum(1 for a in actions if not a.ok)
    shown: list[float] = []
    never = 0
    for t in tablets:
        for a in actions:
            if not a.ok:
                continue
            if delta:
                arrived = [x for x in t.seen.get(a.tag, []) if x >= a.start]
                at = arrived[0] if arrived else None
            else:
                ends = [e for s, e in t.reads if s >= a.end]
                at = min(ends) if ends else None
            if at is None:
                never += 1
            else:
                shown.append(at - a.start)
    minutes = (wall1 - wall0) / 60
    pairs = len(shown) + never
    print(
        f"acciones: {len(actions)} ({failed} rechazadas) · p50 {pct(lat, 0.5):.0f} ms · "
        f"p99 {pct(lat, 0.99):.0f} ms · max {max(lat, default=0):.0f} ms"
    )
    print(
        f"en pantalla (acción × tablet, {pairs} pares): p50 {pct(shown, 0.5) * 1000:.0f} ms · "
        f"p95 {pct(shown, 0.95) * 1000:.0f} ms · max {max(shown, default=0) * 1000:.0f} ms · "
        f"nunca {never}"
    )
    server = (cpu1 - cpu0) / (wall1 - wall0)
    gen = (gen1 - gen0) / (wall1 - wall0)
    updates = max(1, len(lat) * len(tablets))
    print(
        f"CPU servidor {server:.2f} núcleo · {(cpu1 - cpu0) / updates * 1e6:.0f} µs por "
        f"actualización de tablet · generador {gen:.2f} núcleo · load average "
        f"{load0:.2f} → {load1:.2f}"
    )
    print(
        f"el servidor esperó una CPU libre {(wait1 - wait0) / (wall1 - wall0):.2f} s por s "
        "(sus hilos listos para correr, sin núcleo: la máquina compartida)"
    )
    per_tablet = statistics.mean(t.bytes_after for t in tablets) / minutes
    per_board = statistics.mean(b.bytes_after for b in boards) / minutes if boards else 0.0
    print(
        f"descarga por tablet {per_tablet / 1e6:.3f} MB/min · tableros "
        f"{per_board / 1e6:.3f} MB/min cada uno"
    )
    if boards:
        on_board: list[float] = []
        missing = 0
        for b in boards:
            for a in actions:
                if not a.ok:
                    continue
                if board_stream:
                    arrived = [x for x in b.seen.get(a.tag, []) if x >= a.start]
                    at = arrived[0] if arrived else None
                else:
                    ends = [e for st, e in b.reads if st >= a.end]
                    at = min(ends) if ends else None
                if at is None:
                    missing += 1
                else:
                    on_board.append(at - a.start)
        print(
            f"en los tableros (acción × tablero): p50 {pct(on_board, 0.5) * 1000:.0f} ms · "
            f"p95 {pct(on_board, 0.95) * 1000:.0f} ms · "
            f"max {max(on_board, default=0) * 1000:.0f} ms · nunca {missing}"
        )
    if bare is not None and boards:
        added = server - bare[0] / bare[1]
        board_updates = max(1, len(lat) * len(boards))
        print(
            f"sin tableros (mismas acciones, antes): CPU servidor {bare[0] / bare[1]:.2f} núcleo"
            f" · los {len(boards)} tableros añaden {added:.2f} núcleo · "
            f"{added * (wall1 - wall0) / board_updates * 1e3:.2f} ms por actualización de "
            "tablero (acción × tablero)"
        )
    firsts = [t.first_ms for t in tablets]
    print(
        f"primera pantalla: {statistics.mean(t.first_bytes for t in tablets) / 1000:.1f} KB "
        f"en la red · {pct(firsts, 0.5):.0f} ms mediana (con todo el piso arrancando a la vez)"
    )


def first_screen_idle(base: str, runs: int) -> None:
    """The first screen on a quiet server: wire bytes and time, gzip accepted."""
    with httpx.Client(base_url=base, timeout=30) as client:
        probe = client.get("/api/cola", params={"worker_id": 93, "operacion": "ARM", "limite": 1})
        params: dict[str, Any] = {"worker_id": 93, "operacion": "ARM"}
        if "totales" in probe.json():
            params["limite"] = PAGE
        times, size = [], 0
        for _ in range(runs):
            t0 = time.perf_counter()
            r = client.get("/api/cola", params=params)
            times.append((time.perf_counter() - t0) * 1000)
            size = r.num_bytes_downloaded
        print(
            f"primera pantalla en reposo (ARM, MR(93)): {size / 1000:.1f} KB en la red · "
            f"mediana {statistics.median(times):.1f} ms · mín {min(times):.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tablets", type=int, default=10)
    parser.add_argument("--boards", type=int, default=0)
    parser.add_argument("--rate", type=float, default=2.0, help="acciones por segundo")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--hold", type=float, default=8.0, help="s entre TOMAR y PAUSAR")
    parser.add_argument("--settle", type=float, default=3.0, help="s de espera al final")
    parser.add_argument("--spools", type=int, help="spools demo (zeues serve --spools)")
    parser.add_argument(
        "--board-cost",
        action="store_true",
        help="antes, las mismas acciones sin tableros: la CPU que añaden los tableros",
    )
    parser.add_argument("--base-url")
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--server-src", help="el src/ de otro árbol (p. ej. main) para el servidor")
    args = parser.parse_args()
    proc = None
    if args.base_url:
        base, pid = args.base_url, args.server_pid or 0
    else:
        proc, base = start_server(
            args.spools, Path(tempfile.mkdtemp(prefix="floor-")), args.server_src
        )
        pid = proc.pid
    try:
        first_screen_idle(base, 10)
        asyncio.run(run(args, base, pid))
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)


if __name__ == "__main__":
    main()
