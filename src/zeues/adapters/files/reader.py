"""Streams the rows of an xlsx sheet or a csv file, twice if asked (the importer scans once,
then imports), never holding the whole book in memory: openpyxl read-only mode, csv reader.

CSV as Spanish shops save it: `;` or `,` (detected from the header line), UTF-8 with or
without BOM, or Windows-1252."""

from __future__ import annotations

import codecs
import csv
import pickle
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from zeues.domain.errors import ArchivoNoValido
from zeues.domain.transfer.cells import unescape
from zeues.domain.transfer.headers import normalize
from zeues.domain.transfer.limits import csv_cell_too_big

_CHUNK = 1 << 20
_ROWS_PER_CHUNK = 1000
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}


def _bad(message: str) -> ArchivoNoValido:
    return ArchivoNoValido(message)


class SheetTable:
    """Parsing xlsx XML is most of an import's time, and the importer reads the sheet twice:
    the first complete read also pickles the rows, in chunks, to a temporary file, and later
    reads stream that file instead (same values, a fraction of the cost, memory still flat)."""

    def __init__(self, book: Workbook, sheet: str) -> None:
        self.book, self.name = book, sheet
        self._cache: IO[bytes] | None = None

    def rows(self) -> Iterator[tuple[int, Sequence[object]]]:
        if self._cache is not None:
            yield from self._cached()
            return
        # Closed by close(), or below when this read stops early (the header lookup).
        cache = tempfile.TemporaryFile()  # noqa: SIM115
        chunk: list[tuple[object, ...]] = []
        complete = False
        number = 0
        try:
            for number, values in enumerate(self._parsed(), 1):
                chunk.append(values)
                if len(chunk) == _ROWS_PER_CHUNK:
                    pickle.dump(chunk, cache, pickle.HIGHEST_PROTOCOL)
                    chunk = []
                yield number, values
            pickle.dump(chunk, cache, pickle.HIGHEST_PROTOCOL)
            complete = True
        finally:
            if complete:
                self._cache = cache  # only a read that reached the end is kept
            else:
                cache.close()

    def _parsed(self) -> Iterator[tuple[object, ...]]:
        rows = self.book[self.name].iter_rows(values_only=True)
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # any malformed part of the sheet's XML
                raise _bad(
                    f"La hoja «{self.name}» del libro está dañada y no se pudo leer ({exc})."
                ) from exc
            yield values

    def _cached(self) -> Iterator[tuple[int, Sequence[object]]]:
        assert self._cache is not None
        self._cache.seek(0)
        number = 0
        while True:
            try:
                chunk: list[tuple[object, ...]] = pickle.load(self._cache)
            except EOFError:
                return
            for values in chunk:
                number += 1
                yield number, values

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None


class CsvTable:
    def __init__(self, path: Path, name: str) -> None:
        self.path, self.name = path, name
        self.encoding = _encoding(path)
        self.delimiter = _delimiter(path, self.encoding)

    def rows(self) -> Iterator[tuple[int, Sequence[object]]]:
        with self.path.open(encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            try:
                # The apostrophe our export puts before a formula-like text comes off again.
                for number, cells in enumerate(reader, start=1):
                    yield number, [unescape(cell) for cell in cells]
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    raise _bad(csv_cell_too_big(reader.line_num)) from exc
                raise _bad(
                    f"El CSV está mal formado cerca de la fila {reader.line_num}: {exc}."
                ) from exc


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    # What Excel for Windows saves as "CSV (delimitado por comas)" is Windows-1252.
    for encoding in ("utf-8", "cp1252"):
        if _decodes(path, encoding):
            return encoding
    raise _bad("El CSV no está en UTF-8 ni en Windows-1252 (¿es un archivo binario?).")


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(_CHUNK):
                if b"\x00" in chunk:  # UTF-16 or binary: no text column may hold a NUL
                    raise _bad(
                        "El CSV contiene bytes nulos: guárdelo como CSV UTF-8 o Windows-1252."
                    )
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _delimiter(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="") as handle:
        for line in handle:
            if line.strip():
                counts = {sep: line.count(sep) for sep in (";", ",", "\t")}
                best = max(counts, key=lambda sep: counts[sep])
                return best if counts[best] else ","
    return ","


class Book:
    """A file to import: an xlsx workbook or a csv (one table)."""

    def __init__(self, path: Path, name: str | None = None) -> None:
        self.path = path
        self.name = name or path.name  # as the supervisor knows the file (not a temp name)
        self.is_xlsx = path.suffix.lower() in _XLSX_SUFFIXES or _is_zip(path)
        named_xlsx = path.suffix.lower() in _XLSX_SUFFIXES
        if path.suffix.lower() == ".xls" or _magic(path) == _OLE2:
            raise _bad(
                f"«{self.name}» es un libro de Excel 97-2003 (.xls), un formato que no se lee: "
                "ábralo en Excel y guárdelo como .xlsx o .csv."
            )
        self.sheets: list[str] = []
        self._book: Workbook | None = None
        self._handle: IO[bytes] | None = None
        self._tables: list[SheetTable] = []
        if self.is_xlsx:
            try:
                # By content, not by name: a real xlsx renamed .csv is read as the xlsx it is
                # (openpyxl refuses a path whose name does not end in .xlsx; a handle it reads).
                self._handle = None if named_xlsx else path.open("rb")
                source: Path | IO[bytes] = self._handle or path
                self._book = load_workbook(source, read_only=True, data_only=True)
            except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
                self.close()
                raise _bad(
                    "El archivo no es un libro Excel (.xlsx) válido."
                    if named_xlsx
                    else f"«{self.name}» es un archivo comprimido (ZIP), no un libro Excel "
                    "(.xlsx) ni un CSV."
                ) from exc
            self.sheets = list(self._book.sheetnames)

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        for table in self._tables:
            table.close()
        if self._book is not None:
            self._book.close()
            self._book = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _sheet(self, name: str) -> SheetTable:
        assert self._book is not None, "Book closed"
        self._tables.append(SheetTable(self._book, name))
        return self._tables[-1]

    def table(self, sheet: str | None, defaults: Sequence[str]) -> SheetTable | CsvTable:
        if not self.is_xlsx:
            return CsvTable(self.path, self.name)
        if sheet is not None:
            found = self._find(sheet)
            if found is None:
                raise _bad(
                    f"No existe la hoja «{sheet}». Hojas del libro: {', '.join(self.sheets)}."
                )
            return self._sheet(found)
        for name in defaults:
            if (found := self._find(name)) is not None:
                return self._sheet(found)
        return self._sheet(self.sheets[0])

    def optional(self, name: str) -> SheetTable | None:
        found = self._find(name) if self.is_xlsx else None
        return self._sheet(found) if found else None

    def _find(self, name: str) -> str | None:
        wanted = normalize(name)
        return next((s for s in self.sheets if normalize(s) == wanted), None)


_OLE2 = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (and other old Office files)


def _magic(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(4)


def _is_zip(path: Path) -> bool:
    return _magic(path) == b"PK\x03\x04"
