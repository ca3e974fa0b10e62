"""The import use case: spreadsheet rows → spools or workers, in one transaction.

Two steps: a plan reads and checks the file outside any transaction (`plan_spools`,
`plan_workers`: the header, duplicate tags, month-first date columns, each row parsed), then
`apply` writes the plan in one transaction against the stored rows. The API runs `apply`
through the command path (api/routes/transfer.py), so parsing never holds the writer's turn.
A dry run and a real import run exactly the same code, writes included; only the end differs
(rollback or commit), so they cannot disagree."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import accumulate, islice

from zeues.domain import notes
from zeues.domain.errors import ArchivoNoValido
from zeues.domain.model import AuditEvent, EventDraft, EventoTipo, Spool, Worker
from zeues.domain.tags import clean_tag
from zeues.domain.transfer.dates import FechaInvalida, parse_fecha
from zeues.domain.transfer.headers import (
    ROLE_HEADERS,
    SPOOL_ALIASES,
    SPOOL_HEADERS,
    WORKER_ALIASES,
    WORKER_HEADERS,
    HeaderMap,
)
from zeues.domain.transfer.limits import MAX_EXTRA_COLUMNS, SHOWN_ROWS, repeated_tag
from zeues.domain.transfer.note_cells import CellNote, new_notes
from zeues.domain.transfer.spool_rows import (
    DATE_FIELDS,
    DERIVED_FIELDS,
    OCCUPATION_FIELDS,
    RowError,
    SpoolRow,
    cell_text,
    decide,
    read_row,
)
from zeues.domain.transfer.worker_rows import RoleChanges, decide_worker, read_role, read_worker
from zeues.services.ports import EventBus
from zeues.services.transfer.ports import Book, ImportStore, ImportTx, Table
from zeues.services.transfer.report import ImportReport, RowOutcome, Via, summary
from zeues.services.transfer.sheet import find_header, not_a_row_of, records

CHUNK = 500  # rows parsed at a time
WRITE_CHUNK = 200  # rows per write transaction (one step)
log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
IMPORT_TAG = "*"  # the audit event of an import is about a file, not one spool


@dataclass(frozen=True)
class ImportRequest:
    kind: str  # "spools" | "workers"
    file_name: str
    sha256: str
    sheet: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    with_occupation: bool = False
    via: Via = "cli"  # where the supervisor is: the advice names that screen's control


class _Rollback(Exception):
    """Ends the transaction without keeping anything (dry run, or invalid rows)."""


Step = Callable[[ImportTx], None]


@dataclass
class ImportPlan:
    """An import read and checked outside any transaction. Its `steps` write it, each at
    most WRITE_CHUNK rows in a transaction of its own, so the writer's turn (SQLite has one)
    is never held for long and tablets keep answering while a big file goes in (issue 19)."""

    request: ImportRequest
    report: ImportReport
    now: datetime
    steps: list[Step]
    planned_rows: int = 0  # report rows known from reading alone (totals and notes skipped)

    @property
    def checks_first(self) -> bool:
        """All or nothing over several transactions: every step is first run and rolled back,
        and only a file without invalid rows is then written."""
        return not self.request.dry_run and not self.request.skip_invalid and len(self.steps) > 1

    @property
    def keeps_steps(self) -> bool:
        """Whether a step's transaction is kept (committed): not in a dry run."""
        return not self.request.dry_run

    def checked(self) -> bool:
        """After the check pass: True when the write pass may start (no invalid row); the
        report is then emptied of the checked outcomes, which the write pass decides again."""
        if self.report.count("invalid"):
            return False
        del self.report.rows[self.planned_rows :]
        self.report.writing = True
        return True


def apply_last(plan: ImportPlan, tx: ImportTx) -> tuple[list[AuditEvent], bool]:
    """The last step (if any) and the end of the import in `tx`: the audit events written, and
    whether to keep the transaction (False: a dry run, or invalid rows in an all-or-nothing
    import)."""
    if plan.steps:
        plan.steps[-1](tx)
    try:
        return _finish(plan.report, plan.request, tx, plan.now), True
    except _Rollback:
        return [], False


