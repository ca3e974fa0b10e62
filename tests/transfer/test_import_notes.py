"""The spool sheet's Notas column (issue 21, CONTRACT §2.9 Notas): each line of a cell becomes
a note with its audit event, unless the spool already has that text (twice = once); a dry run
reports exactly what the import does; bad cells are refused with their reason and, by default,
nothing is kept; the export writes the notes back so that they import unchanged."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from tests.transfer.conftest import Factory
from tests.transfer.workbooks import write_csv, write_xlsx
from zeues.adapters.sql.tables import audit_events
from zeues.adapters.sql.transfer import SqlImportStore
from zeues.container import Container
from zeues.domain.model import Spool
from zeues.services.transfer.files import run_export, run_import
from zeues.services.transfer.report import ImportReport

HEADER = ["TAG_SPOOL", "NV", "Fecha_Materiales", "Notas"]
GOOD = [
    HEADER,
    ["NT-001", "NV-1", "01-11-2026", "Falta soporte en la brida"],
    ["NT-002", "NV-1", "01-11-2026", "Revisar plano rev. B\nPintura: gris RAL 7035"],
    ["NT-003", "NV-1", "01-11-2026", None],
]


def _notes(c: Container, tag: str) -> list[tuple[str, str | None]]:
    return [(n.texto, n.autor) for n in c.read.notes(tag)]


def _nota_events(c: Container) -> list[dict[str, Any]]:
    with c.store.read() as conn:
        stmt = select(audit_events).where(audit_events.c.evento_tipo == "NOTA")
        return [dict(r) for r in conn.execute(stmt.order_by(audit_events.c.id)).mappings()]


def _outcomes(report: ImportReport) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(r.key, r.outcome, r.columns) for r in report.rows]


def test_each_line_of_a_notas_cell_is_a_note_with_its_audit_event(
    empty: Container, tmp_path: Path
) -> None:
    report = run_import(empty.transfer(), write_xlsx(tmp_path / "s.xlsx", GOOD), "spools")
    assert report.applied and report.count("new") == 3
    assert "Notas" in report.rows[0].columns and "Notas" not in report.rows[2].columns
    assert _notes(empty, "NT-001") == [("Falta soporte en la brida", None)]
    assert _notes(empty, "NT-002") == [
        ("Revisar plano rev. B", None),
        ("Pintura: gris RAL 7035", None),
    ]
    assert _notes(empty, "NT-003") == []
    events = _nota_events(empty)
    assert [(e["tag_spool"], e["metadata"]["texto"]) for e in events] == [
        ("NT-001", "Falta soporte en la brida"),
        ("NT-002", "Revisar plano rev. B"),
        ("NT-002", "Pintura: gris RAL 7035"),
    ]
    assert {e["metadata"]["archivo"] for e in events} == {"s.xlsx"}
    ids = {n.id for tag in ("NT-001", "NT-002") for n in empty.read.notes(tag)}
    assert {e["metadata"]["nota_id"] for e in events} == ids


def test_importing_twice_adds_each_note_once(empty: Container, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", GOOD)
    run_import(empty.transfer(), path, "spools")
    events = len(_nota_events(empty))
    # The same text with other spacing, and a new line beside the old ones.
    again = [HEADER, ["NT-002", "NV-1", "01-11-2026", "Revisar  plano rev. B\nCortar a 2 m"]]
    second = run_import(empty.transfer(), path, "spools")
    third = run_import(empty.transfer(), write_xlsx(tmp_path / "t.xlsx", again), "spools")
    assert second.count("unchanged") == 3 and not second.applied
    assert _outcomes(third) == [("NT-002", "updated", ("Notas",))]
    assert [t for t, _ in _notes(empty, "NT-002")] == [
        "Revisar plano rev. B",
        "Pintura: gris RAL 7035",
        "Cortar a 2 m",
    ]
    assert len(_nota_events(empty)) == events + 1


def test_notes_alone_leave_the_spool_row_as_it_was(empty: Container, tmp_path: Path) -> None:
    run_import(empty.transfer(), write_xlsx(tmp_path / "s.xlsx", GOOD), "spools")
    before = empty.read.spool("NT-003")
    rows = [["tag", "NOTA"], ["NT-003", "Urgente para el lunes"]]  # tolerant headers
    report = run_import(empty.transfer(), write_xlsx(tmp_path / "n.xlsx", rows), "spools")
    assert _outcomes(report) == [("NT-003", "updated", ("NOTA",))]
    assert empty.read.spool("NT-003") == before  # same version: a note is not a spool change
    assert _notes(empty, "NT-003") == [("Urgente para el lunes", None)]


def test_a_dry_run_reports_what_the_import_does_and_keeps_nothing(
    empty: Container, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", GOOD)
    dry = run_import(empty.transfer(), path, "spools", dry_run=True)
    assert _notes(empty, "NT-001") == [] and _nota_events(empty) == []
    real = run_import(empty.transfer(), path, "spools")
    assert _outcomes(dry) == _outcomes(real)
    assert dry.counts() == real.counts()


BAD_CELLS = [
    ("NT-010", "tiene\x07control", "caracteres de control"),
    ("NT-011", "x" * 1001, "más de 1.000 caracteres"),
    ("NT-012", "[01-12-2026 10:00 · MR(93)]", "no tiene texto"),
    ("NT-013", f"[01-12-2026 10:00 · {'a' * 101}] texto", "autor de la línea 1"),
]


def test_bad_notas_cells_are_refused_with_their_reason_and_nothing_is_kept(
    empty: Container, tmp_path: Path
) -> None:
    rows = [HEADER, ["NT-009", "NV-1", "01-11-2026", "Buena nota"]]
    rows += [[tag, "NV-1", "01-11-2026", cell] for tag, cell, _ in BAD_CELLS]
    path = write_csv(tmp_path / "bad.csv", rows, ";", "utf-8")  # xlsx cannot hold \x07
    report = run_import(empty.transfer(), path, "spools")
    reasons = {r.key: [e.reason for e in r.errors] for r in report.invalid}
    for tag, _, reason in BAD_CELLS:
        assert len(reasons[tag]) == 1 and reason in reasons[tag][0], reasons
    assert {e.column for r in report.invalid for e in r.errors} == {"Notas"}
    assert not report.applied
    assert empty.read.spool("NT-009") is None and _nota_events(empty) == []
    kept = run_import(empty.transfer(), path, "spools", skip_invalid=True)  # the valid row
    assert kept.count("new") == 1 and _notes(empty, "NT-009") == [("Buena nota", None)]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_export_writes_the_notes_back_and_they_import_unchanged(
    make_empty: Factory, tmp_path: Path, fmt: str
) -> None:
    first, second = make_empty(), make_empty()
    rows = [
        HEADER,
        ["NT-001", "NV-1", "01-11-2026", '=HYPERLINK("http://x")\n+56 9 1234'],
        ["NT-002", "NV-1", "01-11-2026", "[02-11-2026 08:15 · MR(93)] Soldar primero la brida"],
    ]
    run_import(first.transfer(), _text_cells(tmp_path / "in.xlsx", rows), "spools")
    out = tmp_path / f"out.{fmt}"
    run_export(first.transfer(), "spools", fmt, out)  # type: ignore[arg-type]
    cells = _exported_notas(out)
    assert cells["NT-001"] == (
        '[23-11-2026 09:00] =HYPERLINK("http://x")\n[23-11-2026 09:00] +56 9 1234'
    )
    assert cells["NT-002"] == "[23-11-2026 09:00 · MR(93)] Soldar primero la brida"
    assert run_import(first.transfer(), out, "spools").count("unchanged") == 2
    run_import(second.transfer(), out, "spools")
    for tag in ("NT-001", "NT-002"):
        assert _notes(second, tag) == _notes(first, tag)
    assert _notes(first, "NT-002") == [("Soldar primero la brida", "MR(93)")]


def _text_cells(path: Path, rows: list[list[Any]]) -> Path:
    """An xlsx whose texts are string cells (openpyxl would make `=...` a formula)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            cell = sheet.cell(r, col)
            cell.value = value
            cell.data_type = "s"
    book.save(path)
    return path


