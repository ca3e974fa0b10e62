"""Import benchmark (issue 11): prints the time to import 10,000 spool rows and the peak
memory (RSS) of a process importing 100,000 rows, each in a fresh process and database.

    python bench/import_spools.py                 # 10,000 timed, 100,000 for memory
    python bench/import_spools.py --rows 2000 --big 20000 --format csv

Targets: 10,000 rows < 10 s; 100,000 rows peak RSS < 500 MB."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

EXTRA = ["Diámetro", "Cliente", "Isométrico", "Peso_kg"]


def _rows(count: int):  # type: ignore[no-untyped-def]
    header = [
        "TAG_SPOOL",
        "NV",
        "OT",
        "Proyecto",
        "Fecha_Materiales",
        "Armador",
        "Fecha_Armado",
        "Soldador",
        "Fecha_Soldadura",
        "Fecha_QC_Metrología",
        "Ocupado_Por",
        "Estado_Detalle",
        *EXTRA,
    ]
    yield header
    start = date(2025, 1, 1)
    for n in range(count):
        stage = n % 5
        day = start + timedelta(days=n % 600)
        dates = [
            (day + timedelta(days=3 * i)).strftime("%d-%m-%Y") if stage > i else None
            for i in range(4)
        ]
        yield [
            f"MK-{n:07d}-CW",
            str(4000 + n % 50),
            f"OT-{n % 300}",
            "P-1",
            dates[0],
            "MR(93)" if stage >= 2 else None,
            dates[1],
            "JP(94)" if stage >= 3 else None,
            dates[2],
            dates[3],
            None,
            "",
            f'{2 + n % 10}"',
            "Cliente A",
            f"ISO-{n}",
            str(10 + n % 90),
        ]


def write_file(path: Path, count: int) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8") as out:
            for row in _rows(count):
                out.write(";".join("" if v is None else str(v) for v in row) + "\n")
        return
    from openpyxl import Workbook

    # A normal (not write-only) workbook, like Excel saves: shared strings and a dimension
    # record. (openpyxl's write-only files have neither, which makes reading them ~2x slower.)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Operaciones"
    for row in _rows(count):
        sheet.append(row)
    book.save(path)


def peak_rss_kb() -> int:
    """This process's own peak RSS. /proc's VmHWM belongs to the address space, which exec
    replaces; getrusage's ru_maxrss also keeps the high-water mark of the process image
    before exec (here: the parent that forked it), so it is only the fallback."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux: kilobytes


def child(path: Path) -> None:
    """One import in this process; prints JSON with the figures."""
    from zeues.bootstrap import build
    from zeues.config import Settings
    from zeues.services.transfer.files import run_import

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{folder}/zeues.db",
            data_dir=folder,
            admin_token="bench-token-0123456789",
            events_poll_seconds=0,
        )
        c = build(settings)
        started = time.perf_counter()
        report = run_import(c.transfer(), path, "spools")
        elapsed = time.perf_counter() - started
        c.close()
    peak_kb = peak_rss_kb()
    print(
        json.dumps(
            {
                "rows": report.counts()["rows"],
                "new": report.counts()["new"],
                "seconds": round(elapsed, 2),
                "peak_rss_mb": round(peak_kb / 1024, 1),
            }
        )
    )


def measure(path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--child", type=Path)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    if args.write:
        write_file(args.write, args.rows)
        return
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        for count, label in ((args.rows, "time"), (args.big, "memory")):
            path = Path(folder) / f"spools-{count}.{args.format}"
            # Written by another process, so the measured one is forked from a small parent.
            subprocess.run(
                [sys.executable, __file__, "--write", str(path), "--rows", str(count)], check=True
            )
            size = path.stat().st_size / 1e6
            r = measure(path)
            print(
                f"{count:>7} filas {args.format} ({size:.1f} MB): importadas {r['new']:.0f} "
                f"en {r['seconds']:.2f} s ({count / r['seconds']:,.0f} filas/s), "
                f"RSS máx. {r['peak_rss_mb']:.0f} MB   [{label}]"
            )


if __name__ == "__main__":
    main()
