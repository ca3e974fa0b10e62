"""The import of the shop's Uniones sheet (CONTRACT §2.9), with the spool import's guarantees
(importing.py): read and checked outside any transaction, then written in one; a dry run runs
the same writes and rolls back; importing the same file twice changes nothing the second time;
every row has its outcome and reasons; by default all or nothing."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, tzinfo

from zeues.domain.transfer.spool_rows import RowError
from zeues.domain.transfer.union_rows import (
    UNION_ALIASES,
    UNION_HEADERS,
    UnionRow,
    decide_union,
    read_union,
)
from zeues.domain.unions import Union
from zeues.services.transfer.importing import ImportPlan, ImportRequest, Progress, _skipped
from zeues.services.transfer.ports import Book, ImportTx
from zeues.services.transfer.report import ImportReport, Outcome, RowOutcome
from zeues.services.transfer.sheet import find_header, records

# Read but not imported: a union's OT is its spool's.
IGNORED_FIELDS = ("ot",)


def plan_unions(
    book: Book,
    request: ImportRequest,
    now: datetime,
    tz: tzinfo,
    tipos_sold: frozenset[str],
    progress: Progress | None = None,
) -> ImportPlan:
    table = book.table(request.sheet, ["Uniones"])
    header = find_header(table, UNION_HEADERS, UNION_ALIASES, "tag_spool")
    hmap = header.map
    labels = hmap.labels
    report = ImportReport(
        "uniones", request.file_name, request.sha256, table.name, request.dry_run,
        request.skip_invalid,
    )  # fmt: skip
    report.header_row, report.title_rows = header.row, header.title_rows
    report.recognized = [labels[f] for f in labels if f not in IGNORED_FIELDS]
    report.ignored_columns = [labels[f] for f in labels if f in IGNORED_FIELDS]
    report.ignored_columns += list(hmap.extra.values())  # unions keep no extra columns

    parsed: list[UnionRow] = []
    for number, known, extra in records(table, header.row, hmap):
        if not known:
            report.blank_rows += 1
            continue
        if _skipped(report, number, "tag_spool", known, extra, "unión"):
            continue
        parsed.append(read_union(number, known, labels, now, tz))
    keys = Counter((r.tag, r.n_union) for r in parsed if r.n_union is not None)
    for row in parsed:
        if row.n_union is not None and keys[(row.tag, row.n_union)] > 1:
            others = [str(r.row) for r in parsed if (r.tag, r.n_union) == (row.tag, row.n_union)]
            row.errors.append(
                RowError(
                    labels.get("n_union", "N_UNION"),
                    str(row.n_union),
                    f"unión repetida en el spool {row.tag} (filas {', '.join(others)}); "
                    "deje una sola fila por unión",
                )
            )

    def write_rows(tx: ImportTx) -> None:
        _write(tx, parsed, report, labels, tipos_sold)
        if progress:
            progress(len(parsed), len(parsed))

    # One step: a Uniones sheet is a few thousand rows, written in one transaction.
    return ImportPlan(request, report, now, [write_rows])


def _write(
    tx: ImportTx,
    parsed: list[UnionRow],
    report: ImportReport,
    labels: dict[str, str],
    tipos_sold: frozenset[str],
) -> None:
    tags = sorted({r.tag for r in parsed if r.tag and not r.errors})
    spools = tx.spools_by_tag(tags)  # locked in tag order, as every writer locks them
    stored = tx.unions_by_tag(tags)
    ids = [w[0] for r in parsed for w in r.work.values() if w[0] is not None]
    workers = tx.workers_by_id(ids)
    changed: dict[str, dict[int, Union]] = {}
    for row in parsed:
        if row.tag and row.tag not in spools and not row.errors:
            row.errors.append(
                RowError(
                    labels.get("tag_spool", "TAG_SPOOL"),
                    row.tag,
                    "el spool no existe: importe primero la hoja de spools",
                )
            )
        existing = {u.n_union: u for u in stored.get(row.tag, [])}
        decision = decide_union(row, existing.get(row.n_union or 0), workers, tipos_sold, labels)
        if decision.errors or decision.after is None:
            report.rows.append(RowOutcome(row.row, row.key, "invalid", (), decision.errors))
        elif decision.new or decision.changed:
            changed.setdefault(row.tag, {})[decision.after.n_union] = decision.after
            outcome: Outcome = "new" if decision.new else "updated"
            report.rows.append(RowOutcome(row.row, row.key, outcome, decision.changed))
        else:
            report.rows.append(RowOutcome(row.row, row.key, "unchanged"))
    if changed:
        tx.upsert_unions([u for rows in changed.values() for u in rows.values()])