def _exported_notas(path: Path) -> dict[str, str]:
    """The Notas cell per tag, as the file holds it (and checked to be formula-safe)."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle, delimiter=";"))
        col = table[0].index("Notas")
        return {r[0]: r[col] for r in table[1:]}
    sheet = load_workbook(path).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    col = header.index("Notas")
    found = {}
    for row in sheet.iter_rows(min_row=2):
        assert row[col].data_type == "s"  # a string cell: never evaluated as a formula
        found[str(row[0].value)] = str(row[col].value)
    return found


def test_a_csv_notas_cell_escaped_against_formulas_is_read_as_its_text(
    empty: Container, tmp_path: Path
) -> None:
    rows = [["TAG_SPOOL", "Notas"], ["NT-020", "'=1+1"], ["NT-021", "'-5 mm de holgura"]]
    path = write_csv(tmp_path / "s.csv", rows, ";", "utf-8")
    assert run_import(empty.transfer(), path, "spools").count("new") == 2
    assert _notes(empty, "NT-020") == [("=1+1", None)]
    assert _notes(empty, "NT-021") == [("-5 mm de holgura", None)]


def test_an_old_notas_extra_column_is_not_exported_twice(empty: Container, tmp_path: Path) -> None:
    """Before Notas was a column of ours an import kept it as an extra column: the export has
    one Notas column (the notes), so it imports back."""
    with SqlImportStore(empty.store).transaction() as tx:
        tx.insert_spools([(Spool("NT-030"), {"NOTAS": "vieja", "Cliente": "ACME"})])
    out = tmp_path / "out.xlsx"
    run_export(empty.transfer(), "spools", "xlsx", out)
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header.count("Notas") == 1 and "NOTAS" not in header and "Cliente" in header
    assert run_import(empty.transfer(), out, "spools").count("unchanged") == 1
