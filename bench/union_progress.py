"""Issue 21: what the unions add to the worker queue (/api/cola): the progress of every spool
is one GROUP BY over the unions table. Prints medians of 15 runs on the demo data (SQLite).

Run: PYTHONPATH=. python bench/union_progress.py"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import FakeClock

from zeues.bootstrap import build
from zeues.config import Settings
from zeues.domain.model import Operacion
from zeues.services.demo import seed

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


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    settings = Settings(
        database_url=f"sqlite:///{folder}/z.db", data_dir=folder, admin_token="x" * 24
    )
    c = build(settings, clock=FakeClock())
    seed(c.store, c.read, c.clock(), c.today(), 3600)
    cola = median_ms(lambda: c.reads.cola(93, Operacion.ARM, c.clock(), c.today()))
    progress = median_ms(lambda: c.read.union_summaries(TIPOS))
    con = sqlite3.connect(folder / "z.db")
    raw = median_ms(lambda: con.execute(RAW).fetchall())
    print(
        f"cola ARM {cola:.1f} ms; union progress {progress:.1f} ms "
        f"({100 * progress / cola:.0f} %); the same SQL on sqlite3 {raw:.1f} ms"
    )
    c.close()


if __name__ == "__main__":
    main()
