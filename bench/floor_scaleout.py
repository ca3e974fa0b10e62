"""Benchmark: issue 17's floor of tablets on the production shape — PostgreSQL + Redis,
`zeues serve --workers N` — driven by bench/floor_tablets.py. Prints figures; asserts nothing.

    python bench/floor_scaleout.py                  # 400 tablets, 10 actions/s, 60 s
    python bench/floor_scaleout.py --yardstick      # then SQLite, 1 process, 200 tablets, 5/s
    python bench/floor_scaleout.py -- --boards 4    # after --: floor_tablets.py's own flags

A private PostgreSQL (durable: fsync and synchronous commit on, unless --fast-pg) and a private
Redis are started (tests/infra), the database seeded with `zeues seed --demo --spools N`, and
`zeues serve --workers N` started on them; then floor_tablets.py runs against it
(--base-url/--server-pid) with its own flags. The server CPU it prints counts every process
serving the floor: uvicorn's supervisor and its worker processes, the PostgreSQL cluster
(postmaster and every child: the backends of both pools, WAL writer, checkpointer, autovacuum)
and redis-server; the split is printed after. Each is private to this run, so nothing else is
counted. --yardstick then runs floor_tablets.py's own SQLite server (one process) with
--yardstick-tablets / --yardstick-rate in the same session: on a shared machine, compare the
two runs, not the figures with another day's.
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import _servers  # first: it puts the repository on sys.path for tests.infra
import floor_tablets  # (the same tablets, pacing and figures as the SQLite run)
import httpx
from profile_server import PY_SPY, shares
from sqlalchemy import create_engine, text
from tests.infra.processes import run_cli, wait_ready, zeues_env
from tests.infra.servers import PostgresServer, create_database, free_port

from zeues.config import normalise_database_url

ADMIN_TOKEN = floor_tablets.ADMIN_TOKEN


@contextmanager
def serve(env: dict[str, str], workdir: Path, workers: int) -> Iterator[tuple[str, int]]:
    """`zeues serve --workers N`: (base URL, the supervisor's pid), stopped by that pid."""
    port = free_port()
    log_path = workdir / "serve.log"
    cmd = [sys.executable, "-m", "zeues", "serve", "--port", str(port), "--workers", str(workers)]
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, proc, log_path)
            yield base, proc.pid
        finally:
            proc.send_signal(signal.SIGTERM)  # uvicorn stops its worker processes itself
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
            # The workdir goes away; the log is kept (workers restarted?), one file per run so
            # two runs side by side do not write over each other's.
            handle, name = tempfile.mkstemp(prefix="floor-scaleout-serve-", suffix=".log")
            os.close(handle)
            kept = Path(name)
            kept.write_text(log_path.read_text())
            print(f"registro del servidor: {kept}")


def every_worker_up(base: str, workers: int, seconds: float) -> None:
    """uvicorn answers once one worker is up; the others need a moment more (a new connection
    per request lands on either process)."""
    until = time.monotonic() + seconds
    seen: set[str] = set()
    while time.monotonic() < until and len(seen) < workers:
        with httpx.Client(base_url=base, timeout=10) as client:
            seen.add(str(client.get("/api/redis-connection-stats").json().get("process")))
        time.sleep(0.05)


