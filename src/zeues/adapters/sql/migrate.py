"""Run Alembic migrations programmatically (`zeues db upgrade`, and `serve` on start)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect, text

from zeues.adapters.sql.connections import writer
from zeues.adapters.sql.engine import make_engine
from zeues.config import Settings

_LOCK_ID = 7_350_012  # arbitrary: serialises concurrent upgrades from several processes


def upgrade(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", "zeues:migrations")
    with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def initialised(settings: Settings) -> bool:
    """Whether the configured database already holds ZEUES (its migration table). A missing
    SQLite file is reported as such, never created to find out."""
    path = settings.sqlite_file
    if path is not None and not path.exists():
        return False
    engine = make_engine(settings)
    try:
        with engine.connect() as conn:
            return inspect(conn).has_table("alembic_version")
    finally:
        engine.dispose()
