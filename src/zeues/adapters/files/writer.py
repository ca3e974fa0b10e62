"""Writes tables as csv (`;`, UTF-8 with BOM: Excel in Spanish opens it as is) or xlsx
(openpyxl write-only mode: rows go to disk as they come).

No text cell can run as a formula (issue 19): in csv a text starting with = + - @ tab or CR
gets the apostrophe of domain/transfer/cells.py (the csv import takes it off again); in xlsx
every text is a typed string cell, which a spreadsheet shows and never evaluates."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from zeues.domain.transfer.cells import escape
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
            out.writerow([escape(h) for h in header])
            for row in rows:
                out.writerow([_csv_cell(v) for v in row])
                count += 1
        return count
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.append([_xlsx_cell(ws, h) for h in header])
    for row in rows:
        ws.append([_xlsx_cell(ws, v) for v in row])
        count += 1
    book.save(path)
    return count


def _csv_cell(value: object) -> str:
    return escape(value) if isinstance(value, str) else _text(value)


def _xlsx_cell(ws: WriteOnlyWorksheet, value: object) -> object:
    """A text as a string cell, whatever it starts with (openpyxl would write "=..." as a
    live formula); anything else as is."""
    if value == "":
        return None
    if not isinstance(value, str):
        return value
    # A control character (stored before imports refused them) cannot be written to xlsx at
    # all: shown as U+FFFD rather than failing the whole export.
    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    cell.data_type = "s"
    return cell


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return export_text(value)
    return str(value)
