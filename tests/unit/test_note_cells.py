"""The Notas cell (domain/transfer/note_cells.py): one note a line, the export's prefix read
back as author and text, repeated texts added once, and an export cell that always fits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from zeues.domain.notes import Note
from zeues.domain.transfer.note_cells import (
    MAX_EXPORT_CHARS,
    CellNote,
    export_cell,
    new_notes,
    note_line,
    read_cell,
)

TZ = ZoneInfo("America/Santiago")
AT = datetime(2026, 12, 6, 17, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Falta soporte", [CellNote("Falta soporte", None)]),
        ("  uno \r\n\n\tdos  ", [CellNote("uno", None), CellNote("dos", None)]),
        ("[06-12-2026 14:30 · MR(93)] Revisar  plano", [CellNote("Revisar plano", "MR(93)")]),
        ("[06-12-2026 14:30] Sin autor", [CellNote("Sin autor", None)]),
        ("[06-12-2026 14:30 · ] x", [CellNote("x", None)]),
        ("[hoy] no es el prefijo", [CellNote("[hoy] no es el prefijo", None)]),
        ("Nota: [06-12-2026 14:30] dentro", [CellNote("Nota: [06-12-2026 14:30] dentro", None)]),
        ("", []),
    ],
)
def test_each_line_is_a_note_and_the_export_prefix_is_read_back(
    cell: str, expected: list[CellNote]
) -> None:
    found, problems = read_cell(cell)
    assert (found, problems) == (expected, [])


def test_a_note_line_reads_back_as_the_note() -> None:
    note = Note("MK-1", AT, "Soldar  primero\tla brida", "AF(97)", 97, id=1)
    line = note_line(note, TZ)
    assert line == "[06-12-2026 14:30 · AF(97)] Soldar primero la brida"
    assert read_cell(line) == ([CellNote("Soldar primero la brida", "AF(97)")], [])


def test_a_text_the_spool_has_is_not_added_again_nor_twice_from_one_cell() -> None:
    cell = [CellNote("Falta  soporte", None), CellNote("Nueva", "X"), CellNote("Nueva", None)]
    assert new_notes(cell, ["Falta soporte"]) == [CellNote("Nueva", "X")]


def test_an_export_cell_keeps_the_newest_notes_that_fit() -> None:
    notes = [
        Note("MK-1", AT + timedelta(minutes=i), f"{i:03d} " + "x" * 990, None, None, id=i)
        for i in range(40)
    ]
    cell = export_cell(notes, TZ)
    assert cell is not None and len(cell) <= MAX_EXPORT_CHARS
    lines = cell.split("\n")
    assert lines[-1].startswith("[06-12-2026 15:09] 039 ")  # the newest, last
    assert len(lines) == 31 and lines[0].startswith("[06-12-2026 14:39] 009 ")
    assert export_cell([], TZ) is None
