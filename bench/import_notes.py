"""What the Notas column costs an import (issue 21): the same spool sheet with and without a
`Notas` column (two notes a row, each a note row and its NOTA audit event), first import and the
same file again (every row unchanged), each on a fresh SQLite database, alternated so machine
load hits both alike. Prints the times and the ratio with/without in the same run.

    python bench/import_notes.py              # 5,000 rows, 3 rounds
    python bench/import_notes.py --rows 2000 --rounds 2"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from zeues.bootstrap import build
from zeues.config import Settings
from zeues.services.transfer.files import run_import


def _sheet(path: Path, rows: int, notes: bool) -> Path:
    lines = ["TAG_SPOOL;NV;Fecha_Materiales" + (";Notas" if notes else "")]
    for i in range(rows):
        cell = f';"Falta soporte en la brida {i}\nRevisar plano rev. B"' if notes else ""
        lines.append(f"BN-{i:05d};NV-1;01-11-2026{cell}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _once(rows: int, notes: bool) -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp(prefix="zeues-bench-notes-"))
    settings = Settings(
        database_url=f"sqlite:///{folder}/zeues.db", data_dir=folder, events_poll_seconds=0
    )
    c = build(settings)
    try:
        path = _sheet(folder / "spools.csv", rows, notes)
        start = time.perf_counter()
        first = run_import(c.transfer(), path, "spools")
        mid = time.perf_counter()
        again = run_import(c.transfer(), path, "spools")
        end = time.perf_counter()
        assert first.applied and first.count("new") == rows, first.counts()
        assert again.count("unchanged") == rows and not again.applied, again.counts()
        if notes:
            assert len(c.read.notes("BN-00000")) == 2
        return mid - start, end - mid
    finally:
        c.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for _ in range(args.rounds):
        for notes in (False, True):
            times[notes].append(_once(args.rows, notes))
    for notes in (False, True):
        first = statistics.median(t[0] for t in times[notes])
        again = statistics.median(t[1] for t in times[notes])
        label = "2 notas por fila" if notes else "sin Notas"
        print(f"{args.rows} filas, {label}: primera {first:.2f} s, otra vez {again:.2f} s")
    ratio = statistics.median(t[0] for t in times[True]) / statistics.median(
        t[0] for t in times[False]
    )
    print(f"primera importación con notas / sin notas: {ratio:.2f}x")


if __name__ == "__main__":
    main()
