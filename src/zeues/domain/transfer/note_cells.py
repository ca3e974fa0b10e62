"""The spool sheet's Notas cell (CONTRACT §2.9 Notas): one note per line.

The export writes each note as `[DD-MM-YYYY HH:MM · autor] texto`, oldest first (the author
part only when there is one); the import reads a line with that prefix as its author and text,
and any other line as the text of a note without author. A note whose text the spool already
has (spaces aside) is not added again, so importing a file twice adds its notes once and an
export imports back unchanged. Standard library only."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo

from zeues.domain.notes import MAX_AUTOR, MAX_TEXTO, Note
from zeues.domain.transfer.limits import thousands

# Excel's own limit is 32,767 characters a cell: an export cell stays well below it.
MAX_EXPORT_CHARS = 32_000
_PREFIX = re.compile(r"^\[(\d{2}-\d{2}-\d{4} \d{2}:\d{2})(?: · (.*?))?\](.*)$")
_WHEN = "%d-%m-%Y %H:%M"


@dataclass(frozen=True)
class CellNote:
    texto: str
    autor: str | None


def same_text(texto: str) -> str:
    """What two notes must share to be the same note: their words (spaces and line breaks
    between them do not matter)."""
    return " ".join(texto.split())


def read_cell(text: str) -> tuple[list[CellNote], list[tuple[str, str]]]:
    """The notes a cell holds, and its problems as (line as written, reason in Spanish)."""
    found: list[CellNote] = []
    problems: list[tuple[str, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = same_text(raw)
        if not line:
            continue
        autor: str | None = None
        if match := _PREFIX.match(line):
            autor = (match[2] or "").strip() or None
            line = match[3].strip()
        if not line:
            problems.append((raw, f"la línea {number} de la nota no tiene texto después de «]»"))
        elif len(line) > MAX_TEXTO:
            reason = f"la nota de la línea {number} tiene más de {thousands(MAX_TEXTO)} caracteres"
            problems.append((raw, reason))
        elif autor is not None and len(autor) > MAX_AUTOR:
            reason = f"el autor de la línea {number} tiene más de {MAX_AUTOR} caracteres"
            problems.append((raw, reason))
        else:
            found.append(CellNote(line, autor))
    return found, problems


def new_notes(cell: Sequence[CellNote], stored: Iterable[str]) -> list[CellNote]:
    """The cell's notes whose text the spool does not have yet (nor an earlier line)."""
    seen = {same_text(t) for t in stored}
    fresh = []
    for note in cell:
        key = same_text(note.texto)
        if key not in seen:
            seen.add(key)
            fresh.append(note)
    return fresh


def note_line(note: Note, tz: tzinfo) -> str:
    when = note.timestamp.astimezone(tz).strftime(_WHEN)
    who = f" · {note.autor}" if note.autor else ""
    return f"[{when}{who}] {same_text(note.texto)}"


def export_cell(notes: Sequence[Note], tz: tzinfo) -> str | None:
    """The spool's notes as one cell, oldest first; when they do not fit in MAX_EXPORT_CHARS,
    the newest that fit (the whole list stays in GET /api/spools/{tag}/notas and the events
    export), so the cell always imports back."""
    lines: list[str] = []
    size = 0
    for note in reversed(notes):
        line = note_line(note, tz)
        size += len(line) + 1
        if size > MAX_EXPORT_CHARS:
            break
        lines.append(line)
    return "\n".join(reversed(lines)) or None
