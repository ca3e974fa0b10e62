"""Server CPU per command: `zeues serve --demo` on SQLite driven by wrk with TOMAR→PAUSAR
(bench/tomar_pausar.lua), the server's own CPU time read from /proc before and after. A cost,
not a rate: steadier than ops/s on a machine shared with other work. Prints figures; asserts
nothing.

    python bench/command_cost.py                 # without Idempotency-Key (as compare.sh)
    python bench/command_cost.py --keyed         # every request with its own key (as tablets)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.compare import LUA, free_tags, sqlite_demo, wrk

KEYED = '{["Content-Type"] = "application/json", ["Idempotency-Key"] = action .. tag .. counter}'


def server_cpu(port: str) -> float:
    """CPU seconds of the `zeues serve` process listening on `port`."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"serve" in args and port.encode() in args:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            continue
    raise RuntimeError(f"no zeues serve on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keyed", action="store_true")
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        script = LUA
        if args.keyed:
            script = work / "keyed.lua"
            text = LUA.read_text().replace('{["Content-Type"] = "application/json"}', KEYED)
            script.write_text(text)
        with sqlite_demo(work) as base:
            free_tags(base, work)
            port = base.rsplit(":", 1)[1]
            before = server_cpu(port)
            result = wrk(base, args.seconds, script, cwd=work)
            used = server_cpu(port) - before
    requests = result["rps"] * args.seconds
    print(
        f"TOMAR→PAUSAR{' keyed' if args.keyed else ''}: {result['rps']:,.0f} req/s, "
        f"server CPU {1e6 * used / requests:,.0f} µs per request, non-2xx {result['non2xx']:.0f}"
    )


if __name__ == "__main__":
    main()
