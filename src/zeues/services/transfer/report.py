"""What an import did (or, in a dry run, would do), row by row."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal

from zeues.domain.transfer.limits import shown
from zeues.domain.transfer.spool_rows import RowError

Outcome = Literal["new", "updated", "unchanged", "invalid", "skipped"]
Via = Literal["cli", "consola"]
# The real names of "import only the valid rows" where the supervisor is (issue 20).
SKIP_ADVICE: dict[Via, str] = {
    "cli": "vuelva a ejecutar con --skip-invalid para importar solo las válidas",
    "consola": "marque «Omitir filas inválidas e importar el resto» para importar solo las válidas",
}
NOUNS = {
    "spools": ("spool", "spools"),
    "workers": ("trabajador", "trabajadores"),
    "uniones": ("unión", "uniones"),
}
FEMININE = frozenset({"uniones"})
SHOWN_NEW = 20  # new rows listed by name in a review


@dataclass(frozen=True)
class RowOutcome:
    row: int
    key: str  # TAG_SPOOL or worker Id as written
    outcome: Outcome
    columns: tuple[str, ...] = ()
    errors: tuple[RowError, ...] = ()
    reason: str = ""  # why a skipped row is not a record

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", shown(self.key))  # echoed: cut to a sane length

    def as_dict(self, first_rows: dict[tuple[str, str, str], int] | None = None) -> dict[str, Any]:
        """`first_rows`: where each problem shared by many rows (a repeated tag) was first
        given in full; the later rows refer to it instead of repeating it."""
        errors = []
        for e in self.errors:
            reason = e.reason
            if e.once and first_rows is not None:
                first = first_rows.setdefault((e.column, e.value, e.reason), self.row)
                if first != self.row:
                    reason = f"TAG repetido: ver la fila {first}"
            errors.append({"row": self.row, "column": e.column, "value": e.value, "reason": reason})
        return {
            "row": self.row,
            "key": self.key,
            "outcome": self.outcome,
            "columns": list(self.columns),
            "reason": self.reason or None,
            "errors": errors,
        }


@dataclass
class ImportReport:
    kind: str
    file_name: str
    sha256: str
    sheet: str
    dry_run: bool
    skip_invalid: bool
    rows: list[RowOutcome] = field(default_factory=list)
    recognized: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    blank_rows: int = 0
    header_row: int = 1
    title_rows: int = 0  # non-blank rows above the header row (a title block)
    applied: bool = False
    event_id: int | None = None
    message: str = ""
    # Writing after a check pass found every row valid (ImportPlan.checks_first): a row refused
    # now changed on the floor in between; the rows before it are already in.
    writing: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    def counts(self) -> dict[str, int]:
        kinds: tuple[Outcome, ...] = ("new", "updated", "unchanged", "invalid", "skipped")
        found: dict[str, int] = {o: self.count(o) for o in kinds}
        return {"rows": len(self.rows), **found, "blank": self.blank_rows}

    def keys(self, outcome: Outcome) -> list[str]:
        return [r.key for r in self.rows if r.outcome == outcome]

    @property
    def invalid(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.outcome == "invalid"]

    def problems(self) -> Iterator[tuple[RowOutcome, RowError]]:
        """Each problem of each invalid row, a problem shared by many rows (a repeated tag,
        whose reason names its count and first rows) only at its first row: the listing stays
        linear in the rows, however many rows repeat one tag."""
        listed: set[tuple[str, str, str]] = set()
        for row in self.rows:
            if row.outcome != "invalid":
                continue
            for error in row.errors:
                if error.once:
                    key = (error.column, error.value, error.reason)
                    if key in listed:
                        continue
                    listed.add(key)
                yield row, error

    def listed(self, max_rows: int | None) -> list[RowOutcome]:
        """The rows an answer lists: all, or at most `max_rows`, invalid and skipped rows
        (what the supervisor must act on) before the others, in file order."""
        if max_rows is None or len(self.rows) <= max_rows:
            return self.rows
        first = [r for r in self.rows if r.outcome in ("invalid", "skipped")][:max_rows]
        if len(first) < max_rows:
            rest = (r for r in self.rows if r.outcome not in ("invalid", "skipped"))
            first += list(islice(rest, max_rows - len(first)))
        return sorted(first, key=lambda r: r.row)

    def as_dict(self, max_rows: int | None = None) -> dict[str, Any]:
        listed = self.listed(max_rows)
        first_rows: dict[tuple[str, str, str], int] = {}
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "sheet": self.sheet,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "applied": self.applied,
            "message": self.message,
            "counts": self.counts(),
            "columns": {
                "recognized": self.recognized,
                "extra": self.extra_columns,
                "ignored": self.ignored_columns,
            },
            "audit_event_id": self.event_id,
            "header_row": self.header_row,
            "title_rows": self.title_rows,
            "new_keys": self.keys("new")[:SHOWN_NEW],
            "rows": [r.as_dict(first_rows) for r in listed],
            "rows_total": len(self.rows),
            "rows_truncated": len(listed) < len(self.rows),
        }


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _verb(report: ImportReport, stem: str, count: int) -> str:
    """`se crearía(n)` in a review, `se creó`/`se crearon` after an import (stem `crea`...)."""
    if report.dry_run:
        return f"se {stem}ría" + ("" if count == 1 else "n")
    return f"se {stem[:-1]}ó" if count == 1 else f"se {stem}ron"


def summary(report: ImportReport, via: Via) -> str:
    """What the import did, or a review would do, in words that cannot be misread."""
    one, many = NOUNS.get(report.kind, ("registro", "registros"))
    nuevo = "nueva" if report.kind in FEMININE else "nuevo"
    new, updated = report.count("new"), report.count("updated")
    invalid, skipped = report.count("invalid"), report.count("skipped")
    if invalid and not report.skip_invalid and not report.writing:
        head = "Tal como está, no se importaría nada" if report.dry_run else "No se importó nada"
        return (
            f"{head}: {_n(invalid, 'fila no válida', 'filas no válidas')}. Corrija esas filas, "
            f"o {SKIP_ADVICE[via]}."
        )
    unchanged = report.count("unchanged")
    parts = [
        *(
            [f"{_verb(report, 'crea', new)} {_n(new, one + ' ' + nuevo, many + ' ' + nuevo + 's')}"]
            if new
            else []
        ),
        *([f"{_verb(report, 'actualiza', updated)} {_n(updated, one, many)}"] if updated else []),
        *([f"{_n(unchanged, 'fila', 'filas')} sin cambios"] if unchanged else []),
    ]
    done = ", ".join(parts) if parts else "nada que crear ni actualizar"
    text = ("Revisión: " if report.dry_run else "Importación: ") + done + "."
    if invalid and report.writing:
        text += (
            f" {_n(invalid, 'fila cambió', 'filas cambiaron')} en el taller mientras se "
            "importaba y no se importó: vuelva a importar el archivo para completarla."
            if invalid == 1
            else f" {_n(invalid, 'fila cambió', 'filas cambiaron')} en el taller mientras se "
            "importaba y no se importaron: vuelva a importar el archivo para completarlas."
        )
    elif invalid:
        left = ("no se importaría" if report.dry_run else "no importada") + (
            "" if invalid == 1 else ("n" if report.dry_run else "s")
        )
        text += f" {_n(invalid, 'fila no válida', 'filas no válidas')} ({left})."
    if skipped:
        text += f" {_n(skipped, 'fila omitida', 'filas omitidas')} (totales o notas)."
    return text
