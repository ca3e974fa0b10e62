"""Every ratio of the performance targets in one run (see docs/BENCHMARKS.md).

Absolute figures move 2x between machines of the same kind and within minutes on one machine,
so each ZEUES figure is divided by the median of three measurements of a bare FastAPI no-op
(bench/bare_app.py, plain uvicorn) taken before, between and after, by the same load generator
(wrk, 2 threads, 16 connections, 8 s by default).

    bash bench/compare.sh                 # everything (about 4 minutes)
    bash bench/compare.sh --quick         # 3 s per wrk phase, no loadtest, 300 SSE clients

Measured:
  1. GET /api/health/live, 1 process (SQLite)          ratio = req/s / bare
  2. TOMAR→PAUSAR, SQLite, 1 process                    ratio = ops/s / bare, p99
  3. TOMAR→PAUSAR, PostgreSQL + Redis, --workers 2      ratio = ops/s / bare (durable PG)
  4. zeues loadtest --workers 50 --sse-clients 50       TOMAR p99, 5xx, events delivered
  5. N SSE clients on one process, a burst of 60 commits: last event at every client − last commit
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.infra.processes import run_cli, zeues_env, zeues_serve  # noqa: E402
from tests.infra.servers import (  # noqa: E402
    PostgresServer,
    RedisServer,
    create_database,
    free_port,
)
from tests.infra.sse_swarm import SseSwarm  # noqa: E402

TOKEN = "bench-admin-token-0123456789"
LUA = ROOT / "bench" / "tomar_pausar.lua"


def wrk(
    url: str, seconds: int, script: Path | None = None, cwd: Path | None = None
) -> dict[str, float]:
    cmd = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, cwd=cwd, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def pct(p: str) -> float:
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        if not m:
            return float("nan")
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
        return float(m.group(1)) * scale

    return {
        "rps": rate,
        "p50": pct("50"),
        "p99": pct("99"),
        "non2xx": float(non2xx.group(1)) if non2xx else 0.0,
    }


@contextmanager
def bare_server() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(ROOT / "bench"),
            "bare_app:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/noop", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def bare(seconds: int) -> float:
    with bare_server() as base:
        wrk(base + "/noop", 1)  # warm-up
        rps = wrk(base + "/noop", seconds)["rps"]
    print(f"  bare FastAPI no-op: {rps:,.0f} req/s", flush=True)
    return rps


def free_tags(base: str, workdir: Path) -> None:
    """tags.txt for tomar_pausar.lua: free ARM spools of the demo."""
    body = httpx.get(
        f"{base}/api/spools/iniciar",
        params={"operacion": "ARM", "limit": 400, "q": "MK"},
        timeout=30,
    ).json()
    (workdir / "tags.txt").write_text("".join(s["tag_spool"] + "\n" for s in body["spools"]))


def cpu_seconds_by_program() -> dict[str, float]:
    """CPU seconds (user + system) used so far by every process on the machine, by program."""
    tick = os.sysconf("SC_CLK_TCK")
    totals: dict[str, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:
            continue  # the process ended
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        program = name
        if name.startswith(("python", "zeues", "uvicorn")):
            try:
                cmdline = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue
            program = "zeues loadtest (client)" if b"loadtest" in cmdline else "ZEUES (python)"
        totals[program] = totals.get(program, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return totals


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tomar_pausar(base: str, workdir: Path, seconds: int) -> dict[str, float]:
    free_tags(base, workdir)
    before = cpu_seconds_by_program()
    result = wrk(base, seconds, LUA, cwd=workdir)
    after = cpu_seconds_by_program()
    print(
        f"  TOMAR→PAUSAR: {result['rps']:,.0f} ops/s, p50 {result['p50']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms, non-2xx {result['non2xx']:.0f}",
        flush=True,
    )
    print_cpu_split(before, after, seconds)
    return result


def print_cpu_split(before: dict[str, float], after: dict[str, float], seconds: float) -> None:
    """Where the cores went during a run: the server's own Python against the database, Redis
    and the load generator (processes that ended during the run are not counted)."""
    used = {k: after[k] - before.get(k, 0.0) for k in after}
    top = sorted(((v, k) for k, v in used.items() if v > 0.05 * seconds), reverse=True)
    share = ", ".join(f"{k} {100 * v / (seconds * (os.cpu_count() or 1)):.0f} %" for v, k in top)
    print(f"    CPU of {os.cpu_count()} cores during the run: {share}", flush=True)


@contextmanager
def sqlite_demo(workdir: Path) -> Iterator[str]:
    env = zeues_env(f"sqlite:///{workdir}/bench.db", None, TOKEN, ZEUES_DATA_DIR=str(workdir))
    with zeues_serve(env, workdir, args=("--demo",)) as base:
        yield base


@contextmanager
def pg_redis_demo(workdir: Path) -> Iterator[str]:
    with ExitStack() as stack:
        pg = PostgresServer(durable=True).start()
        stack.callback(pg.cleanup)
        redis = RedisServer().start()
        stack.callback(redis.cleanup)
        env = zeues_env(create_database(pg.url), redis.url, TOKEN, ZEUES_DATA_DIR=str(workdir))
        run_cli(env, "seed", "--demo")
        base = stack.enter_context(zeues_serve(env, workdir, workers=2))
        until = time.monotonic() + 3  # uvicorn answers once one worker is up: let both start
        while time.monotonic() < until:
            httpx.get(base + "/api/health/ready", timeout=10)
        yield base


def server_latency_buckets(base: str, route: str) -> dict[float, float]:
    """The server's own latency histogram for one route (/metrics): upper bound → count."""
    text = httpx.get(base + "/metrics", timeout=10).text
    buckets: dict[float, float] = {}
    for family in text_string_to_metric_families(text):
        if family.name != "zeues_http_request_duration_seconds":
            continue
        for sample in family.samples:
            if sample.name.endswith("_bucket") and sample.labels.get("route") == route:
                buckets[float(sample.labels["le"])] = sample.value
    return buckets


