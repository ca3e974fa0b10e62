"""Issue 21: what the unions add to the worker queue (/api/cola): the progress of every spool
is one GROUP BY over the unions table. Prints medians of 15 runs on the demo data (SQLite).
Run: PYTHONPATH=. python bench/union_progress.py"""

import pathlib
import statistics
import tempfile
import time

from tests.conftest import FakeClock

from zeues.bootstrap import build
from zeues.config import Settings
from zeues.domain.model import Operacion
from zeues.services.demo import seed

d = pathlib.Path(tempfile.mkdtemp())
c = build(
    Settings(database_url=f"sqlite:///{d}/z.db", data_dir=d, admin_token="x" * 24),
    clock=FakeClock(),
)
seed(c.store, c.read, c.clock(), c.today(), 3600)


def t(f, n=15):
    xs = []
    for _ in range(n):
        s = time.perf_counter()
        f()
        xs.append(time.perf_counter() - s)
    return statistics.median(xs) * 1000


tips = frozenset({"BW", "BR", "SO", "FILL", "LET"})
cola = t(lambda: c.reads.cola(93, Operacion.ARM, c.clock(), c.today()))
summ = t(lambda: c.read.union_summaries(tips))
allsp = t(lambda: c.read.all_spools())
print(
    f"cola ARM median {cola:.1f} ms; of which union_summaries {summ:.1f} ms ({100 * summ / cola:.0f} %); all_spools {allsp:.1f} ms"
)
import sqlite3

con = sqlite3.connect(f"{d}/z.db")
q = "select tag_spool, count(*), sum(case when arm_fecha_fin is not null then 1 else 0 end), sum(case when tipo_union in ('BW','BR','SO','FILL','LET') then 1 else 0 end), sum(case when tipo_union in ('BW','BR','SO','FILL','LET') and sold_fecha_fin is not null then 1 else 0 end), sum(case when arm_fecha_fin is not null then dn_decimas else 0 end), sum(case when sold_fecha_fin is not null then dn_decimas else 0 end) from unions group by tag_spool"
raw = t(lambda: con.execute(q).fetchall())
print(f"raw sqlite {raw:.1f} ms")
