"""Issue 19, item 1 and the import-side "Also": no file can make an import grow as the square of
its rows, hold a huge cell, or echo one back. Scaled down: the sizes are per row, compared at
two file sizes (linear grows 4x from 400 to 1,600 rows; the old report grew 16x)."""

from __future__ import annotations

import json
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.infra.auth import ADMIN_HEADERS
from tests.transfer.conftest import Factory
from zeues.adapters.files.writer import write_table
from zeues.api.app import create_app
from zeues.container import Container
from zeues.domain.errors import ArchivoNoValido
from zeues.domain.transfer import limits
from zeues.services.transfer import sheet
from zeues.services.transfer.files import plan_import, run_import, write_error_report


def _csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _repeated(tmp: Path, n: int) -> Path:
    return _csv(tmp / f"x{n}.csv", [["TAG_SPOOL", "NV"], *[["X", str(i % 50)] for i in range(n)]])


def _measure(c: Container, path: Path) -> tuple[int, int, int]:
    """(peak bytes allocated while planning and reviewing, report JSON bytes, error lines)."""
    tracemalloc.start()
    report = run_import(c.transfer(), path, "spools", dry_run=True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    errors = write_error_report(write_table, report, path)
    lines = len(errors[0].read_text(encoding="utf-8-sig").splitlines())
    return peak, len(json.dumps(report.as_dict())), lines


def test_a_repeated_tag_costs_memory_and_report_linear_in_the_rows(
    make_empty: Factory, tmp_path: Path
) -> None:
    c = make_empty()
    small = _measure(c, _repeated(tmp_path, 400))
    big = _measure(c, _repeated(tmp_path, 1600))
    assert big[0] < 6 * small[0], (small, big)  # memory: ~4x, never ~16x
    assert big[1] < 5 * small[1], (small, big)  # report bytes
    assert small[2] == big[2] == 2  # the error file: header + the tag once


def test_a_repeated_tag_is_named_once_with_its_count_and_first_rows(
    make_empty: Factory, tmp_path: Path
) -> None:
    report = run_import(make_empty().transfer(), _repeated(tmp_path, 30), "spools", dry_run=True)
    assert report.counts()["invalid"] == 30
    reasons = {e.reason for r in report.invalid for e in r.errors}
    assert reasons == {
        "TAG repetido en 30 filas (2, 3, 4, 5, 6 y 25 más); deje una sola fila por spool"
    }
    assert len(list(report.problems())) == 1
    answer = [r["errors"][0]["reason"] for r in report.as_dict()["rows"]]
    assert answer[0].startswith("TAG repetido en 30 filas")
    assert answer[1:] == ["TAG repetido: ver la fila 2"] * 29  # the answer gives it once too


def test_more_rows_than_the_limit_are_refused_in_spanish(
    make_empty: Factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheet, "MAX_ROWS", 50)
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    rows = [["TAG_SPOOL"], *[[f"MK-{i}"] for i in range(51)], *[[""]] * 10]
    path = _csv(tmp_path / "big.csv", rows)
    with pytest.raises(ArchivoNoValido, match="más de 50 filas de datos: divídalo"):
        plan_import(make_empty().transfer(), path, "spools")
    ok = _csv(tmp_path / "ok.csv", rows[:51] + [[""]] * 100)  # blank rows do not count
    assert plan_import(make_empty().transfer(), ok, "spools").report.count("invalid") == 0


@pytest.mark.parametrize("size", [limits.MAX_CELL_CHARS + 1, 200_000])
def test_a_cell_beyond_64_kb_is_refused_naming_where_it_is(
    size: int, make_empty: Factory, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "cell.csv", [["TAG_SPOOL", "Notas"], ["MK-1", "a"], ["MK-2", "b" * size]]
    )
    with pytest.raises(ArchivoNoValido, match="64 KB") as refused:
        plan_import(make_empty().transfer(), path, "spools")
    assert "fila 3" in refused.value.message or "línea 3" in refused.value.message
    assert len(refused.value.message) < 400  # the cell is not echoed


def test_an_extra_column_value_beyond_its_limit_is_refused_and_echoed_cut(
    make_empty: Factory, tmp_path: Path
) -> None:
    long = "z" * (limits.MAX_EXTRA_CHARS + 1)
    path = _csv(tmp_path / "e.csv", [["TAG_SPOOL", "Notas"], ["MK-1", long], ["MK-2", "ok"]])
    report = run_import(make_empty().transfer(), path, "spools", skip_invalid=True)
    (bad,) = report.invalid
    (error,) = bad.errors
    assert error.column == "Notas" and "más de 1.000 caracteres" in error.reason
    assert len(error.value) <= limits.SHOWN_CHARS and error.value.endswith("…")
    assert report.count("new") == 1


def test_values_echoed_in_a_report_are_cut(make_empty: Factory, tmp_path: Path) -> None:
    tag = "T" * 5000
    path = _csv(tmp_path / "t.csv", [["TAG_SPOOL", "OT"], [tag, "o" * 3000]])
    report = run_import(make_empty().transfer(), path, "spools", dry_run=True)
    text = json.dumps(report.as_dict(), ensure_ascii=False)
    assert len(text) < 2000, len(text)
    assert "TAG de más de 100 caracteres" in text and "más de 50 caracteres" in text


def test_too_many_extra_columns_are_refused(make_empty: Factory, tmp_path: Path) -> None:
    header = ["TAG_SPOOL", *[f"C{i}" for i in range(limits.MAX_EXTRA_COLUMNS + 1)]]
    path = _csv(tmp_path / "wide.csv", [header, ["MK-1"]])
    with pytest.raises(ArchivoNoValido, match="columnas adicionales: el máximo es 100"):
        plan_import(make_empty().transfer(), path, "spools")


@pytest.fixture
def client(make_empty: Factory) -> Iterator[TestClient]:
    with TestClient(create_app(container=make_empty())) as test_client:
        yield test_client


def _post(client: TestClient, name: str, content: bytes) -> dict[str, object]:
    response = client.post(
        "/api/admin/import",
        headers=ADMIN_HEADERS,
        data={"kind": "spools", "dry_run": "true"},
        files={"file": (name, content, "text/csv")},
    )
    assert response.status_code in (200, 400, 413), response.text
    body: dict[str, object] = response.json()
    return body


def test_uploads_leave_no_temporary_file_and_never_name_it(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    answers = [
        _post(client, "ok.csv", b"TAG_SPOOL;NV\nMK-1;1\n"),
        _post(client, "vacio.csv", b"\n\n\n"),  # no header: refused, naming the file
        _post(client, "cell.csv", b"TAG_SPOOL;NV\nMK-1;" + b"x" * 70_000 + b"\n"),
        _post(client, "empty.csv", b""),
    ]
    assert list(folder.iterdir()) == []
    text = json.dumps(answers, ensure_ascii=False)
    assert "zeues-import-" not in text and str(folder) not in text
    assert "«vacio.csv» está vacía" in text
    assert answers[0]["file_name"] == "ok.csv"


def test_a_real_xlsx_named_csv_is_read_as_what_it_is(make_empty: Factory, tmp_path: Path) -> None:
    from tests.transfer.workbooks import write_xlsx

    path = write_xlsx(tmp_path / "ops.csv", [["TAG_SPOOL", "NV"], ["MK-1", "1"]])
    report = run_import(make_empty().transfer(), path, "spools", dry_run=True)
    assert report.keys("new") == ["MK-1"]
    zipped = tmp_path / "z.csv"
    zipped.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ArchivoNoValido, match=r"«z\.csv» es un archivo comprimido"):
        plan_import(make_empty().transfer(), zipped, "spools")
    old = tmp_path / "old.csv"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ArchivoNoValido, match="Excel 97-2003"):
        plan_import(make_empty().transfer(), old, "spools")
