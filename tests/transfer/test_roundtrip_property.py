"""Property: export → import into an empty database → export gives the same file (extra
columns included), and importing twice is importing once."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.transfer.conftest import Factory
from tests.transfer.workbooks import database_state, write_xlsx
from zeues.services.transfer.files import run_export, run_import

START = date(2024, 1, 1)
EXTRA = ["Diámetro", "Cliente", "Observación"]
_text = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N"), include_characters=" -ñÁ"),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def spool_row(draw: st.DrawFn, tag: str) -> list[Any]:
    """A self-consistent row: every stage needs the one before, dates in order."""
    stage = draw(st.integers(0, 4))  # 0 nothing, 1 materials, 2 ARM, 3 SOLD, 4 inspected
    day = START + timedelta(days=draw(st.integers(0, 600)))
    dates: list[date | None] = []
    for n in range(4):
        dates.append(day if stage > n else None)
        day += timedelta(days=draw(st.integers(0, 30)))
    as_text = draw(st.booleans())  # dates as text cells or as real date cells
    shown = [d.strftime("%d-%m-%Y") if (d and as_text) else d for d in dates]
    armador = draw(st.sampled_from(["MR(93)", None])) if stage >= 2 else None
    soldador = draw(st.sampled_from(["JP(94)", None])) if stage >= 3 else None
    extras = [draw(st.one_of(st.none(), _text)) for _ in EXTRA]
    return [
        tag,
        draw(st.one_of(st.none(), _text)),
        None,
        None,
        shown[0],
        armador,
        shown[1],
        soldador,
        shown[2],
        shown[3],
        *extras,
    ]


@st.composite
def sheets(draw: st.DrawFn) -> list[list[Any]]:
    count = draw(st.integers(1, 8))
    tags = [
        f"MK-{n:03d}"
        for n in draw(st.lists(st.integers(0, 999), min_size=count, max_size=count, unique=True))
    ]
    header = [
        "TAG_SPOOL",
        "NV",
        "OT",
        "Proyecto",
        "Fecha_Materiales",
        "Armador",
        "Fecha_Armado",
        "Soldador",
        "Fecha_Soldadura",
        "Fecha_QC_Metrología",
        *EXTRA,
    ]
    return [header, *[draw(spool_row(tag)) for tag in tags]]


def _values(path: Path) -> list[tuple[Any, ...]]:
    book = load_workbook(path, read_only=True)
    try:
        return list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    finally:
        book.close()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=sheets())
def test_export_import_export_is_the_same_file(
    rows: list[list[Any]], make_empty: Factory, tmp_path_factory: Any
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    first = make_empty()
    source = write_xlsx(folder / "src.xlsx", rows)
    report = run_import(first.transfer(), source, "spools")
    assert report.applied, report.as_dict()
    for fmt in ("csv", "xlsx"):
        exported = folder / f"a.{fmt}"
        run_export(first.transfer(), "spools", fmt, exported)  # type: ignore[arg-type]
        second = make_empty()  # an empty database for each format
        run_import(second.transfer(), exported, "spools")
        again = folder / f"b.{fmt}"
        run_export(second.transfer(), "spools", fmt, again)  # type: ignore[arg-type]
        if fmt == "csv":
            assert again.read_bytes() == exported.read_bytes()
        else:
            assert _values(again) == _values(exported)
    state = database_state(first)
    repeat = run_import(first.transfer(), source, "spools")
    assert repeat.counts()["unchanged"] == len(rows) - 1 and not repeat.applied
    assert database_state(first) == state