def server_percentile(before: dict[float, float], after: dict[float, float], p: float) -> float:
    """The bucket bound (ms) under which `p` % of the requests between two scrapes fell."""
    bounds = sorted(after)
    counts = [after[b] - before.get(b, 0.0) for b in bounds]
    total = counts[-1] if counts else 0.0
    for bound, count in zip(bounds, counts, strict=True):
        if total and count >= total * p / 100:
            return bound * 1000
    return float("nan")


def loadtest(base: str, workdir: Path, seconds: int) -> dict[str, Any]:
    reports = workdir / "loadtest"
    tomar_route = "/api/occupation/tomar"
    server_before = server_latency_buckets(base, tomar_route)
    before, started, client_before = cpu_seconds_by_program(), time.monotonic(), _children_cpu()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "zeues",
            "loadtest",
            "--base-url",
            base,
            "--workers",
            "50",
            "--sse-clients",
            "50",
            "--duration",
            f"{seconds}s",
            "--admin-token",
            TOKEN,
            "--report-dir",
            str(reports),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    after = cpu_seconds_by_program()
    # The client has ended, so /proc no longer shows it: its CPU is in our children's rusage.
    after["zeues loadtest (client)"] = _children_cpu() - client_before
    print_cpu_split(before, after, time.monotonic() - started)
    server_after = server_latency_buckets(base, tomar_route)
    server_p50, server_p99 = (server_percentile(server_before, server_after, p) for p in (50, 99))
    print(
        f"    TOMAR as the server timed it (its /metrics histogram, bucket bounds): "
        f"p50 ≤ {server_p50:g} ms, p99 ≤ {server_p99:g} ms",
        flush=True,
    )
    found = sorted(reports.glob("loadtest-*.json"))
    if not found:
        raise RuntimeError("zeues loadtest no escribió su informe")
    data: dict[str, Any] = json.loads(found[-1].read_text())
    tomar = data["latency"]["by_endpoint"].get("POST /api/occupation/tomar", {})
    sse = data["sse"]
    print(
        f"  loadtest: {data['requests']} req, {data['throughput_rps']} req/s, TOMAR p99 "
        f"{tomar.get('p99_ms', float('nan'))} ms, 5xx {data['server_errors']}, SSE "
        f"{sse['received']}/{sse['expected']}, verdict {data['verdict']}",
        flush=True,
    )
    return data


