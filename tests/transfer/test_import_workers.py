"""Trabajadores (+ the optional Roles sheet, one row per worker and role) → workers."""

from __future__ import annotations

from pathlib import Path

from tests.transfer.workbooks import write_csv, write_xlsx
from zeues.container import Container
from zeues.domain.model import Rol
from zeues.services.transfer.files import run_export, run_import

TRABAJADORES = [
    ["Id", "Nombre", "Apellido", "Rol", "Activo"],
    [93, "Mauricio", "Rodriguez", "Armador", "SI"],
    [94, "Juan", "Perez", "Soldador", "Sí"],
    [95, "Ana", "Soto", "Metrología", "NO"],
    [96, "Luis", "", "Capataz", ""],
    ["x", "Sin", "Id", "Armador", ""],
    [94, "Juan", "Repetido", "Armador", ""],
]
ROLES = [
    ["Id", "Rol", "Activo"],
    [93, "Soldador", "TRUE"],
    [93, "Metrologia", "TRUE"],
    [94, "Soldador", "FALSE"],
    [93, "Pintor", "TRUE"],
]


def test_workers_and_their_roles_are_imported(empty: Container, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", TRABAJADORES, "Trabajadores", {"Roles": ROLES})
    report = run_import(empty.transfer(), path, "workers", skip_invalid=True)
    outcome = {r.row: (r.outcome, r.errors[0].reason if r.errors else "") for r in report.rows}
    assert outcome[2] == ("new", "")
    assert outcome[4] == ("new", "")
    assert outcome[5][0] == "invalid" and "Capataz" in outcome[5][1]
    assert outcome[6][0] == "invalid" and "Id" in outcome[6][1]
    assert outcome[3][0] == outcome[7][0] == "invalid"  # Id 94 twice
    assert "Id repetido" in outcome[7][1]
    assert outcome[5][0] == "invalid"
    assert [r.key for r in report.rows if r.outcome == "invalid" and r.key.startswith("Roles")] == [
        "Roles!5"
    ]
    mauricio = empty.read.worker(93)
    assert mauricio is not None
    assert mauricio.roles == (Rol.ARMADOR, Rol.SOLDADOR, Rol.METROLOGIA)
    ana = empty.read.worker(95)
    assert ana is not None and ana.activo is False and ana.roles == (Rol.METROLOGIA,)


def test_worker_export_imports_back_unchanged(empty: Container, tmp_path: Path) -> None:
    rows = [TRABAJADORES[0], TRABAJADORES[1], TRABAJADORES[2]]
    run_import(empty.transfer(), write_csv(tmp_path / "w.csv", rows, ";", "cp1252"), "workers")
    out = tmp_path / "out.csv"
    assert run_export(empty.transfer(), "workers", "csv", out) == 2
    again = run_import(empty.transfer(), out, "workers")
    assert [r.outcome for r in again.rows] == ["unchanged", "unchanged"]
    changed = [TRABAJADORES[0], [94, "Juan", "Pérez", "", ""]]
    report = run_import(
        empty.transfer(), write_csv(tmp_path / "c.csv", changed, ",", "utf-8"), "workers"
    )
    assert [(r.outcome, r.columns) for r in report.rows] == [("updated", ("apellido",))]
    juan = empty.read.worker(94)
    assert juan is not None and juan.roles == (Rol.SOLDADOR,)  # a blank Rol keeps the roles


def test_an_id_beyond_the_database_integer_is_invalid(empty: Container, tmp_path: Path) -> None:
    rows = [TRABAJADORES[0], [2_147_483_648, "Ana", "Soto", "Armador", "SI"]]
    report = run_import(
        empty.transfer(), write_xlsx(tmp_path / "w.xlsx", rows, "Trabajadores"), "workers"
    )
    assert report.invalid[0].errors[0].reason.startswith("Id de trabajador no válido")
