"""Start `zeues serve --demo` as a real process on a free port, as a user would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.infra.processes import zeues_env, zeues_serve

ADMIN_TOKEN = "live-admin-token-0123456789"


@contextmanager
def live_server(
    workdir: Path, *, workers: int = 1, admin_token: str = ADMIN_TOKEN, **env: str
) -> Iterator[str]:
    """The demo on SQLite in `workdir`, with ZEUES_* overrides from `env` (Redis only when
    `env` names ZEUES_REDIS_URL)."""
    redis_url = env.pop("ZEUES_REDIS_URL", None)
    settings = zeues_env(f"sqlite:///{workdir}/live.db", redis_url, admin_token, **env)
    with zeues_serve(settings, workdir, workers=workers, args=("--demo",)) as base:
        yield base
