"""A container of the app for tests that build their own instead of the root `container`
fixture (the suite's admin token and a FakeClock, plus the settings a test cares about), and
checks both SQL backends share."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_TOKEN
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.container import Container
from zeues.domain import notes, occupation
from zeues.domain.model import Operacion
from zeues.services.ports import StoreRefused


def build_test_container(database_url: str, data_dir: Path, **settings: Any) -> Container:
    full = Settings(
        database_url=database_url, data_dir=data_dir, admin_token=ADMIN_TOKEN, **settings
    )
    return build(full, clock=FakeClock())


AUDIT_REWRITES = ["UPDATE audit_events SET worker_id = 1", "DELETE FROM audit_events"]


def audit_rows_after_a_rewrite_attempt(
    c: Container, tag: str, worker_id: int, now: datetime, statement: str
) -> int:
    """Writes one TOMAR ARM with its audit event, checks the database refuses `statement` on
    the audit trail, and returns how many audit rows there are afterwards."""
    with c.store.write() as tx:
        spool, worker = tx.get_spool_and_worker(tag, worker_id)
        assert spool and worker
        change = occupation.tomar(spool, worker, Operacion.ARM, now, 3600)
        assert tx.save_spool(spool, change.after, now)
        tx.add_events(change.events)
    with pytest.raises(StoreRefused, match="append-only"), c.store.write() as tx:
        tx.conn.execute(text(statement))
    with c.store.engine.connect() as conn:
        count: int = conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one()
    return count


NOTE_REWRITES = ["UPDATE notes SET texto = 'otra cosa'", "DELETE FROM notes"]


def notes_after_a_rewrite_attempt(c: Container, tag: str, now: datetime, statement: str) -> int:
    """Appends one note with its audit event, checks the database refuses `statement` on the
    notes (StoreRefused, the command path's 503, never a 500), and returns how many notes with
    their first text there are afterwards."""
    with c.store.write() as tx:
        spool, _ = tx.get_spool_and_worker(tag, None)
        assert spool
        note, draft = notes.nota(spool, "Falta soporte", "Planificación", None, now)
        tx.add_note(note)
        tx.add_events([draft])
    with pytest.raises(StoreRefused, match="append-only"), c.store.write() as tx:
        tx.conn.execute(text(statement))
    with c.store.engine.connect() as conn:
        count: int = conn.execute(
            text("SELECT count(*) FROM notes WHERE texto = 'Falta soporte'")
        ).scalar_one()
    return count


def head_revision() -> str:
    """The newest migration's id (the version an up-to-date database records)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", "zeues:migrations")
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head