def sse_burst(base: str, clients: int) -> tuple[float, float]:
    """A burst of 60 commits (30 TOMAR + 30 PAUSAR on distinct spools, 10 writers) while
    `clients` SSE clients listen; returns seconds from the last commit's answer to the moment
    the last client has every event."""
    swarm = SseSwarm(base, clients).start()
    try:
        deadline = time.monotonic() + 60
        while swarm.connected < clients and time.monotonic() < deadline:
            time.sleep(0.05)
        body = httpx.get(
            f"{base}/api/spools/iniciar", params={"operacion": "ARM", "limit": 30, "q": "MK"}
        ).json()
        tags = [s["tag_spool"] for s in body["spools"]]
        before = [len(c.ids) for c in swarm.clients]
        first_request = time.monotonic()
        with httpx.Client(base_url=base, timeout=30) as http:
            for action in ("tomar", "pausar"):
                for tag in tags:
                    http.post(
                        f"/api/occupation/{action}",
                        json={"tag_spool": tag, "worker_id": 93, "operacion": "ARM"},
                    )
        last_commit = time.monotonic()
        expected = 2 * len(tags)
        while time.monotonic() < last_commit + 30:
            if all(len(c.ids) - b >= expected for c, b in zip(swarm.clients, before, strict=True)):
                break
            time.sleep(0.005)
        done = time.monotonic()
    finally:
        swarm.stop()
    delay, total = done - last_commit, done - first_request
    print(
        f"  {clients} SSE clients, 60 commits: every client complete {delay:.2f} s after the last commit, "
        f"{total:.2f} s after the first request (writes included)",
        flush=True,
    )
    return delay, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-loadtest", action="store_true")
    parser.add_argument("--skip-sse", action="store_true")
    parser.add_argument("--sse-clients", type=int, default=None)
    args = parser.parse_args()
    seconds = 3 if args.quick else 8
    clients = args.sse_clients or (300 if args.quick else 1000)
    print(
        f"bench/compare.py: wrk -t2 -c16 -d{seconds}s, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    bares: list[float] = []
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bares.append(bare(seconds))
        (work / "sqlite").mkdir()
        with sqlite_demo(work / "sqlite") as base:
            live = wrk(base + "/api/health/live", seconds)
            print(f"  /api/health/live: {live['rps']:,.0f} req/s", flush=True)
            results["live"] = live
            results["sqlite"] = tomar_pausar(base, work / "sqlite", seconds)
            if not args.skip_sse:
                results["sse_delay"] = sse_burst(base, clients)
        bares.append(bare(seconds))
        if not args.skip_pg:
            (work / "pg").mkdir()
            with pg_redis_demo(work / "pg") as base:
                results["pg"] = tomar_pausar(base, work / "pg", seconds)
        if not args.skip_loadtest and not args.quick:
            (work / "lt").mkdir()
            with sqlite_demo(work / "lt") as base:
                results["loadtest"] = loadtest(base, work / "lt", 30)
        bares.append(bare(seconds))
    yard = statistics.median(bares)
    print()
    print(f"bare runs {' / '.join(f'{b:,.0f}' for b in bares)} req/s, median {yard:,.0f}")
    print("| what | figure | ratio | target |")
    print("|---|---|---|---|")
    print(
        f"| `GET /api/health/live`, 1 process | {results['live']['rps']:,.0f} req/s | {results['live']['rps'] / yard:.3f} | ≥ 0.5 |"
    )
    s = results["sqlite"]
    print(
        f"| TOMAR→PAUSAR, SQLite, 1 process | {s['rps']:,.0f} ops/s, p99 {s['p99']:.0f} ms | {s['rps'] / yard:.3f} | ≥ 0.10, p99 ≤ 100 ms |"
    )
    if "pg" in results:
        p = results["pg"]
        print(
            f"| TOMAR→PAUSAR, PostgreSQL + Redis, 2 processes | {p['rps']:,.0f} ops/s, p99 {p['p99']:.0f} ms | {p['rps'] / yard:.3f} | ≥ 0.12 |"
        )
    if "loadtest" in results:
        d = results["loadtest"]
        tomar = d["latency"]["by_endpoint"].get("POST /api/occupation/tomar", {})
        print(
            f"| loadtest 50 workers + 50 SSE | TOMAR p99 {tomar.get('p99_ms')} ms, 5xx {d['server_errors']}, SSE {d['sse']['received']}/{d['sse']['expected']} | — | p99 ≤ 500 ms, 0 × 5xx, all events |"
        )
    if "sse_delay" in results:
        print(
            f"| {clients} SSE clients, burst of 60 commits | {results['sse_delay'][0]:.2f} s after the last commit ({results['sse_delay'][1]:.2f} s writes included) | — | ≤ 1 s |"
        )


if __name__ == "__main__":
    main()
