"""Sheets as shops keep them (issue 20, item 6): a title block above the headers, totals,
subtotals and notes among the rows; the review names what it would create, and its wording
cannot be misread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.infra.auth import ADMIN_HEADERS
from tests.transfer.workbooks import write_xlsx
from zeues.api.app import create_app
from zeues.container import Container
from zeues.domain.errors import ArchivoNoValido
from zeues.services.transfer.files import run_import

TITLE = [["Planilla de operaciones"], ["Obra 1335", None, "emitida 01-11-2026"], []]
HEADER = ["TAG_SPOOL", "NV", "Fecha_Materiales"]
ROWS: list[list[Any]] = [
    ["MK-1", "NV-4000", "01-11-2026"],
    ["MK-2", "NV-4000", None],
    ["Subtotal NV-4000", None, 2],
    [None, "TOTAL", 2],
    ["Nota: revisar soldaduras el lunes", None, None],
    ["TOTAL-01", "NV-4001", None],  # a real tag that starts like a total
]


def stored_tags(c: Container) -> set[str]:
    return {s.tag_spool for s in c.read.all_spools()}


def test_totals_subtotals_and_notes_are_skipped_with_their_reason(
    empty: Container, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "ops.xlsx", [HEADER, *ROWS])
    report = run_import(empty.transfer(), path, "spools")
    skipped = {(r.row, r.key, r.reason) for r in report.rows if r.outcome == "skipped"}
    assert skipped == {
        (4, "Subtotal NV-4000", "fila de subtotales: no es un spool, se omite"),
        (5, "TOTAL", "fila de totales: no es un spool, se omite"),
        (6, "Nota: revisar soldaduras el lunes", "nota: no es un spool, se omite"),
    }
    assert report.applied and report.counts()["invalid"] == 0
    assert stored_tags(empty) == {"MK-1", "MK-2", "TOTAL-01"}
    assert report.message.endswith("3 filas omitidas (totales o notas).")


def test_the_header_row_is_found_below_a_title_block(empty: Container, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ops.xlsx", [*TITLE, HEADER, *ROWS[:2]])
    report = run_import(empty.transfer(), path, "spools", dry_run=True)
    assert (report.header_row, report.title_rows) == (4, 2)
    assert report.keys("new") == ["MK-1", "MK-2"]
    assert [r.row for r in report.rows] == [5, 6]


def test_a_sheet_without_the_header_within_its_first_rows_says_where_it_looked(
    empty: Container, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "ops.xlsx", [[f"línea {n}"] for n in range(40)] + [HEADER])
    with pytest.raises(ArchivoNoValido, match="No se encontró la columna TAG_SPOOL") as found:
        run_import(empty.transfer(), path, "spools")
    assert "Se buscó en las primeras 30 filas con datos." in found.value.message


def test_a_review_names_one_spool_in_the_singular(empty: Container, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ops.xlsx", [HEADER, ROWS[0]])
    report = run_import(empty.transfer(), path, "spools", dry_run=True)
    assert report.message == "Revisión: se crearía 1 spool nuevo."


def test_invalid_rows_imported_around_are_said_to_be_left_out(
    empty: Container, tmp_path: Path
) -> None:
    bad = ["MK-9", "NV-1", "31-02-2026"]
    path = write_xlsx(tmp_path / "ops.xlsx", [HEADER, ROWS[0], bad])
    report = run_import(empty.transfer(), path, "spools", skip_invalid=True)
    assert report.message == (
        "Importación: se creó 1 spool nuevo. 1 fila no válida (no importada)."
    )


@pytest.fixture
def client(empty: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=empty)) as test_client:
        yield test_client


def upload(client: TestClient, path: Path, **form: str) -> dict[str, Any]:
    with path.open("rb") as handle:
        response = client.post(
            "/api/admin/import",
            headers=ADMIN_HEADERS,
            data={"kind": "spools", "dry_run": "true", **form},
            files={"file": (path.name, handle, "application/octet-stream")},
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_console_review_lists_the_first_new_rows_and_names_its_own_checkbox(
    client: TestClient, tmp_path: Path
) -> None:
    many = [[f"MK-{n:03}", "NV-1", None] for n in range(25)]
    path = write_xlsx(tmp_path / "ops.xlsx", [*TITLE, HEADER, *many, ["MK-X", "NV", "99-99-2026"]])
    body = upload(client, path)
    assert body["counts"]["new"] == 25 and body["counts"]["invalid"] == 1
    assert body["new_keys"] == [f"MK-{n:03}" for n in range(20)]
    assert (body["header_row"], body["title_rows"]) == (4, 2)
    assert body["message"] == (
        "Tal como está, no se importaría nada: 1 fila no válida. Corrija esas filas, o marque "
        "«Omitir filas inválidas e importar el resto» para importar solo las válidas."
    )
    console = Path("src/zeues/web/static/supervisor/index.html").read_text()
    assert "Omitir filas inválidas e importar el resto</label>" in console
