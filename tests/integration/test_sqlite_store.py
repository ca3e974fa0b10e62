"""The SQL store on a real SQLite file: migrations, append-only audit, conditional writes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from tests.infra.containers import (
    AUDIT_REWRITES,
    NOTE_REWRITES,
    audit_rows_after_a_rewrite_attempt,
    head_revision,
    notes_after_a_rewrite_attempt,
)
from zeues.adapters.sql.migrate import upgrade
from zeues.container import Container
from zeues.domain import occupation as rules
from zeues.domain.model import Operacion

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_migrations_can_run_again_on_an_up_to_date_database(container: Container) -> None:
    upgrade(container.store.engine)
    with container.store.engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == head_revision()


def test_sqlite_runs_in_wal_mode(container: Container) -> None:
    with container.store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"


@pytest.mark.parametrize("statement", AUDIT_REWRITES, ids=["update", "delete"])
def test_the_database_refuses_to_rewrite_the_audit_trail(
    container: Container, statement: str
) -> None:
    assert audit_rows_after_a_rewrite_attempt(container, "TEST-01", 93, NOW, statement) >= 1


@pytest.mark.parametrize("statement", NOTE_REWRITES, ids=["update", "delete"])
def test_the_database_refuses_to_edit_or_delete_a_note(
    container: Container, statement: str
) -> None:
    assert notes_after_a_rewrite_attempt(container, "TEST-01", NOW, statement) == 1


def test_a_write_based_on_a_stale_version_updates_nothing(container: Container) -> None:
    with container.store.write() as tx:
        spool, worker = tx.get_spool_and_worker("TEST-02", 93)
        assert spool and worker
        first = rules.tomar(spool, worker, Operacion.ARM, NOW, 3600)
        assert tx.save_spool(spool, first.after, NOW)
    other = container.read.worker(94)
    assert other
    with container.store.write() as tx:
        # Decided on the old row (free, version 1): the conditional update must not apply.
        second = rules.tomar(spool, other, Operacion.ARM, NOW, 3600)
        assert not tx.save_spool(spool, second.after, NOW)
    current = container.read.spool("TEST-02")
    assert current and current.holder and current.holder.worker_id == 93