def run(store: ImportStore, bus: EventBus, plan: ImportPlan) -> ImportReport:
    """The CLI's import: the steps in transactions of their own (see ImportPlan), then publish."""

    def step(write: Step, keep: bool) -> None:
        try:
            with store.transaction() as tx:
                write(tx)
                if not keep:
                    raise _Rollback
        except _Rollback:
            pass

    if plan.checks_first:
        for write in plan.steps:
            step(write, keep=False)
        if not plan.checked():
            plan.report.message = summary(plan.report, plan.request.via)
            return plan.report
    for write in plan.steps[:-1]:
        step(write, plan.keeps_steps)
    try:
        with store.transaction() as tx:
            saved, keep = apply_last(plan, tx)
            if not keep:
                raise _Rollback
    except _Rollback:
        return plan.report
    if saved:
        try:
            bus.publish(saved)
        except Exception:  # committed: live updates must not undo it
            log.exception("no se pudo publicar la importación")
    return plan.report


@dataclass
class _Seen:
    """A tag's rows: how many, and the first SHOWN_ROWS (memory per tag stays bounded)."""

    count: int
    first: list[int]


@dataclass
class _Scan:
    rows: int
    duplicates: dict[str, str]  # repeated tag → the one message every of its rows gets
    ambiguous: dict[str, int]


def _scan(table: Table, header_row: int, hmap: HeaderMap) -> _Scan:
    seen: dict[str, _Seen] = {}
    ambiguous: dict[str, int] = {}
    total = 0
    for number, known, extra in records(table, header_row, hmap):
        if not known or not_a_row_of("tag_spool", known, extra):
            continue
        total += 1
        tag = clean_tag(cell_text(known.get("tag_spool")))
        if tag:
            entry = seen.setdefault(tag, _Seen(0, []))
            entry.count += 1
            if len(entry.first) < SHOWN_ROWS:
                entry.first.append(number)
        for name in DATE_FIELDS:
            try:
                fecha = parse_fecha(known.get(name))
            except FechaInvalida:
                continue
            if fecha is not None and fecha.month_first:
                ambiguous.setdefault(name, number)
    repeated = {t: repeated_tag(s.count, s.first) for t, s in seen.items() if s.count > 1}
    return _Scan(total, repeated, ambiguous)


def _finish(
    report: ImportReport, request: ImportRequest, tx: ImportTx, now: datetime
) -> list[AuditEvent]:
    """Decides commit or rollback once every row was processed (identically in a dry run)."""
    invalid, changed = report.count("invalid"), report.count("new") + report.count("updated")
    saved: list[AuditEvent] = []
    if invalid and not request.skip_invalid and not report.writing:
        report.message = summary(report, request.via)
        raise _Rollback
    if changed and not request.dry_run:
        draft = EventDraft(
            evento_tipo=EventoTipo.IMPORTACION,
            tag_spool=IMPORT_TAG,
            worker_id=None,
            worker_nombre=None,
            operacion=None,
            accion="IMPORTAR",
            timestamp=now,
            metadata={
                "tipo": request.kind,
                "archivo": request.file_name,
                "sha256": request.sha256,
                "hoja": report.sheet,
                "omitir_no_validas": request.skip_invalid,
                "conteos": report.counts(),
            },
        )
        saved = tx.add_events([draft])
        report.event_id = saved[0].id
    report.message = summary(report, request.via)
    if request.dry_run:
        raise _Rollback
    report.applied = changed > 0
    return saved


def _skipped(
    report: ImportReport,
    number: int,
    key_field: str,
    known: dict[str, object],
    extra: dict[str, object],
    noun: str,
) -> bool:
    """Reports a total, subtotal or note row as skipped, with what it is (issue 20)."""
    found = not_a_row_of(key_field, known, extra)
    if found is None:
        return False
    key, kind = found
    reason = f"{kind}: no es un {noun}, se omite"
    report.rows.append(RowOutcome(number, key, "skipped", reason=reason))
    return True


