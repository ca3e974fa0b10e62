"""Supervisor overrides, test-spool reset and admin upserts (CONTRACT §2.7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from fnmatch import fnmatchcase
from typing import Any

from zeues.domain import errors, supervision
from zeues.domain.model import Change, EventDraft, EventoTipo, Spool, Worker
from zeues.domain.tags import clean_tag
from zeues.domain.unions import Union, parse_dn
from zeues.services.not_found import spool_not_found
from zeues.services.runner import Outcome, Runner


def stored_tag(runner: Runner, tag: str) -> str:
    """The stored spool a supervisor names: as written (a tag imported before the tag rule,
    issue 19, stays reachable), else in its normalised form (`mk–001` is `MK-001`)."""
    if runner.tx.get_spool(tag) is not None:
        return tag
    return clean_tag(tag)


def liberar(runner: Runner, tag: str, supervisor_id: int, motivo: str) -> Outcome:
    def decide(spool: Spool, worker: Worker, now: datetime) -> Change:
        return supervision.liberar(spool, worker, motivo, now)

    return runner.run(tag, supervisor_id, decide)


def desbloquear(runner: Runner, tag: str, supervisor_id: int, motivo: str) -> Outcome:
    def decide(spool: Spool, worker: Worker, now: datetime) -> Change:
        return supervision.desbloquear(spool, worker, motivo, now)

    return runner.run(tag, supervisor_id, decide)


def reset(runner: Runner, tag: str, today: date) -> Outcome:
    pattern = runner.policy.test_spool_pattern
    if not fnmatchcase(tag, pattern):
        raise errors.ResetNoPermitido(
            f"Solo se pueden reiniciar spools de prueba ({pattern}); {tag} no lo es.",
            {"tag_spool": tag, "pattern": pattern},
        )

    def decide(spool: Spool, now: datetime) -> Change:
        return supervision.reset(spool, now, today)

    outcome = runner.run_spool(tag, decide)
    # A fresh spool has no union done either (the unions themselves stay: they are the drawing).
    rows = runner.tx.get_unions(tag)
    if any(u.arm or u.sold for u in rows):
        runner.tx.put_unions(tag, [replace(u, arm=None, sold=None) for u in rows])
    return outcome


def put_unions(runner: Runner, tag: str, rows: list[tuple[int, float, str]]) -> int:
    """Replaces a test spool's unions (smoke tests, `zeues e2e`): only for tags matching
    ZEUES_TEST_SPOOL_PATTERN, like the reset; audited as an IMPORTACION of the spool."""
    _check_test_spool(runner, tag)
    spool = runner.tx.get_spool(tag)  # the row locked, as every union writer locks it first
    if spool is None:
        raise spool_not_found(tag)
    try:
        unions = [Union(tag, n, parse_dn(dn), tipo.upper()) for n, dn, tipo in rows]
    except ValueError as exc:
        raise errors.UnionNoValida(f"Uniones no válidas para {tag}: {exc}.") from exc
    runner.tx.put_unions(tag, unions)
    runner.drafts.append(
        EventDraft(
            evento_tipo=EventoTipo.IMPORTACION,
            tag_spool=tag,
            worker_id=None,
            worker_nombre=None,
            operacion=None,
            accion="UNIONES",
            timestamp=runner.clock(),
            metadata={"tipo": "uniones", "uniones": len(unions)},
        )
    )
    return len(unions)


def _check_test_spool(runner: Runner, tag: str) -> None:
    pattern = runner.policy.test_spool_pattern
    if not fnmatchcase(tag, pattern):
        raise errors.ResetNoPermitido(
            f"Solo se pueden cambiar spools de prueba ({pattern}); {tag} no lo es.",
            {"tag_spool": tag, "pattern": pattern},
        )


MASTER_FIELDS = frozenset({"fecha_materiales", "nv", "ot", "proyecto"})


def upsert_spool(runner: Runner, tag: str, fields: dict[str, Any]) -> bool:
    """Creates a fresh spool or updates the master data given (others are kept). True when
    created. Work state is never touched here: that only changes through audited commands."""
    unknown = set(fields) - MASTER_FIELDS
    assert not unknown, f"not master data: {unknown}"
    tx = runner.tx
    current = tx.get_spool(tag)
    if current is None:
        tx.insert_spool(Spool(tag_spool=tag, **fields))
        return True
    updated = current.evolve(**fields, version=current.version + 1)
    if not tx.save_spool(current, updated, runner.clock()):
        raise errors.ConflictoConcurrente("El spool cambió mientras se actualizaba.")
    return False


def upsert_worker(runner: Runner, worker: Worker) -> bool:
    return runner.tx.upsert_worker(worker)
