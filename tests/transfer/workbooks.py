"""Spreadsheets as shops really send them, generated with openpyxl and the csv module."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import func, select

from zeues.adapters.sql.tables import audit_events, spools, workers
from zeues.container import Container

# Headers with odd spacing, case and accents; the last one is unknown to ZEUES.
MESSY_HEADER = [
    "  Tag Spool ",
    "nv",
    "OT",
    "FECHA MATERIALES",
    "armador",
    "fecha_armado ",
    "Soldador",
    "Fecha  Soldadura",
    "fecha qc metrologia",
    "Estado_Detalle",
    "Diámetro pulgadas",
]
# (row number in the file, column shown, reason substring) of every bad row of MESSY.
MESSY_BAD = {
    (4, "Fecha  Soldadura", "sin Fecha_Armado"),
    (5, "FECHA MATERIALES", "futuro"),
    (6, "fecha_armado", "no existe en el calendario"),
    (8, "Tag Spool", "TAG repetido"),
    (11, "Tag Spool", "TAG repetido"),
}
MESSY_GOOD = {"MK-001", "MK-002", "MK-005", "MK-006", "MK-007"}


def messy_rows() -> list[list[Any]]:
    return [
        MESSY_HEADER,
        # 2: done through inspection, real dates and an Excel date-time cell
        [
            "MK-001",
            4500,
            "OT-1",
            date(2026, 1, 5),
            "MR(93)",
            datetime(2026, 1, 9, 14, 30),
            "JP(94)",
            "20/01/2026",
            "2026-02-01",
            "lo que sea",
            '6"',
        ],
        # 3: Excel serial date (46028 = 2026-01-06; 46023 = 2026-01-01 in Excel) and D/M/YY text
        ["MK-002", "4501", None, 46028, "MR(93)", "8/1/26", None, None, None, None, None],
        # 4: welding without fit-up
        ["MK-003", "4502", None, "05-01-2026", None, None, None, "2026-01-20", None, None, None],
        # 5: a date in the future
        ["MK-004", "4503", None, "01-01-2031", None, None, None, None, None, None, None],
        # 6: impossible date
        ["MK-008", "4504", None, "05-01-2026", None, "31/02/2026", None, None, None, None, None],
        # 7: blank line
        [None] * 11,
        # 8: duplicated tag (also row 11)
        ["MK-009", "4505", None, None, None, None, None, None, None, None, None],
        # 9, 10: fine
        ["MK-005", "4506", None, "2026-01-02 08:15", None, None, None, None, None, None, '8"'],
        ["MK-006", "4507", None, None, None, None, None, None, None, None, None],
        ["MK-009", "4508", None, None, None, None, None, None, None, None, None],
        ["MK-007", "4509", "OT-7", "2026-11-23", "MR(93)", None, None, None, None, None, None],
    ]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    sheet: str = "Operaciones",
    more: dict[str, Sequence[Sequence[Any]]] | None = None,
) -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for name, extra_rows in (more or {}).items():
        extra = book.create_sheet(name)
        for row in extra_rows:
            extra.append(list(row))
    book.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], sep: str, encoding: str) -> Path:
    text = "\r\n".join(sep.join("" if v is None else str(v) for v in row) for row in rows)
    path.write_bytes(text.encode(encoding) + b"\r\n")
    return path


def database_state(c: Container) -> tuple[list[dict[str, Any]], int, int]:
    """Every spool row, the number of workers and of audit events: what a test compares."""
    with c.store.read() as conn:
        rows = [
            dict(r) for r in conn.execute(select(spools).order_by(spools.c.tag_spool)).mappings()
        ]
        n_workers = conn.execute(select(func.count()).select_from(workers)).scalar_one()
        n_events = conn.execute(select(func.count()).select_from(audit_events)).scalar_one()
    return rows, n_workers, n_events
