"""Writes tables as csv (`;`, UTF-8 with BOM: Excel in Spanish opens it as is) or xlsx
(openpyxl write-only mode: rows go to disk as they come)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from zeues.domain.transfer.dates import export_text
from zeues.services.transfer.ports import Format


def write_table(
    path: Path,
    fmt: Format,
    sheet: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
) -> int:
    """Writes the table; returns the number of data rows."""
    count = 0
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle, delimiter=";")
            out.writerow(header)
            for row in rows:
                out.writerow([_text(v) for v in row])
                count += 1
        return count
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.append(list(header))
    for row in rows:
        ws.append([None if v == "" else v for v in row])
        count += 1
    book.save(path)
    return count


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return export_text(value)
    return str(value)
