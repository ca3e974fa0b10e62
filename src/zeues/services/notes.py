"""Notes on a spool (CONTRACT §2.9): appended through the command path, in the transaction of
their audit event; never changed or deleted."""

from __future__ import annotations

from dataclasses import replace

from zeues.domain import notes as rules
from zeues.services.not_found import spool_not_found, worker_not_found
from zeues.services.ports import ReadModel
from zeues.services.runner import Runner


def agregar(
    runner: Runner, tag: str, texto: str, autor: str | None, worker_id: int | None
) -> rules.Note:
    spool, worker = runner.tx.get_spool_and_worker(tag, worker_id)  # the spool row locked
    if spool is None:
        raise spool_not_found(tag)
    if worker_id is not None and (worker is None or not worker.activo):
        raise worker_not_found(worker_id)
    note, draft = rules.nota(spool, texto, autor, worker, runner.clock())
    note_id = runner.tx.add_note(note)
    runner.drafts.append(replace(draft, metadata={**draft.metadata, "nota_id": note_id}))
    return replace(note, id=note_id)


def notas(read: ReadModel, tag: str) -> list[rules.Note]:
    if read.spool(tag) is None:
        raise spool_not_found(tag)
    return read.notes(tag)