class StreamsPerProcess:
    """Samples, every few seconds, each API process's open streams (/api/redis-connection-stats,
    a new connection each time so that either process may answer): the floor must be split."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.most: dict[str, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(5):
            for _ in range(8):
                try:
                    with httpx.Client(base_url=self.base, timeout=10) as client:
                        found = client.get("/api/redis-connection-stats").json()
                except httpx.HTTPError:
                    continue
                name = str(found.get("process"))
                self.most[name] = max(self.most.get(name, 0), int(found.get("sse_clients", 0)))

    def __enter__(self) -> StreamsPerProcess:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(30)


class Profile:
    """py-spy on every API process (`--subprocesses`, samples holding the GIL) for `seconds`,
    started once the floor's streams are all open and the actions have begun."""

    def __init__(self, pid: int, seconds: int, streams: StreamsPerProcess, tablets: int) -> None:
        self.pid, self.seconds, self.streams, self.tablets = pid, seconds, streams, tablets
        self.raw = Path(tempfile.mkdtemp(prefix="zeues-floor-prof-")) / "raw.txt"
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while sum(self.streams.most.values()) < self.tablets and not self.streams.stop.is_set():
            time.sleep(1)
        time.sleep(10)  # first screens done, actions under way
        cmd = [PY_SPY, "record", "--pid", str(self.pid), "--subprocesses", "--gil"]
        cmd += ["--rate", "100", "--duration", str(self.seconds), "--format", "raw"]
        subprocess.run(
            [*cmd, "--output", str(self.raw), "--nonblocking"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )

    def report(self) -> None:
        self.thread.join(self.seconds + 120)
        if not self.raw.exists():
            print("py-spy no dejó muestras")
            return
        counts, total = shares(self.raw)
        print(f"py-spy, {self.seconds} s, {total:,} muestras con el GIL (procesos de la API):")
        for name, n in counts.most_common():
            print(f"  {100 * n / total:5.1f} %  {name}")
        ours: collections.Counter[str] = collections.Counter()
        for line in self.raw.read_text().splitlines():
            stack, _, n = line.rpartition(" ")
            frames = [f for f in stack.split(";") if "zeues/" in f]
            if n.isdigit() and frames:
                name, _, where = frames[-1].partition(" (")
                ours[f"{name} ({where.rsplit('/', 1)[-1].split(':')[0]})"] += int(n)
        print("  la función de ZEUES más interna de cada muestra (las 12 primeras):")
        for name, n in ours.most_common(12):
            print(f"  {100 * n / total:5.1f} %  {name}")
        print(f"  pilas: {self.raw}")


ACTIONS = ('route="/api/occupation/tomar"', 'route="/api/occupation/pausar"')


def action_buckets(base: str, workers: int) -> dict[str, dict[float, float]]:
    """Per API process, the server's own histogram of TOMAR + PAUSAR latency (/metrics: from
    the request reaching the app to its answer starting), cumulative counts per bucket. The
    stats and the metrics are read on one connection, so both come from the same process."""
    found: dict[str, dict[float, float]] = {}
    for _ in range(50):
        if len(found) >= workers:
            break
        with httpx.Client(base_url=base, timeout=30) as client:
            name = str(client.get("/api/redis-connection-stats").json().get("process"))
            buckets: dict[float, float] = {}
            for line in client.get("/metrics").text.splitlines():
                if line.startswith("zeues_http_request_duration_seconds_bucket") and any(
                    a in line for a in ACTIONS
                ):
                    le = line.split('le="', 1)[1].split('"', 1)[0]
                    bound = float("inf") if le == "+Inf" else float(le)
                    buckets[bound] = buckets.get(bound, 0.0) + float(line.rsplit(" ", 1)[1])
            found[name] = buckets
    return found


def print_server_latency(
    before: dict[str, dict[float, float]], after: dict[str, dict[float, float]]
) -> None:
    total: dict[float, float] = {}
    for name, buckets in after.items():
        for bound, n in buckets.items():
            total[bound] = total.get(bound, 0.0) + n - before.get(name, {}).get(bound, 0.0)
    count = total.get(float("inf"), 0.0)
    if not count:
        return
    shares = [f"≤ {b * 1000:.0f} ms {total[b] / count:.1%}" for b in (0.1, 0.25, 0.5, 1, 2.5)]
    print(f"TOMAR/PAUSAR medidos en el servidor ({count:.0f}): " + " · ".join(shares))


def postmaster_pid(server: PostgresServer) -> int:
    return int((server.data / "postmaster.pid").read_text().split()[0])


def generator_waits() -> Callable[[int], float]:
    """floor_tablets.tree_cpu_wait_seconds, also noting this process's own wait for a CPU
    (the generator runs here): its latencies include the generator's."""
    server = floor_tablets.tree_cpu_wait_seconds

    def wait(pid: int) -> float:
        GENERATOR_WAITS.append((time.perf_counter(), server(os.getpid())))
        return server(pid)

    return wait


GENERATOR_WAITS: list[tuple[float, float]] = []


def print_generator_wait() -> None:
    if len(GENERATOR_WAITS) >= 2:
        (t0, w0), (t1, w1) = GENERATOR_WAITS[-2:]
        print(f"el generador esperó una CPU libre {(w1 - w0) / (t1 - t0):.2f} s por s")


def counted_cpu(parts: dict[str, int]) -> tuple[Callable[[int], float], list[dict[str, float]]]:
    """A stand-in for floor_tablets.tree_cpu_seconds that adds the database's and Redis's
    process trees to the server's, and keeps each reading's split."""
    tree = floor_tablets.tree_cpu_seconds
    readings: list[dict[str, float]] = []

    def cpu(pid: int) -> float:
        split = {"API": tree(pid), **{name: tree(p) for name, p in parts.items()}}
        readings.append(split)
        return sum(split.values())

    return cpu, readings


def connections(database_url: str) -> str:
    engine = create_engine(normalise_database_url(database_url))
    try:
        with engine.connect() as conn:
            n = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return f"{n} conexiones PostgreSQL de la API"


def run_floor(argv: list[str]) -> None:
    saved = sys.argv
    sys.argv = ["floor_tablets.py", *argv]
    try:
        floor_tablets.main()
    finally:
        sys.argv = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tablets", type=int, default=400)
    parser.add_argument("--rate", type=float, default=10.0, help="acciones por segundo")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--spools", type=int, default=10_000)
    parser.add_argument("--server-workers", type=int, default=2)
    parser.add_argument("--fast-pg", action="store_true", help="PostgreSQL sin fsync")
    parser.add_argument("--yardstick", action="store_true", help="luego SQLite, 1 proceso")
    parser.add_argument("--yardstick-tablets", type=int, default=200)
    parser.add_argument("--yardstick-rate", type=float, default=5.0)
    parser.add_argument("--profile", type=int, default=0, help="s de py-spy durante la carga")
    parser.add_argument("rest", nargs="*", help="tras --: más opciones de floor_tablets.py")
    args = parser.parse_args()
    common = ["--seconds", str(args.seconds), *args.rest]
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        pg = _servers.private_postgres(stack, args.fast_pg)
        redis = _servers.private_redis(stack)
        assert redis.proc is not None
        database_url = create_database(pg.url)
        env = zeues_env(database_url, redis.url, ADMIN_TOKEN, ZEUES_DATA_DIR=tmp)
        t0 = time.perf_counter()
        run_cli(env, "seed", "--demo", "--spools", str(args.spools))
        print(f"seed --demo --spools {args.spools}: {time.perf_counter() - t0:.1f} s")
        base, pid = stack.enter_context(serve(env, Path(tmp), args.server_workers))
        every_worker_up(base, args.server_workers, 30)
        parts = {"PostgreSQL": postmaster_pid(pg), "Redis": redis.proc.pid}
        cpu, readings = counted_cpu(parts)
        floor_tablets.tree_cpu_seconds = cpu
        floor_tablets.tree_cpu_wait_seconds = generator_waits()
        durability = "sin fsync" if args.fast_pg else "durable"
        print(
            f"PostgreSQL ({durability}) + Redis, `zeues serve --workers {args.server_workers}`; "
            "CPU del servidor = API (todos sus procesos) + PostgreSQL (todo el cluster) + Redis"
        )
        target = ["--base-url", base, "--server-pid", str(pid)]
        latency0 = action_buckets(base, args.server_workers)
        with StreamsPerProcess(base) as streams:
            profile = Profile(pid, args.profile, streams, args.tablets) if args.profile else None
            run_floor([*target, "--tablets", str(args.tablets), "--rate", str(args.rate), *common])
        print_server_latency(latency0, action_buckets(base, args.server_workers))
        print(
            "flujos abiertos por proceso (máximo visto): "
            + ", ".join(f"{k}={v}" for k, v in sorted(streams.most.items()))
        )
        if len(readings) >= 2:
            before, after = readings[-2], readings[-1]
            spent = {k: after[k] - before[k] for k in after}
            total = sum(spent.values()) or 1.0
            print(
                "CPU durante la medición: "
                + " · ".join(f"{k} {v:.1f} s ({v / total:.0%})" for k, v in spent.items())
            )
        print_generator_wait()
        print(connections(database_url))
        if profile is not None:
            profile.report()
    if args.yardstick:
        floor_tablets.tree_cpu_seconds = counted_cpu({})[0]
        print(f"\nvara de medir: SQLite, 1 proceso · load average {os.getloadavg()[0]:.2f}")
        size = ["--tablets", str(args.yardstick_tablets), "--rate", str(args.yardstick_rate)]
        run_floor([*size, "--spools", str(args.spools), *common])
        print_generator_wait()


if __name__ == "__main__":
    main()
