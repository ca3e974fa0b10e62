"""Issue 21: what the unions add to the worker queue (/api/cola): the progress of every spool
is one GROUP BY over the unions table. Prints medians of 15 runs on the demo data (SQLite).

Then the floor kept in memory (services/floor.py, the paged /api/cola and the tablets' `cola`
events): what one change costs (the floor re-reads that spool: with the rows' progress, its
unions too), what one tablet's row for it costs, and building the floor, against a yardstick
measured in the same run (one spool read by its tag). Runs against whichever `zeues` is first
on the path, so the same script measures a branch before it kept the rows' progress:

Run: PYTHONPATH=. python bench/union_progress.py [--spools N]
     PYTHONPATH=/tmp/before/src:. python bench/union_progress.py [--spools N]   # the before"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import FakeClock

import zeues
from zeues.api.presenters.worker_app import placed_item
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.container import Container
from zeues.domain.model import Operacion
from zeues.services.demo import seed
from zeues.services.floor import FloorQueues

TIPOS = frozenset({"BW", "BR", "SO", "FILL", "LET"})
RAW = """
select tag_spool, count(*),
  sum(case when arm_fecha_fin is not null then 1 else 0 end),
  sum(case when tipo_union in ('BW','BR','SO','FILL','LET') then 1 else 0 end),
  sum(case when tipo_union in ('BW','BR','SO','FILL','LET') and sold_fecha_fin is not null
      then 1 else 0 end),
  sum(case when arm_fecha_fin is not null then dn_decimas else 0 end),
  sum(case when sold_fecha_fin is not null then dn_decimas else 0 end)
from unions group by tag_spool
"""


def median_ms(work: Callable[[], object], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def floor_costs(c: Container) -> None:
    """One change on the floor and one tablet's row for it, per spool with unions."""
    shop = c.shop
    start = time.perf_counter()
    floor = FloorQueues(c.read, c.events, 3600, shop.now, shop.today)
    floor.catch_up()
    built = (time.perf_counter() - start) * 1000
    worker = floor.worker(94, Operacion.SOLD)
    pages, _ = floor.first_screen(worker, Operacion.SOLD, None, 500)  # the SOLD queue is built
    with_unions = set(c.read.unions_of(None))
    queued = sorted(p.spool.tag_spool for page in pages.values() for p in page.rows)
    tags = [t for t in queued if t in with_unions][::10][:40]  # rows of the SOLD queue
    keeps_info = hasattr(floor, "info")

    def row(tag: str) -> object:
        rows, _ = floor.rows(worker, Operacion.SOLD, [tag])
        info = floor.info([tag]).get(tag) if keeps_info else None
        placed = rows[0][1]
        if placed is None:
            return None
        if keeps_info:
            return placed_item(placed, shop.now(), shop.tz, 94, info)
        return placed_item(placed, shop.now(), shop.tz, 94)

    yardstick = statistics.median(median_ms(lambda t=t: c.read.spool(t), 5) for t in tags)
    change = statistics.median(median_ms(lambda t=t: floor.refresh([t]), 5) for t in tags)
    one_row = statistics.median(median_ms(lambda t=t: row(t), 5) for t in tags)
    print(
        f"floor ({'rows with progress' if keeps_info else 'rows without progress'}): "
        f"build {built:.0f} ms; one change {change:.2f} ms "
        f"({change / yardstick:.1f}× one spool read, {yardstick:.2f} ms); "
        f"one tablet's row {one_row:.3f} ms ({len(tags)} spools with unions in a SOLD queue)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spools", type=int, default=None, help="demo spools (default ~2,000)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    settings = Settings(
        database_url=f"sqlite:///{folder}/z.db", data_dir=folder, admin_token="x" * 24
    )
    c = build(settings, clock=FakeClock())
    if args.spools is None:
        seed(c.store, c.read, c.clock(), c.today(), 3600)
    else:
        seed(c.store, c.read, c.clock(), c.today(), 3600, args.spools)
    print(f"zeues from {Path(zeues.__file__).parent}; {c.read.count_spools()} spools")
    cola = median_ms(lambda: c.reads.cola(93, Operacion.ARM, c.clock(), c.today()))
    progress = median_ms(lambda: c.read.union_summaries(TIPOS))
    con = sqlite3.connect(folder / "z.db")
    raw = median_ms(lambda: con.execute(RAW).fetchall())
    print(
        f"cola ARM {cola:.1f} ms; union progress {progress:.1f} ms "
        f"({100 * progress / cola:.0f} %); the same SQL on sqlite3 {raw:.1f} ms"
    )
    floor_costs(c)
    c.close()


if __name__ == "__main__":
    main()
