"""The import/export SQL on PostgreSQL (JSON extra column, locked reads, audit insert)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.infra.containers import build_test_container
from tests.transfer.workbooks import MESSY_GOOD, database_state, messy_rows, write_xlsx
from zeues.container import Container
from zeues.services.transfer.files import run_export, run_import


@pytest.fixture
def pg(pg_database_url: str, tmp_path: Path) -> Iterator[Container]:
    c = build_test_container(pg_database_url, tmp_path, events_poll_seconds=0)
    yield c
    c.close()


def test_import_and_round_trip_on_postgres(pg: Container, tmp_path: Path) -> None:
    assert pg.store.engine.dialect.name == "postgresql"
    path = write_xlsx(tmp_path / "m.xlsx", messy_rows())
    before = database_state(pg)
    assert not run_import(pg.transfer(), path, "spools").applied
    assert database_state(pg) == before
    assert run_import(pg.transfer(), path, "spools", skip_invalid=True).applied
    rows, _, events = database_state(pg)
    assert {r["tag_spool"] for r in rows} == MESSY_GOOD and events == 1
    out = tmp_path / "a.csv"
    run_export(pg.transfer(), "spools", "csv", out)
    again = run_import(pg.transfer(), out, "spools")
    assert again.counts()["unchanged"] == len(MESSY_GOOD) and not again.applied
    assert database_state(pg)[0] == rows


def test_an_import_in_several_steps_is_all_or_nothing_on_postgres(
    pg: Container, tmp_path: Path
) -> None:
    """Issue 19: 450 rows are three steps of their own transactions; one bad row in the last
    step still keeps the whole file out, and a clean file goes in with one audit event."""
    lines = ["TAG_SPOOL;NV;Fecha_Materiales"]
    lines += [f"PG-{i:04d};NV-1;{'01-01-2099' if i == 440 else ''}" for i in range(1, 451)]
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = database_state(pg)
    report = run_import(pg.transfer(), bad, "spools")
    assert not report.applied and report.counts()["invalid"] == 1
    assert database_state(pg) == before
    good = tmp_path / "good.csv"
    good.write_text("\n".join(lines[:440] + lines[441:]) + "\n", encoding="utf-8")
    assert run_import(pg.transfer(), good, "spools").applied
    rows, _, events = database_state(pg)
    assert len(rows) == len(before[0]) + 449 and events == before[2] + 1


def test_notas_import_once_and_export_back_on_postgres(pg: Container, tmp_path: Path) -> None:
    rows = [
        ["TAG_SPOOL", "Fecha_Materiales", "Notas"],
        ["PG-NT-1", "01-11-2026", "Falta soporte\n[01-11-2026 08:00 · MR(93)] Revisar plano"],
    ]
    path = write_xlsx(tmp_path / "n.xlsx", rows)
    assert run_import(pg.transfer(), path, "spools").applied
    assert not run_import(pg.transfer(), path, "spools").applied  # twice = once
    out = tmp_path / "out.xlsx"
    run_export(pg.transfer(), "spools", "xlsx", out)
    assert run_import(pg.transfer(), out, "spools").counts()["unchanged"] == 1
    assert [(n.texto, n.autor) for n in pg.read.notes("PG-NT-1")] == [
        ("Falta soporte", None),
        ("Revisar plano", "MR(93)"),
    ]
