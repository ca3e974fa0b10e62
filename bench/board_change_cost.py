"""CPU cost of keeping the live boards current (issue 17), in-process on SQLite at N spools,
measured in one run so the ratio holds on a busy machine: what one board paid per change
before (re-reading /api/dashboard/occupied + resumen, as the server answers them: the SQL, the
rows, the JSON), and what a change costs now for all boards together (re-filing the spool,
the board's change decided once, its `tablero` frame encoded once). This process's CPU time
(time.process_time). Prints; asserts nothing.

    python bench/board_change_cost.py [--spools 10000] [--changes 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zeues.api.presenters.board import board_payload
from zeues.api.presenters.history import occupied_out, resumen_out
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.services.demo import seed

TOKEN = "bench-admin-token-0123456789"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spools", type=int, default=10000)
    parser.add_argument("--changes", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{folder}/zeues.db", data_dir=Path(folder), admin_token=TOKEN
        )
        c = build(settings)
        seed(c.store, c.read, c.clock(), c.today(), 3600, args.spools)
        shop, reads, floor = c.shop, c.reads, c.floor
        tz = shop.tz

        def reload_once() -> int:
            """One board's reload before: occupied + resumen, as the routes answer them."""
            now, today = shop.now(), shop.today()
            held = [occupied_out(s, tz).model_dump(mode="json") for s in reads.occupied_now(now)]
            summary = resumen_out(reads.resumen(now), now, tz, reads.pd_total(today, today, tz))
            body = json.dumps(held) + json.dumps(summary.model_dump(mode="json"))
            return len(body)

        floor.catch_up()
        floor.board_snapshot()
        tags = sorted(s.tag_spool for s in c.read.all_spools())[: args.changes]
        reload_once()  # warm-up
        start = time.process_time()
        size = 0
        for _ in range(args.changes // 10):
            size = reload_once()
        before = (time.process_time() - start) / (args.changes // 10)

        start = time.process_time()
        frame = 0
        for tag in tags:
            floor.refresh([tag])  # what the keeper does for a changed spool, queues included
            change = floor.board_change([])
            if change is not None:
                frame = len(json.dumps(board_payload(change, shop.now(), tz)))
        after = (time.process_time() - start) / len(tags)
        start = time.process_time()
        for _ in range(20):
            reads.pd_total(shop.today(), shop.today(), tz)
        pd = (time.process_time() - start) / 20
        c.close()
    print(
        f"{args.spools} spools; antes, por tablero y cambio: {before * 1000:.1f} ms CPU, {size} B"
    )
    print(
        f"ahora, por cambio para todos los tableros: {after * 1000:.2f} ms CPU "
        f"(re-archivar el spool y decidir el cambio una vez), frame de {frame} B"
    )
    print(f"leer el PD del día (tras un evento que puede terminar uniones): {pd * 1000:.1f} ms CPU")
    print(f"4 tableros: antes {4 * before / after:.0f}× lo de ahora por cambio")


if __name__ == "__main__":
    main()
