"""Importing an Operaciones sheet: messy rows reported, valid rows kept, nothing changed by a
failed default-mode import (checked in the database), dry run = real import row by row."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import tomar
from tests.transfer.workbooks import (
    MESSY_BAD,
    MESSY_GOOD,
    database_state,
    messy_rows,
    write_csv,
    write_xlsx,
)
from zeues.api.app import create_app
from zeues.api.presenters.stream import stream_payload
from zeues.container import Container
from zeues.domain.errors import ArchivoNoValido
from zeues.domain.model import EstadoMetrologia, EstadoOp, EventoTipo
from zeues.services.transfer.files import run_import, sha256_of
from zeues.services.transfer.report import ImportReport


def _problems(report: ImportReport) -> set[tuple[int, str, str]]:
    return {(r.row, e.column, e.reason) for r in report.invalid for e in r.errors}


def _matches(found: set[tuple[int, str, str]], expected: set[tuple[int, str, str]]) -> bool:
    return all(
        any(row == r and col == c and part in reason for r, c, reason in found)
        for row, col, part in expected
    ) and len(found) == len(expected)


def _outcomes(report: ImportReport) -> list[tuple[int, str, str, tuple[str, ...]]]:
    return [(r.row, r.key, r.outcome, r.columns) for r in report.rows]


def test_each_bad_row_is_reported_with_its_reason(empty: Container, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "messy.xlsx", messy_rows())
    report = run_import(empty.transfer(), path, "spools")
    assert _matches(_problems(report), MESSY_BAD), _problems(report)
    assert {r.key for r in report.rows if r.outcome == "new"} == MESSY_GOOD
    assert report.blank_rows == 1
    assert report.extra_columns == ["Diámetro pulgadas"]
    assert "Estado_Detalle" in report.ignored_columns


def test_a_bad_file_changes_nothing_in_the_default_mode(empty: Container, tmp_path: Path) -> None:
    before = database_state(empty)
    report = run_import(
        empty.transfer(), write_xlsx(tmp_path / "messy.xlsx", messy_rows()), "spools"
    )
    assert not report.applied and report.event_id is None
    assert report.message == (
        "No se importó nada: 5 filas no válidas. Corrija esas filas, o vuelva a ejecutar con "
        "--skip-invalid para importar solo las válidas."
    )
    assert database_state(empty) == before  # no spool, no audit event


def test_skip_invalid_imports_every_valid_row_with_its_derived_state(
    empty: Container, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "messy.xlsx", messy_rows())
    report = run_import(empty.transfer(), path, "spools", skip_invalid=True)
    assert report.applied
    rows, _, n_events = database_state(empty)
    assert {r["tag_spool"] for r in rows} == MESSY_GOOD
    by_tag = {r["tag_spool"]: r for r in rows}
    done = by_tag["MK-001"]
    assert (done["arm_estado"], done["sold_estado"], done["metrologia_estado"]) == (
        EstadoOp.COMPLETADO,
        EstadoOp.COMPLETADO,
        EstadoMetrologia.APROBADO,
    )
    assert done["fecha_armado"] == date(2026, 1, 9)  # a date-time cell keeps its date
    assert done["fecha_soldadura"] == date(2026, 1, 20)
    assert done["nv"] == "4500" and done["extra"] == {"Diámetro pulgadas": '6"'}
    serial = by_tag["MK-002"]
    assert serial["fecha_materiales"] == date(2026, 1, 6)  # Excel serial 46028
    assert serial["fecha_armado"] == date(2026, 1, 8)  # 8/1/26 is 8 January
    assert by_tag["MK-005"]["fecha_materiales"] == date(2026, 1, 2)
    paused = by_tag["MK-007"]  # a fitter named but no date: ARM started, nobody holds it
    assert (paused["arm_estado"], paused["ocupado_por_id"]) == (EstadoOp.PAUSADO, None)
    assert by_tag["MK-006"]["arm_estado"] == EstadoOp.PENDIENTE
    assert n_events == 1
    events = empty.events.events_after(0, None)
    assert events[0].evento_tipo is EventoTipo.IMPORTACION
    assert events[0].metadata["sha256"] == sha256_of(path)
    assert events[0].metadata["archivo"] == "messy.xlsx"
    assert events[0].metadata["conteos"]["new"] == 5
    assert events[0].metadata["conteos"]["invalid"] == 5


@pytest.mark.parametrize("skip_invalid", [False, True])
def test_dry_run_and_real_import_agree_row_for_row(
    make_empty: Any, tmp_path: Path, skip_invalid: bool
) -> None:
    path = write_xlsx(tmp_path / "messy.xlsx", messy_rows())
    dry_db, real_db = make_empty(), make_empty()
    before = database_state(dry_db)
    dry = run_import(dry_db.transfer(), path, "spools", dry_run=True, skip_invalid=skip_invalid)
    real = run_import(real_db.transfer(), path, "spools", skip_invalid=skip_invalid)
    assert _outcomes(dry) == _outcomes(real)
    assert _problems(dry) == _problems(real)
    assert dry.counts() == real.counts()
    assert database_state(dry_db) == before  # the dry run kept nothing
    assert real.applied is skip_invalid


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    empty: Container, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "messy.xlsx", messy_rows())
    run_import(empty.transfer(), path, "spools", skip_invalid=True)
    after_first = database_state(empty)
    second = run_import(empty.transfer(), path, "spools", skip_invalid=True)
    assert second.counts()["unchanged"] == len(MESSY_GOOD)
    assert second.counts()["new"] == second.counts()["updated"] == 0
    assert not second.applied and second.event_id is None
    assert database_state(empty) == after_first


def test_a_file_with_some_columns_updates_only_those(empty: Container, tmp_path: Path) -> None:
    full = [
        ["TAG_SPOOL", "NV", "OT", "Fecha_Materiales", "Color"],
        ["S-1", "10", "OT-1", "01-02-2026", "rojo"],
    ]
    run_import(empty.transfer(), write_xlsx(tmp_path / "full.xlsx", full), "spools")
    partial = [["tag_spool", "ot", "Peso"], ["S-1", "OT-2", "12"], ["S-2", None, None]]
    report = run_import(empty.transfer(), write_xlsx(tmp_path / "partial.xlsx", partial), "spools")
    assert [(r.key, r.outcome, r.columns) for r in report.rows] == [
        ("S-1", "updated", ("ot", "Peso")),
        ("S-2", "new", ()),
    ]
    rows, _, _ = database_state(empty)
    s1 = rows[0]
    assert (s1["nv"], s1["ot"], s1["fecha_materiales"]) == ("10", "OT-2", date(2026, 2, 1))
    assert s1["extra"] == {"Color": "rojo", "Peso": "12"}
    assert s1["version"] == 2
    blank = [["TAG_SPOOL", "NV", "Color"], ["S-1", None, None]]  # blanks never erase
    again = run_import(empty.transfer(), write_xlsx(tmp_path / "blank.xlsx", blank), "spools")
    assert again.rows[0].outcome == "unchanged"


@pytest.mark.parametrize(("sep", "encoding"), [(";", "cp1252"), (",", "utf-8-sig"), (";", "utf-8")])
def test_csv_separator_and_encoding_are_detected(
    empty: Container, tmp_path: Path, sep: str, encoding: str
) -> None:
    rows = [
        ["TAG_SPOOL", "Fecha_Materiales", "Fecha_QC_Metrología", "Observación"],
        ["C-1", "03-01-2026", "", "Revisión pendiente"],
        ["C-2", "2026-01-04", "", "Añadir brida"],
    ]
    path = write_csv(tmp_path / "ops.csv", rows, sep, encoding)
    report = run_import(empty.transfer(), path, "spools")
    assert report.counts()["new"] == 2, report.as_dict()
    assert report.recognized == ["TAG_SPOOL", "Fecha_Materiales", "Fecha_QC_Metrología"]
    stored, _, _ = database_state(empty)
    assert stored[1]["extra"] == {"Observación": "Añadir brida"}
    assert stored[0]["fecha_materiales"] == date(2026, 1, 3)


def test_a_month_first_date_column_is_reported_not_guessed(
    empty: Container, tmp_path: Path
) -> None:
    rows = [
        ["TAG_SPOOL", "Fecha_Materiales"],
        ["D-1", "01/13/2026"],  # only month-first: the column uses the US order
        ["D-2", "02/03/2026"],  # 2 March or February 3? never guessed
        ["D-3", "2026-03-02"],  # unambiguous
        ["D-4", "25/03/2026"],  # day-first by its own numbers
    ]
    report = run_import(empty.transfer(), write_xlsx(tmp_path / "us.xlsx", rows), "spools")
    invalid = {r.key: r.errors[0].reason for r in report.invalid}
    assert set(invalid) == {"D-1", "D-2"}
    assert "mes/día" in invalid["D-2"] and "fila 2" in invalid["D-2"]
    assert {r.key for r in report.rows if r.outcome == "new"} == {"D-3", "D-4"}


def test_occupation_is_imported_as_a_live_lease_only_when_asked(
    container: Container, tmp_path: Path
) -> None:
    rows = [
        ["TAG_SPOOL", "Fecha_Materiales", "Ocupado_Por", "Fecha_Ocupacion"],
        ["O-1", "01-02-2026", "MR(93)", "23-11-2026 08:00"],
    ]
    path = write_xlsx(tmp_path / "ocupado.xlsx", rows)
    plain = run_import(container.transfer(), path, "spools")
    assert plain.ignored_columns == ["Ocupado_Por", "Fecha_Ocupacion"]
    spool = container.read.spool("O-1")
    assert spool is not None and spool.holder is None
    leased = run_import(container.transfer(), path, "spools", with_occupation=True)
    assert leased.rows[0].outcome == "updated"
    spool = container.read.spool("O-1")
    assert spool is not None and spool.holder is not None
    assert (spool.holder.worker_id, spool.arm, spool.armador) == (
        93,
        EstadoOp.EN_PROGRESO,
        "MR(93)",
    )
    unknown = [rows[0], ["O-2", "01-02-2026", "XX(999999)", ""]]
    bad = run_import(
        container.transfer(),
        write_xlsx(tmp_path / "u.xlsx", unknown),
        "spools",
        with_occupation=True,
    )
    assert "no es un trabajador activo" in bad.invalid[0].errors[0].reason


def test_a_spool_held_right_now_is_not_overwritten(container: Container, tmp_path: Path) -> None:
    with TestClient(create_app(container=container)) as client:
        assert tomar(client, "TEST-01", 93).status_code == 200
    rows = [["TAG_SPOOL", "NV"], ["TEST-01", "999"]]
    report = run_import(container.transfer(), write_xlsx(tmp_path / "held.xlsx", rows), "spools")
    assert report.invalid[0].errors[0].reason.startswith("el spool está tomado ahora por MR(93)")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"PK\x03\x04not really a zip", "x.xlsx", "no es un libro Excel"),
        (b"nombre;apellido\nA;B\n", "x.csv", "No se encontró la columna TAG_SPOOL"),
        (b"\n\n", "x.csv", "está vacía"),
        (b"TAG;tag_spool\nA;B\n", "x.csv", "son la misma columna"),
        (b"\xd0\xcf\x11\xe0", "x.xls", ".xls"),
        (b"TAG_SPOOL\n\x81\x8d\x8f\x90\x9d\n", "x.csv", "ni en Windows-1252"),
        (b"TAG_SPOOL\nA\x00B\n", "x.csv", "bytes nulos"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_spanish_reason(
    empty: Container, tmp_path: Path, content: bytes, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArchivoNoValido, match=message):
        run_import(empty.transfer(), path, "spools")


def test_an_unknown_sheet_lists_the_sheets_of_the_book(empty: Container, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", [["TAG_SPOOL"], ["A"]], sheet="Hoja1")
    with pytest.raises(ArchivoNoValido, match="Hojas del libro: Hoja1"):
        run_import(empty.transfer(), path, "spools", sheet="Operaciones")
    assert run_import(empty.transfer(), path, "spools", sheet=" HOJA1").counts()["new"] == 1


def test_text_longer_than_its_column_is_invalid_not_a_database_error(
    empty: Container, tmp_path: Path
) -> None:
    rows = [["TAG_SPOOL", "NV"], ["L-1", "9" * 51], ["L-2", "9" * 50]]
    report = run_import(
        empty.transfer(), write_xlsx(tmp_path / "l.xlsx", rows), "spools", skip_invalid=True
    )
    assert [(r.key, r.outcome) for r in report.rows] == [("L-1", "invalid"), ("L-2", "new")]
    assert report.invalid[0].errors[0].reason == "más de 50 caracteres"


def test_an_applied_import_reaches_live_clients_once(empty: Container, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["TAG_SPOOL"], ["P-1"]])

    async def scenario() -> None:
        empty.hub.bind(asyncio.get_running_loop())
        sub = empty.hub.subscribe()
        report = await asyncio.to_thread(run_import, empty.transfer(), path, "spools")
        event = await asyncio.wait_for(sub.queue.get(), 5)
        assert event is not None and event.id == report.event_id
        payload = stream_payload(event, empty.settings.tz)
        assert (payload["tag_spool"], payload["estado_detalle"]) == ("*", None)
        again = await asyncio.to_thread(run_import, empty.transfer(), path, "spools")
        assert again.event_id is None  # changed nothing
        # A sentinel instead of a wait: an import that does change something publishes after
        # it, through the same bus, so its event is the next one only if `again` sent none.
        other = write_xlsx(tmp_path / "q.xlsx", [["TAG_SPOOL"], ["P-2"]])
        sentinel = await asyncio.to_thread(run_import, empty.transfer(), other, "spools")
        following = await asyncio.wait_for(sub.queue.get(), 5)
        assert following is not None and following.id == sentinel.event_id
        assert sub.queue.empty()

    asyncio.run(scenario())
