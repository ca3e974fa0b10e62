"""Importing the shop's Uniones sheet (CONTRACT §2.9) with the spool import's guarantees: a
realistic messy workbook (title block, odd headers, MR(93) workers, Excel serial and
DD-MM-YYYY HH:MM:SS times, totals and notes) reported row by row; all or nothing; dry run =
real; twice = once; export → import unchanged; the spool sheet's union columns computed on
export and never trusted on import. SQLite here, PostgreSQL at the end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.infra.auth import ADMIN_HEADERS
from tests.infra.containers import build_test_container
from tests.transfer.workbooks import write_csv, write_xlsx
from zeues.adapters.sql.tables import unions
from zeues.api.app import create_app
from zeues.container import Container
from zeues.domain.model import Rol, Spool, Worker
from zeues.services.transfer.files import run_export, run_import
from zeues.services.transfer.report import ImportReport

SANTIAGO = ZoneInfo("America/Santiago")

HEADER = [
    "ID", " ot ", "N Union", "Tag Spool", "DN_UNION", "Tipo Unión", "arm fecha inicio",
    "ARM_FECHA_FIN", "arm_worker", "SOL_FECHA_INICIO", "sol fecha fin", "SOL_WORKER",
    "NDT_UNION", "R_NDT_UNION", "NDT_FECHA", "NDT_STATUS", "Comentario",
]  # fmt: skip


Work = tuple[object, object, object]  # inicio, fin, worker
NONE: Work = (None, None, None)


def row(
    n: object, tag: object, dn: object, tipo: object, arm: Work = NONE, sold: Work = NONE,
    ndt: tuple[object, ...] = (None,) * 4,
) -> list[object]:  # fmt: skip
    return [f"{tag}-{n}", "OT-9", n, tag, dn, tipo, *arm, *sold, *ndt, None]


ARM_DT = datetime(2026, 1, 9, 8, 0)  # a date-time cell (naive: shop time)
MESSY: list[list[Any]] = [
    ["MAESTRANZA DEL SUR — Registro de uniones", *[None] * 16],  # 1: a title block
    ["Proyecto 1335", *[None] * 16],  # 2
    HEADER,  # 3
    # 4, 5, 6: fine — a datetime cell, an Excel serial with a time, text times, a comma decimal
    row(1, "MK-001", 2, "bw", (ARM_DT, ARM_DT, "MR(93)"), (None, "10-01-2026 14:05:00", "JP(94)"),
        ("RT", "OK", "12/01/2026", "APROBADO")),
    row(2.0, "mk-001 ", "3,5", "SO", (None, 46031.5, "MR(93)")),
    row(3, "MK-001", 1, "MIT"),
    row(4, "MK-001", 0, "BW"),  # 7: DN out of range
    row(5, "MK-001", 2, "BW", sold=(None, "10-01-2026 10:00", "JP(94)")),  # 8: SOLD without ARM
    row(1, "MK-002", 4, "MIT", ("09-01-2026 08:00", "09-01-2026 09:00", "MR(93)"),
        (None, "09-01-2026 11:00", "JP(94)")),  # 9: MIT takes no SOLD
    row(2, "MK-002", 4, "BW", (None, "09-01-2026 09:00", "Mauricio")),  # 10: name without id
    row(1, "MK-404", 2, "BW"),  # 11: no such spool
    row(3, "MK-002", 1.5, "SO"),  # 12: repeated union (also 13)
    row(3, "MK-002", 1.5, "SO"),  # 13
    row(4, "MK-002", 6, "BR", (None, "01-01-2031 08:00:00", "MR(93)")),  # 14: future
    row(5, "MK-002", 6, "BR", (None, "09-01-2026 08:00", "XX(999)")),  # 15: unknown worker
    [None] * 17,  # 16: blank
    ["TOTAL", None, None, None, 33, *[None] * 12],  # 17: a total row
    row(6, "MK-002", 24, "LET", ("12-01-2026 07:00", "2026-01-12 07:30", "93")),  # 18: fine
    row("x", "MK-002", 2, "BW"),  # 19: N_UNION not a number
    row(7, "MK-002", 2, "BW", (None, "31-02-2026 10:00", "MR(93)")),  # 20: no such date
]  # fmt: skip
BAD = {
    (7, "DN_UNION", "fuera de rango"),
    (8, "sol fecha fin", "SOLD sin ARM"),
    (9, "SOL_WORKER", "no lleva soldadura"),
    (10, "arm_worker", "MR(93)"),
    (11, "Tag Spool", "el spool no existe"),
    (12, "N Union", "unión repetida"),
    (13, "N Union", "unión repetida"),
    (14, "ARM_FECHA_FIN", "futuro"),
    (15, "arm_worker", "trabajador 999 no existe"),
    (19, "N Union", "número entero"),
    (20, "ARM_FECHA_FIN", "no existe en el calendario"),
}
GOOD = ["MK-001#1", "MK-001#2", "MK-001#3", "MK-002#6"]


def _seed(c: Container) -> None:
    with c.store.write() as tx:
        tx.upsert_worker(Worker(93, "Mauricio", "Rodriguez", (Rol.ARMADOR, Rol.SOLDADOR)))
        tx.upsert_worker(Worker(94, "Juan", "Perez", (Rol.ARMADOR, Rol.SOLDADOR)))
        for tag in ("MK-001", "MK-002"):
            tx.insert_spool(Spool(tag, fecha_materiales=date(2026, 1, 2)))


@pytest.fixture
def shop(empty: Container) -> Container:
    _seed(empty)
    return empty


def _state(c: Container) -> list[dict[str, Any]]:
    with c.store.read() as conn:
        stmt = select(unions).order_by(unions.c.tag_spool, unions.c.n_union)
        return [dict(r) for r in conn.execute(stmt).mappings()]


def _problems(report: ImportReport) -> set[tuple[int, str, str]]:
    return {(r.row, e.column, e.reason) for r in report.invalid for e in r.errors}


def _matches(found: set[tuple[int, str, str]]) -> bool:
    return len(found) == len(BAD) and all(
        any(r == row and c == col and part in reason for r, c, reason in found)
        for row, col, part in BAD
    )


def test_each_bad_row_is_reported_and_nothing_is_written(shop: Container, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "uniones.xlsx", MESSY, sheet="Uniones")
    report = run_import(shop.transfer(), path, "uniones")
    assert _matches(_problems(report)), sorted(_problems(report))
    assert report.keys("new") == GOOD
    assert report.header_row == 3 and report.title_rows == 2 and report.blank_rows == 1
    assert [(r.row, r.outcome) for r in report.rows if r.outcome == "skipped"] == [(17, "skipped")]
    assert report.ignored_columns == [" ot ".strip(), "Comentario"]
    assert not report.applied and _state(shop) == []


def test_skip_invalid_keeps_the_valid_rows_with_their_times_and_workers(
    shop: Container, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "uniones.xlsx", MESSY, sheet="Uniones")
    report = run_import(shop.transfer(), path, "uniones", skip_invalid=True)
    assert report.applied and report.event_id is not None
    rows = {(r["tag_spool"], r["n_union"]): r for r in _state(shop)}
    assert sorted(rows) == [("MK-001", 1), ("MK-001", 2), ("MK-001", 3), ("MK-002", 6)]
    first = rows[("MK-001", 1)]
    assert (first["dn_decimas"], first["tipo_union"], first["id_externo"]) == (20, "BW", "MK-001-1")
    assert first["arm_worker_id"] == 93 and first["arm_worker"] == "MR(93)"
    assert first["arm_fecha_fin"] == ARM_DT.replace(tzinfo=SANTIAGO)
    assert first["sold_worker"] == "JP(94)" and first["sold_fecha_inicio"] is None
    assert first["sold_fecha_fin"] == datetime(2026, 1, 10, 14, 5, tzinfo=SANTIAGO)
    assert (first["ndt_union"], first["ndt_fecha"], first["ndt_status"]) == (
        "RT",
        date(2026, 1, 12),
        "APROBADO",
    )
    serial = rows[("MK-001", 2)]  # 46031.5 = 2026-01-09 12:00
    assert serial["dn_decimas"] == 35
    assert serial["arm_fecha_fin"] == datetime(2026, 1, 9, 12, 0, tzinfo=SANTIAGO)
    assert rows[("MK-002", 6)]["arm_worker"] == "MR(93)"  # the server's name for a bare 93
    assert rows[("MK-001", 3)]["arm_fecha_fin"] is None


def test_a_dry_run_reports_exactly_what_the_import_does(shop: Container, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "uniones.xlsx", MESSY, sheet="Uniones")
    dry = run_import(shop.transfer(), path, "uniones", dry_run=True, skip_invalid=True)
    assert _state(shop) == [] and not dry.applied
    real = run_import(shop.transfer(), path, "uniones", skip_invalid=True)
    outcome = [(r.row, r.key, r.outcome, r.columns, r.errors) for r in real.rows]
    assert [(r.row, r.key, r.outcome, r.columns, r.errors) for r in dry.rows] == outcome


def test_twice_is_once_and_a_blank_cell_keeps_recorded_progress(
    shop: Container, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "uniones.xlsx", MESSY, sheet="Uniones")
    assert run_import(shop.transfer(), path, "uniones", skip_invalid=True).applied
    before = _state(shop)
    again = run_import(shop.transfer(), path, "uniones", skip_invalid=True)
    assert again.counts()["unchanged"] == len(GOOD) and not again.applied
    assert again.event_id is None and _state(shop) == before
    # An older sheet without MK-001 #1's SOLD does not erase it; a new DN does change it.
    older = [HEADER, row(1, "MK-001", 2.5, "BW")]
    changed = run_import(
        shop.transfer(), write_csv(tmp_path / "o.csv", older, ";", "utf-8"), "uniones"
    )
    assert changed.rows[0].outcome == "updated" and changed.rows[0].columns == ("DN_UNION",)
    first = _state(shop)[0]
    assert first["dn_decimas"] == 25 and first["sold_worker"] == "JP(94)"


def test_export_imports_back_unchanged_and_spool_totals_are_computed(
    shop: Container, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "uniones.xlsx", MESSY, sheet="Uniones")
    assert run_import(shop.transfer(), path, "uniones", skip_invalid=True).applied
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"u.{fmt}"
        assert run_export(shop.transfer(), "uniones", fmt, out) == len(GOOD)  # type: ignore[arg-type]
        back = run_import(shop.transfer(), out, "uniones")
        assert back.counts()["unchanged"] == len(GOOD) and not back.invalid, back.message
    spools_out = tmp_path / "s.csv"
    run_export(shop.transfer(), "spools", "csv", spools_out)
    lines = spools_out.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    first = dict(zip(header, lines[1].split(";"), strict=False))
    # MK-001: 3 unions, armed 2 + 3.5, welded 2; the spool sheet's columns are computed
    totals = (first["Total_Uniones"], first["Pulgadas_ARM"], first["Pulgadas_SOLD"])
    assert totals == ("3", "5.5", "2.0")
    # ... and never trusted on import: a tampered total changes nothing
    tampered = spools_out.read_text(encoding="utf-8-sig").replace(";3;", ";99;", 1)
    spools_out.write_text(tampered, encoding="utf-8")
    assert run_import(shop.transfer(), spools_out, "spools").counts()["updated"] == 0


@pytest.fixture
def pg(pg_database_url: str, tmp_path: Path) -> Iterator[Container]:
    c = build_test_container(pg_database_url, tmp_path, events_poll_seconds=0)
    yield c
    c.close()


def test_the_union_import_on_postgres(pg: Container, tmp_path: Path) -> None:
    _seed(pg)
    path = write_xlsx(tmp_path / "uniones.xlsx", MESSY, sheet="Uniones")
    assert not run_import(pg.transfer(), path, "uniones").applied and _state(pg) == []
    assert run_import(pg.transfer(), path, "uniones", skip_invalid=True).applied
    assert len(_state(pg)) == len(GOOD)
    out = tmp_path / "u.xlsx"
    run_export(pg.transfer(), "uniones", "xlsx", out)
    assert run_import(pg.transfer(), out, "uniones").counts()["unchanged"] == len(GOOD)
    assert pg.read.unions("MK-001")[0].arm is not None


def test_the_admin_import_and_export_routes_take_uniones(shop: Container, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "uniones.xlsx", MESSY, sheet="Uniones")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with TestClient(create_app(container=shop)) as client:

        def upload(**form: str) -> Any:
            return client.post(
                "/api/admin/import", headers=ADMIN_HEADERS, data={"kind": "uniones", **form},
                files={"file": ("uniones.xlsx", path.read_bytes(), xlsx)},
            )  # fmt: skip

        refused = upload()
        assert refused.status_code == 200 and not refused.json()["applied"]
        assert refused.json()["kind"] == "uniones" and _state(shop) == []
        done = upload(skip_invalid="true")
        assert done.status_code == 200 and done.json()["applied"], done.text
        assert len(_state(shop)) == len(GOOD)
        exported = client.get("/api/admin/export/uniones?format=csv", headers=ADMIN_HEADERS)
        assert exported.status_code == 200
        assert exported.text.lstrip("\ufeff").startswith("ID;OT;N_UNION;TAG_SPOOL;DN_UNION")
