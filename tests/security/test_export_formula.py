"""Issue 19, item 3: no export can run a formula. A csv text cell starting with = + - @ tab or
CR gets the OWASP apostrophe, xlsx text cells are typed strings (never `<f>`), derived cells
(Ocupado_Por, Estado_Detalle, Worker_Nombre) too, and importing our own export restores every
hostile value exactly, a negative number included."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.transfer.conftest import Factory
from tests.transfer.workbooks import database_state, write_xlsx
from zeues.domain.model import AuditEvent, EventoTipo, Rol, Worker
from zeues.domain.transfer.cells import TRIGGERS, escape, unescape
from zeues.services.transfer.events_csv import events_csv
from zeues.services.transfer.files import run_export, run_import

HYPERLINK = '=HYPERLINK("http://evil.example/",A1)'
HOSTILE = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-5", "@SUM(1+1)", "'=x", "'hola", "=1+1", "-2,5"]
HEADER = ["TAG_SPOOL", "NV", "OT", "Proyecto", "Fecha_Materiales", "Armador", "Ocupado_Por"]
EXTRA = ["=Notas", "Cliente", "Peso"]


def _write(path: Path, rows: list[list[Any]], sheet: str) -> Path:
    """An xlsx whose texts are typed strings, as Excel saves a cell typed as text."""
    write_xlsx(path, rows, sheet=sheet)
    book = load_workbook(path)
    for row in book[sheet].iter_rows():
        for cell, value in zip(row, rows[cell_row(row) - 1], strict=False):
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"
    book.save(path)
    return path


def cell_row(row: Any) -> int:
    return int(row[0].row)


def _source(tmp: Path) -> Path:
    rows: list[list[Any]] = [[*HEADER, *EXTRA]]
    for n, value in enumerate(HOSTILE):
        # The worker who holds MK-000 is named like a formula: Ocupado_Por and Estado_Detalle
        # are derived from that name.
        holder = "=X(93)" if n == 0 else None
        rows.append(
            [
                f"MK-{n:03d}",
                value,
                value[:50],
                value,
                "05-01-2026",
                None,
                holder,
                value,
                value,
                "-7",
            ]
        )
    return _write(tmp / "hostile.xlsx", rows, "Operaciones")


def _workers(tmp: Path) -> Path:
    rows = [
        ["Id", "Nombre", "Apellido", "Rol", "Activo"],
        [93, "=Xavier", "=Rojas", "Armador", "SI"],
    ]
    return _write(tmp / "w.xlsx", rows, "Trabajadores")


def _loaded(make_empty: Factory, tmp: Path) -> Any:
    c = make_empty()
    assert run_import(c.transfer(), _workers(tmp), "workers").applied
    report = run_import(c.transfer(), _source(tmp), "spools", with_occupation=True)
    assert report.applied, report.as_dict()
    return c


def _csv_cells(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_export_prefixes_every_formula_like_text(make_empty: Factory, tmp_path: Path) -> None:
    c = _loaded(make_empty, tmp_path)
    for what in ("spools", "events", "workers"):
        out = tmp_path / f"{what}.csv"
        run_export(c.transfer(), what, "csv", out)
        cells = [cell for row in _csv_cells(out) for cell in row]
        live = [cell for cell in cells if cell and cell[0] in TRIGGERS]
        assert live == [], (what, live)
    spools = _csv_cells(tmp_path / "spools.csv")
    assert "'=Notas" in spools[0]  # an extra column's header too
    first = dict(zip(spools[0], spools[1], strict=True))
    assert first["NV"] == "'" + HYPERLINK
    assert first["Ocupado_Por"].startswith("'=")  # derived from the worker's name
    workers = _csv_cells(tmp_path / "workers.csv")
    assert workers[1][1:3] == ["'=Xavier", "'=Rojas"]


def test_xlsx_export_has_no_formula_cells(make_empty: Factory, tmp_path: Path) -> None:
    c = _loaded(make_empty, tmp_path)
    for what in ("spools", "events", "workers"):
        out = tmp_path / f"{what}.xlsx"
        run_export(c.transfer(), what, "xlsx", out)
        with zipfile.ZipFile(out) as book:
            sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
            xml = "".join(book.read(n).decode() for n in sheets)
        assert "<f>" not in xml and "<f " not in xml, what
        assert not re.search(r'<c [^>]*t="str"', xml), what  # a formula's cached result
    xml_spools = zipfile.ZipFile(tmp_path / "spools.xlsx").read("xl/worksheets/sheet1.xml")
    assert b"HYPERLINK" in xml_spools and b't="inlineStr"' in xml_spools


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_our_export_imports_back_with_the_hostile_values_intact(
    fmt: str, make_empty: Factory, tmp_path: Path
) -> None:
    first = _loaded(make_empty, tmp_path)
    out = tmp_path / f"spools.{fmt}"
    run_export(first.transfer(), "spools", fmt, out)  # type: ignore[arg-type]
    second = make_empty()
    assert run_import(second.transfer(), _workers(tmp_path), "workers").applied
    report = run_import(second.transfer(), out, "spools", with_occupation=True)
    assert report.applied, report.as_dict()
    before, _, _ = database_state(first)
    after, _, _ = database_state(second)
    keep = ("tag_spool", "nv", "ot", "proyecto", "armador", "extra")
    assert [{k: r[k] for k in keep} for r in after] == [{k: r[k] for k in keep} for r in before]
    nv = {r["tag_spool"]: r["nv"] for r in after}
    assert [nv[f"MK-{n:03d}"] for n in range(len(HOSTILE))] == HOSTILE  # "-5" and "'=x" too


def test_the_supervisor_day_csv_escapes_worker_names() -> None:
    event = AuditEvent(
        id=1,
        evento_tipo=EventoTipo.TOMAR_SPOOL,
        tag_spool="MK-001",
        worker_id=93,
        worker_nombre='=HYPERLINK("http://x")',
        operacion=None,
        accion="TOMAR",
        timestamp=datetime(2026, 1, 5, 12, tzinfo=UTC),
        fecha_operacion=None,
        metadata={},
    )
    rows = list(csv.reader(io.StringIO(events_csv([event], ZoneInfo("UTC"))), delimiter=";"))
    assert rows[1][5] == '\'=HYPERLINK("http://x")'


@given(st.text(max_size=8, alphabet=st.sampled_from("=+-@'\t\rab1 ")))
def test_escape_is_reversible_and_never_leaves_a_trigger_first(text: str) -> None:
    cell = escape(text)
    assert unescape(cell) == text
    assert not cell or cell[0] not in TRIGGERS


def test_control_characters_are_refused_on_import_and_never_break_an_xlsx_export(
    make_empty: Factory, tmp_path: Path
) -> None:
    c = make_empty()
    source = tmp_path / "ctl.csv"
    source.write_text("TAG_SPOOL;NV;Notas\nMK-1;1;a\x07b\nMK-2;2;ok\n", encoding="utf-8")
    report = run_import(c.transfer(), source, "spools", skip_invalid=True)
    assert [r.key for r in report.invalid] == ["MK-1"]
    assert "caracteres de control" in report.invalid[0].errors[0].reason
    with c.store.write() as tx:  # stored before imports refused them (an old import)
        tx.upsert_worker(Worker(7, "Ana\x07", "Soto", (Rol.ARMADOR,)))
    out = tmp_path / "w.xlsx"
    assert run_export(c.transfer(), "workers", "xlsx", out) == 1
    row = list(load_workbook(out, read_only=True).active.iter_rows(values_only=True))[1]  # type: ignore[union-attr]
    assert row[1] == "Ana\ufffd"
