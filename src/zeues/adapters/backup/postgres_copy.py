"""PostgreSQL copies with pg_dump (custom format: consistent, taken in one snapshot while the
server keeps writing), and the restore with pg_restore. A copy is checked by restoring it
into a scratch database on the same server first: its migration level and audit events are
read there before the real database is touched."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import psycopg

from zeues.adapters.backup import folder as f
from zeues.services.backups import BackupFile, CopyCheck

SUFFIX = "dump"
TIMEOUT_SECONDS = 3600


class ToolMissing(RuntimeError):
    pass


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as libpq reads it (`postgresql+psycopg://` → `postgresql://`)."""
    return "postgresql://" + url.split("://", 1)[1]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ToolMissing(
            f"no se encuentra `{name}`: instale el cliente de PostgreSQL (postgresql-client) "
            "en este servidor"
        )
    return found


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else args[0])


def take(url: str, folder: Path, now: datetime) -> BackupFile | None:
    def dump(partial: Path) -> None:
        _run([_tool("pg_dump"), "--format=custom", f"--file={partial}", libpq_url(url)])
        _run([_tool("pg_restore"), "--list", str(partial)])  # readable to the end

    return f.take(folder, now, SUFFIX, dump)


def _database_url(url: str, name: str) -> str:
    base, _, query = libpq_url(url).partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")


@contextmanager
def _scratch(url: str) -> Iterator[str]:
    """An empty database beside the real one, dropped afterwards."""
    name = f"zeues_restore_check_{uuid.uuid4().hex[:12]}"
    admin = _database_url(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _database_url(url, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def read_check(url: str) -> CopyCheck:
    """The migration level and audit events of the database at `url`."""
    with psycopg.connect(libpq_url(url)) as conn:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        events = conn.execute("SELECT count(*) FROM audit_events").fetchone()
    return CopyCheck("ok", revision[0] if revision else None, int(events[0]) if events else 0)


def check(backup: Path, url: str) -> CopyCheck:
    try:
        _run([_tool("pg_restore"), "--list", str(backup)])
    except RuntimeError as exc:
        return CopyCheck(f"pg_restore no puede leer la copia ({exc})", None, 0)
    with _scratch(url) as scratch:
        try:
            _run([_tool("pg_restore"), "--no-owner", f"--dbname={scratch}", str(backup)])
            return read_check(scratch)
        except (RuntimeError, psycopg.Error) as exc:
            return CopyCheck(f"la copia no se restaura ({exc})", None, 0)


def restore(backup: Path, url: str) -> None:
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={libpq_url(url)}",
            str(backup),
        ]
    )
