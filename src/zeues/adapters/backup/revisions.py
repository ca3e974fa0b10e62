"""The Alembic migration levels this version of ZEUES knows, to judge a copy's level."""

from __future__ import annotations

from functools import cache

from alembic.config import Config
from alembic.script import ScriptDirectory


@cache
def known() -> tuple[str, ...]:
    """Every revision, oldest first (the last is the head this code migrates to)."""
    cfg = Config()
    cfg.set_main_option("script_location", "zeues:migrations")
    script = ScriptDirectory.from_config(cfg)
    return tuple(reversed([r.revision for r in script.walk_revisions()]))


def head() -> str:
    return known()[-1]