def plan_spools(
    book: Book,
    request: ImportRequest,
    now: datetime,
    today: date,
    lease_ttl_seconds: int = 0,
    progress: Progress | None = None,
) -> ImportPlan:
    table = book.table(request.sheet, ["Operaciones"])
    header = find_header(table, SPOOL_HEADERS, SPOOL_ALIASES, "tag_spool")
    header_row, hmap = header.row, header.map
    if len(hmap.extra) > MAX_EXTRA_COLUMNS:
        raise ArchivoNoValido(
            f"La hoja «{table.name}» tiene {len(hmap.extra)} columnas adicionales: el máximo es "
            f"{MAX_EXTRA_COLUMNS}. Quite las columnas que no son del spool y vuelva a importar.",
            {"max_extra_columns": MAX_EXTRA_COLUMNS},
        )
    scan = _scan(table, header_row, hmap)
    report = ImportReport(
        "spools",
        request.file_name,
        request.sha256,
        table.name,
        request.dry_run,
        request.skip_invalid,
    )
    report.header_row, report.title_rows = header_row, header.title_rows
    skipped = set(DERIVED_FIELDS) | (set() if request.with_occupation else set(OCCUPATION_FIELDS))
    report.recognized = [hmap.labels[f] for f in hmap.labels if f not in skipped]
    report.ignored_columns = [hmap.labels[f] for f in hmap.labels if f in skipped]
    report.extra_columns = list(hmap.extra.values())
    labels = hmap.labels

    rows = records(table, header_row, hmap)
    chunks: list[list[SpoolRow]] = []
    while chunk := list(islice(rows, CHUNK)):
        parsed: list[SpoolRow] = []
        for number, known, extra in chunk:
            if not known:
                report.blank_rows += 1
                continue
            if _skipped(report, number, "tag_spool", known, extra, "spool"):
                continue
            row = read_row(number, known, extra, labels, today, scan.ambiguous)
            if (repeated := scan.duplicates.get(row.tag)) is not None:
                row.errors.append(RowError(labels["tag_spool"], row.tag, repeated, once=True))
            parsed.append(row)
        chunks.extend(parsed[i : i + WRITE_CHUNK] for i in range(0, len(parsed), WRITE_CHUNK))

    # The check pass of an all-or-nothing import only decides (ImportPlan.checks_first): rows
    # of different steps never depend on each other (a tag repeated is invalid), so nothing it
    # would write can change a later decision.
    checks = not request.dry_run and not request.skip_invalid and len(chunks) > 1

    def step(parsed: list[SpoolRow], done: int) -> Step:
        def write(tx: ImportTx) -> None:
            saves = not checks or report.writing
            _spool_chunk(tx, parsed, report, labels, now, request, lease_ttl_seconds, saves)
            if progress:
                progress(done, scan.rows)

        return write

    ends = list(accumulate(len(c) for c in chunks))
    steps = [step(parsed, done) for parsed, done in zip(chunks, ends, strict=True)]
    return ImportPlan(request, report, now, steps, len(report.rows))


def _spool_chunk(
    tx: ImportTx,
    parsed: list[SpoolRow],
    report: ImportReport,
    labels: dict[str, str],
    now: datetime,
    request: ImportRequest,
    ttl: int,
    saves: bool = True,
) -> None:
    stored = tx.spools_by_tag([r.tag for r in parsed if r.tag and not r.errors])
    stored_notes = tx.notes_by_tag([r.tag for r in parsed if r.notas and not r.errors])
    new, updated = [], []
    noted: list[tuple[Spool, list[CellNote]]] = []
    workers: dict[int, Worker] = {}

    def occupant(worker_id: str) -> Worker | None:
        wid = int(worker_id)
        if wid not in workers:
            workers.update(tx.workers_by_id([wid]))
        return workers.get(wid)

    for row in parsed:
        if row.errors:
            report.rows.append(RowOutcome(row.row, row.tag, "invalid", (), tuple(row.errors)))
            continue
        existing, extra = stored.get(row.tag, (None, {}))
        decision = decide(
            row, existing, extra, labels, now, occupant if request.with_occupation else None, ttl
        )
        adding = new_notes(row.notas, (n.texto for n in stored_notes.get(row.tag, [])))
        columns = tuple(labels.get(c, c) for c in decision.changed)
        if adding:
            columns += (labels["notas"],)
        if decision.errors:
            report.rows.append(RowOutcome(row.row, row.tag, "invalid", (), tuple(decision.errors)))
            continue
        if decision.new:
            new.append((decision.after, decision.extra))
            report.rows.append(RowOutcome(row.row, row.tag, "new", columns))
        elif decision.changed:
            updated.append((decision.after, decision.extra))
            report.rows.append(RowOutcome(row.row, row.tag, "updated", columns))
        elif adding:  # only notes: the spool itself (and its version) stays as it is
            report.rows.append(RowOutcome(row.row, row.tag, "updated", columns))
        else:
            report.rows.append(RowOutcome(row.row, row.tag, "unchanged"))
        if adding:
            noted.append((decision.after, adding))
    if new and saves:
        tx.insert_spools(new)
    if updated and saves:
        tx.update_spools(updated)
    if noted and saves:
        _add_notes(tx, noted, now, request.file_name)


