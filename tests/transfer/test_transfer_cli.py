"""`zeues import` / `zeues export` on the command line: exit codes, error report files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.transfer.workbooks import messy_rows, write_xlsx
from zeues.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZEUES_DATABASE_URL", f"sqlite:///{tmp_path}/zeues.db")
    monkeypatch.setenv("ZEUES_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ZEUES_ADMIN_TOKEN", "cli-test-token-0123456789")
    # import and export never create a database (issue 20): one is created first
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0


def test_a_bad_file_exits_1_and_leaves_the_error_report_next_to_it(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ops.xlsx", messy_rows())
    result = runner.invoke(app, ["import", "spools", str(path), "--dry-run"])
    assert result.exit_code == 1, result.output
    assert "Tal como está, no se importaría nada: 5 filas no válidas" in result.output
    assert "--skip-invalid" in result.output
    report = (tmp_path / "ops.errores.csv").read_text(encoding="utf-8-sig").splitlines()
    assert report[0] == "Fila;Clave;Columna;Valor;Motivo"
    # one line per problem; the tag repeated on two rows is one problem, listed once (issue 19)
    assert len(report) == 5
    assert sum("TAG repetido en 2 filas" in line for line in report) == 1
    assert (tmp_path / "ops.errores.xlsx").exists()


def test_skip_invalid_imports_and_export_writes_the_file(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ops.xlsx", messy_rows())
    result = runner.invoke(app, ["import", "spools", str(path), "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert "se crearon 5 spools nuevos" in result.output
    out = tmp_path / "spools.xlsx"
    exported = runner.invoke(app, ["export", "spools", "--format", "xlsx", "--out", str(out)])
    assert exported.exit_code == 0 and "5 filas exportadas" in exported.output
    assert out.stat().st_size > 0


def test_an_unreadable_file_or_format_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a;b\n1;2\n")
    result = runner.invoke(app, ["import", "workers", str(path)])
    assert result.exit_code == 2 and "No se encontró la columna Id" in result.output
    bad = runner.invoke(app, ["export", "events", "--format", "pdf", "--out", "x.pdf"])
    assert bad.exit_code == 2


def test_an_export_to_a_missing_folder_exits_2_with_a_message(tmp_path: Path) -> None:
    out = tmp_path / "no-existe" / "e.csv"
    result = runner.invoke(app, ["export", "events", "--out", str(out)])
    assert result.exit_code == 2 and "No se pudo escribir" in result.output


def test_a_review_lists_the_first_new_spools_the_skipped_rows_and_the_header_row(
    tmp_path: Path,
) -> None:
    rows = [["Planilla de la obra"], [], ["TAG_SPOOL", "NV"]]
    rows += [[f"MK-{n:03}", "NV-1"] for n in range(25)] + [["TOTAL", None]]
    path = write_xlsx(tmp_path / "ops.xlsx", rows)
    result = runner.invoke(app, ["import", "spools", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    listed = ", ".join(f"MK-{n:03}" for n in range(20))
    assert f"Nuevos (25): {listed}, … y 5 más" in result.output
    assert "Encabezados en la fila 3; las 1 filas de arriba" not in result.output
    assert "Encabezados en la fila 3; la fila de arriba se leyó como título." in result.output
    assert "fila 29 «TOTAL»: fila de totales: no es un spool, se omite" in result.output


def test_import_and_export_uniones(tmp_path: Path) -> None:
    from tests.transfer.test_import_unions import GOOD, MESSY
    from tests.transfer.workbooks import write_csv

    people = [["Id", "Nombre", "Apellido", "Rol"], [93, "Mauricio", "Rodriguez", "Armador"],
              [94, "Juan", "Perez", "Soldador"]]  # fmt: skip
    spools = [["TAG_SPOOL", "Fecha_Materiales"], ["MK-001", "02-01-2026"], ["MK-002", "02-01-2026"]]
    for kind, rows in (("workers", people), ("spools", spools)):
        path = write_csv(tmp_path / f"{kind}.csv", rows, ";", "utf-8")
        assert runner.invoke(app, ["import", kind, str(path)]).exit_code == 0
    path = write_xlsx(tmp_path / "uniones.xlsx", MESSY, sheet="Uniones")
    refused = runner.invoke(app, ["import", "uniones", str(path)])
    assert refused.exit_code == 1 and "11 filas no válidas" in refused.output, refused.output
    done = runner.invoke(app, ["import", "uniones", str(path), "--skip-invalid"])
    assert done.exit_code == 0 and f"{len(GOOD)} uniones nuevas" in done.output, done.output
    out = tmp_path / "u.csv"
    exported = runner.invoke(app, ["export", "uniones", "--out", str(out)])
    assert exported.exit_code == 0 and f"{len(GOOD)} filas exportadas" in exported.output


def test_export_pd_per_worker_and_day(tmp_path: Path) -> None:
    test_import_and_export_uniones(tmp_path)  # MR(93) and JP(94) with unions in January 2026
    out = tmp_path / "pd.csv"
    args = ["export", "pd", "--desde", "01-01-2026", "--hasta", "2026-01-31", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Fecha;Worker_ID;Trabajador;Operacion;Uniones;PD"
    # MR(93): ARM of #1 (2") and #2 (3.5") on 09-01, of MK-002 #6 (24") on 12-01; JP(94) SOLD #1
    assert lines[1:] == [
        "09-01-2026;93;MR(93);ARM;2;5.5",
        "10-01-2026;94;JP(94);SOLD;1;2.0",
        "12-01-2026;93;MR(93);ARM;1;24.0",
    ]
    bad = runner.invoke(app, ["export", "pd", "--desde", "31-02-2026", "--out", str(out)])
    assert bad.exit_code == 2
