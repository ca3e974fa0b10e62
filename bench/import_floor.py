"""Does an import stall the floor? (issue 19, item 5.) `zeues serve --demo` on SQLite; one
tablet does TOMAR→PAUSAR back to back on free spools while a supervisor uploads a 10,000-row
spool CSV to POST /api/admin/import. Prints the TOMAR latencies (p50/p99/max) before the import
(the yardstick, same run) and while it runs, the import's own duration and its answer's size.
Asserts nothing.

    python bench/import_floor.py                       # 10,000 rows, real import
    python bench/import_floor.py --rows 2000 --dry-run
    PYTHONPATH=/path/to/other/checkout/src python bench/import_floor.py   # another version
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.compare import TOKEN, free_tags, sqlite_demo
from bench.import_spools import write_file


def _tablet(
    base: str, tags: list[str], stop: threading.Event, out: list[tuple[float, float]]
) -> None:
    """TOMAR then PAUSAR on each tag in turn; (start time, TOMAR latency in s) per TOMAR."""
    with httpx.Client(base_url=base, timeout=120) as client:
        n = 0
        while not stop.is_set():
            tag = tags[n % len(tags)]
            n += 1
            body = {"tag_spool": tag, "worker_id": 93, "operacion": "ARM"}
            start = time.monotonic()
            answer = client.post("/api/occupation/tomar", json=body)
            out.append((start, time.monotonic() - start))
            if answer.status_code != 200:
                raise SystemExit(f"TOMAR {tag}: {answer.status_code} {answer.text[:200]}")
            client.post("/api/occupation/pausar", json=body)


def _stats(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"n={len(ordered)} p50 {1000 * statistics.median(ordered):.0f} ms, "
        f"p99 {1000 * p99:.0f} ms, max {1000 * ordered[-1]:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--idle-seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sheet = work / "ops.csv"
        write_file(sheet, args.rows)
        with sqlite_demo(work) as base:
            free_tags(base, work)
            tags = (work / "tags.txt").read_text().split()[:50]
            samples: list[tuple[float, float]] = []
            stop = threading.Event()
            tablet = threading.Thread(target=_tablet, args=(base, tags, stop, samples))
            tablet.start()
            time.sleep(args.idle_seconds)
            began = time.monotonic()
            with sheet.open("rb") as handle:
                answer = httpx.post(
                    f"{base}/api/admin/import",
                    headers={"Authorization": f"Bearer {TOKEN}"},
                    data={"kind": "spools", "dry_run": str(args.dry_run).lower()},
                    files={"file": ("ops.csv", handle, "text/csv")},
                    timeout=600,
                )
            ended = time.monotonic()
            time.sleep(1.0)
            stop.set()
            tablet.join()
    idle = [lat for start, lat in samples if start < began]
    during = [lat for start, lat in samples if began <= start < ended]
    counts = answer.json().get("counts") if answer.status_code == 200 else answer.text[:300]
    print(
        f"import of {args.rows:,} rows{' (dry run)' if args.dry_run else ''}: "
        f"HTTP {answer.status_code} in {ended - began:.2f} s, "
        f"answer {len(answer.content):,} bytes, counts {counts}"
    )
    print(f"TOMAR before the import (yardstick): {_stats(idle)}")
    print(f"TOMAR while the import runs:         {_stats(during)}")
    slowest = sorted(((lat, start - began) for start, lat in samples if began <= start < ended))
    shown = ", ".join(f"{1000 * lat:.0f} ms at +{at:.1f} s" for lat, at in slowest[-5:])
    print(f"slowest TOMAR during the import: {shown}")


if __name__ == "__main__":
    main()