def _add_notes(
    tx: ImportTx, noted: list[tuple[Spool, list[CellNote]]], now: datetime, file_name: str
) -> None:
    """Each note with its audit event NOTA, in the step's transaction (after its spool)."""
    made = [
        notes.nota(spool, cell_note.texto, cell_note.autor, None, now)
        for spool, adding in noted
        for cell_note in adding
    ]
    ids = tx.add_notes([note for note, _ in made])
    tx.add_events(
        [
            replace(draft, metadata={**draft.metadata, "nota_id": note_id, "archivo": file_name})
            for (_, draft), note_id in zip(made, ids, strict=True)
        ]
    )


def plan_workers(
    book: Book, request: ImportRequest, now: datetime, progress: Progress | None = None
) -> ImportPlan:
    table = book.table(request.sheet, ["Trabajadores"])
    header = find_header(table, WORKER_HEADERS, WORKER_ALIASES, "id")
    header_row, hmap = header.row, header.map
    report = ImportReport(
        "workers",
        request.file_name,
        request.sha256,
        table.name,
        request.dry_run,
        request.skip_invalid,
    )
    report.header_row, report.title_rows = header_row, header.title_rows
    report.recognized = list(hmap.labels.values())
    report.ignored_columns = list(hmap.extra.values())  # workers keep no extra columns
    roles = RoleChanges()
    roles_table = book.optional("Roles")
    if roles_table is not None and roles_table.name != table.name:
        roles_header = find_header(roles_table, ROLE_HEADERS, {}, "id")
        role_map = roles_header.map
        for number, known, _ in records(roles_table, roles_header.row, role_map):
            read_role(number, known, role_map.labels, roles)
    role_errors: dict[int, list[RowError]] = {}
    for number, error in roles.errors:
        role_errors.setdefault(number, []).append(error)

    rows = []
    for number, known, extra in records(table, header_row, hmap):
        if not known:
            report.blank_rows += 1
            continue
        if _skipped(report, number, "id", known, extra, "trabajador"):
            continue
        rows.append(read_worker(number, known, hmap.labels))

    def write_rows(tx: ImportTx) -> None:
        for number, errs in role_errors.items():
            report.rows.append(RowOutcome(number, f"Roles!{number}", "invalid", (), tuple(errs)))
        ids = [r.worker_id for r in rows if r.worker_id is not None]
        dupes = {i for i, n in Counter(ids).items() if n > 1}
        stored = tx.workers_by_id(ids)
        for row in rows:
            if row.worker_id in dupes:
                row.errors.append(
                    RowError(
                        hmap.labels["id"],
                        str(row.worker_id),
                        "Id repetido; deje una sola fila por trabajador",
                    )
                )
            after, changed, errs = decide_worker(
                row, stored.get(row.worker_id or 0), roles, hmap.labels
            )
            key = str(row.worker_id or "")
            if errs or after is None:
                report.rows.append(RowOutcome(row.row, key, "invalid", (), tuple(errs)))
            elif not changed:
                report.rows.append(RowOutcome(row.row, key, "unchanged"))
            else:
                created = tx.upsert_worker(after)
                report.rows.append(
                    RowOutcome(row.row, key, "new" if created else "updated", tuple(changed))
                )
        if progress:
            progress(len(rows), len(rows))

    # A workers sheet is a shop's staff, tens of rows: one step.
    return ImportPlan(request, report, now, [write_rows], len(report.rows))
