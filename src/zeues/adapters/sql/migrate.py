"""Run Alembic migrations programmatically (`zeues db upgrade`, and `serve` on start)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from zeues.adapters.sql.connections import writer

_LOCK_ID = 7_350_012  # arbitrary: serialises concurrent upgrades from several processes


def upgrade(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", "zeues:migrations")
    with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
