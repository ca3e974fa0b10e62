"""Reading a sheet's rows: where its header row is (below a title block, if there is one), and
its data rows as cells by field. The rules per row are in domain/transfer/."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from zeues.domain import errors
from zeues.domain.transfer.headers import HeaderError, HeaderMap, match_headers, names_column
from zeues.domain.transfer.limits import MAX_CELL_CHARS, MAX_ROWS, cell_too_big, too_many_rows
from zeues.domain.transfer.spool_rows import cell_text
from zeues.domain.transfer.summary_rows import not_a_record
from zeues.services.transfer.ports import Table

# A title block above the headers (company, project, date...) is a few rows, never this many.
HEADER_SEARCH_ROWS = 30


def blank(cells: Sequence[object]) -> bool:
    return not any(cell_text(c) for c in cells)


@dataclass(frozen=True)
class Header:
    row: int
    map: HeaderMap
    title_rows: int  # non-blank rows above it


def find_header(
    table: Table, headers: dict[str, str], aliases: dict[str, str], required: str
) -> Header:
    """The first row naming the required column, within the first HEADER_SEARCH_ROWS non-blank
    rows; the rows above it are a title block."""
    first: tuple[int, Sequence[object]] | None = None
    seen = 0
    for number, cells in table.rows():
        if blank(cells):
            continue
        _check_cells(number, cells, HeaderMap({}, {}, {}))
        first = first or (number, cells)
        if names_column(cells, headers, aliases, required):
            try:
                return Header(number, match_headers(cells, headers, aliases, required), seen)
            except HeaderError as exc:
                raise errors.ArchivoNoValido(f"Hoja «{table.name}», fila {number}: {exc}") from exc
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise errors.ArchivoNoValido(f"La hoja «{table.name}» está vacía.")
    try:
        match_headers(first[1], headers, aliases, required)
    except HeaderError as exc:
        raise errors.ArchivoNoValido(
            f"Hoja «{table.name}»: {exc} Se buscó en las primeras {seen} filas con datos."
        ) from exc
    raise AssertionError("names_column and match_headers disagree")  # pragma: no cover


def records(
    table: Table, header_row: int, hmap: HeaderMap
) -> Iterator[tuple[int, dict[str, object], dict[str, object]]]:
    """(row, known cells by field, extra cells by header) of every data row; a blank row
    yields two empty dicts. A file beyond MAX_ROWS data rows, or with a cell beyond
    MAX_CELL_CHARS, is refused (ArchivoNoValido) as soon as it is read that far."""
    data_rows = 0
    for number, cells in table.rows():
        if number <= header_row:
            continue
        if blank(cells):
            yield number, {}, {}
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            raise errors.ArchivoNoValido(too_many_rows(), {"max_rows": MAX_ROWS})
        _check_cells(number, cells, hmap)
        known = {f: cells[i] for i, f in hmap.known.items() if i < len(cells)}
        extra = {h: cells[i] for i, h in hmap.extra.items() if i < len(cells)}
        yield number, known, extra


def _check_cells(number: int, cells: Sequence[object], hmap: HeaderMap) -> None:
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            column = hmap.extra.get(index) or hmap.labels.get(hmap.known.get(index, ""), "")
            raise errors.ArchivoNoValido(
                cell_too_big(number, column or f"{index + 1}", len(cell)),
                {"max_cell_chars": MAX_CELL_CHARS},
            )


def not_a_row_of(
    key_field: str, known: dict[str, object], extra: dict[str, object]
) -> tuple[str, str] | None:
    """(the row's key as written, what the row is) for a total, subtotal or note; else None."""
    key = cell_text(known.get(key_field))
    others = [cell_text(v) for f, v in known.items() if f != key_field]
    kind = not_a_record(key, [*others, *(cell_text(v) for v in extra.values())])
    if kind is None:
        return None
    return key or next((t for t in others if t), ""), kind
