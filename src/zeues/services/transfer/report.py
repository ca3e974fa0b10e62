"""What an import did (or, in a dry run, would do), row by row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from zeues.domain.transfer.spool_rows import RowError

Outcome = Literal["new", "updated", "unchanged", "invalid"]


@dataclass(frozen=True)
class RowOutcome:
    row: int
    key: str  # TAG_SPOOL or worker Id as written
    outcome: Outcome
    columns: tuple[str, ...] = ()
    errors: tuple[RowError, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "key": self.key,
            "outcome": self.outcome,
            "columns": list(self.columns),
            "errors": [
                {"row": self.row, "column": e.column, "value": e.value, "reason": e.reason}
                for e in self.errors
            ],
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
    applied: bool = False
    event_id: int | None = None
    message: str = ""

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    def counts(self) -> dict[str, int]:
        found = {o: self.count(o) for o in ("new", "updated", "unchanged", "invalid")}
        return {"rows": len(self.rows), **found, "blank": self.blank_rows}

    @property
    def invalid(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.outcome == "invalid"]

    def as_dict(self) -> dict[str, Any]:
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
            "rows": [r.as_dict() for r in self.rows],
        }
