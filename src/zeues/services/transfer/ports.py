"""What imports and exports need from files and the database (implemented by adapters)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Literal, Protocol

from zeues.domain.model import AuditEvent, EventDraft, Spool, Worker
from zeues.domain.notes import Note
from zeues.domain.unions import Union
from zeues.services.ports import WriteTx

Extra = dict[str, str]
Format = Literal["csv", "xlsx"]


class Table(Protocol):
    name: str

    def rows(self) -> Iterator[tuple[int, Sequence[object]]]:
        """(row number in the file, cell values); may be called again to re-read."""
        ...


class Book(Protocol):
    def table(self, sheet: str | None, defaults: Sequence[str]) -> Table: ...
    def optional(self, name: str) -> Table | None: ...


class ImportTx(Protocol):
    def spools_by_tag(self, tags: Sequence[str]) -> dict[str, tuple[Spool, Extra]]:
        """The stored spools (locked for this transaction) and their extra columns."""
        ...

    def insert_spools(self, rows: Sequence[tuple[Spool, Extra]]) -> None: ...
    def update_spools(self, rows: Sequence[tuple[Spool, Extra]]) -> None: ...
    def workers_by_id(self, ids: Iterable[int]) -> dict[int, Worker]: ...
    def unions_by_tag(self, tags: Sequence[str]) -> dict[str, list[Union]]:
        """The stored unions of these spools (their spool rows already locked)."""
        ...

    def upsert_unions(self, rows: Sequence[Union]) -> None: ...
    def notes_by_tag(self, tags: Sequence[str]) -> dict[str, list[Note]]:
        """The stored notes of these spools (their spool rows already locked), oldest first."""
        ...

    def add_notes(self, rows: Sequence[Note]) -> list[int]:
        """Appends the notes; their ids, in the same order."""
        ...

    def upsert_worker(self, worker: Worker) -> bool: ...
    def add_events(self, drafts: Sequence[EventDraft]) -> list[AuditEvent]: ...


class ImportStore(Protocol):
    def transaction(self) -> AbstractContextManager[ImportTx]: ...
    def within(self, tx: WriteTx) -> ImportTx:
        """The import's view of a command's open write transaction."""
        ...


class ExportSource(Protocol):
    def extra_headers(self) -> list[str]: ...
    def spools(self) -> Iterator[tuple[Spool, Extra]]: ...
    def events(self) -> Iterator[AuditEvent]: ...
    def workers(self) -> list[Worker]: ...
    def unions(self) -> Iterator[Union]:
        """Every union, by spool and number."""
        ...

    def union_totals(self) -> dict[str, tuple[int, int, int]]:
        """Per spool with unions: (how many, tenths of an inch armed, tenths welded)."""
        ...

    def notes_by_tag(self) -> dict[str, list[Note]]:
        """Every spool's notes, oldest first."""
        ...


# Opens a file to import (xlsx or csv) under the name the supervisor knows it by (an upload is
# saved under a temporary name that no message may show); closed when the `with` ends.
OpenBook = Callable[[Path, str], AbstractContextManager[Book]]
# Writes a table as xlsx or csv: (path, format, sheet name, header, rows) -> number of data rows.
WriteTable = Callable[[Path, Format, str, Sequence[str], Iterable[Sequence[object]]], int]
