"""SQLite copies with the online backup API: a consistent snapshot taken while the server
keeps writing (in WAL mode a reader never blocks the writer), checked with
`PRAGMA integrity_check` before it gets a backup's name; and the restore, which checks the
copy the same way before it replaces anything."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from zeues.adapters.backup import folder as f
from zeues.services.backups import BackupFile, CopyCheck

SUFFIX = "db"


@contextlib.contextmanager
def _open(path: Path, *, read_only: bool) -> Iterator[sqlite3.Connection]:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    conn = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def copy(source: Path, target: Path) -> None:
    """`source` as it is now into the new file `target`, a single file (no WAL beside it)."""
    with _open(source, read_only=False) as src, _open(target, read_only=False) as dst:
        # One step (pages=-1): the copy is the snapshot of one read transaction.
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")


def check(path: Path) -> CopyCheck:
    """What the copy at `path` holds; a file that is not a ZEUES database says so in
    `integrity` instead of raising."""
    try:
        with _open(path, read_only=True) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            integrity = "ok" if rows == [("ok",)] else str(rows[0][0] if rows else "vacío")
            if integrity != "ok":
                return CopyCheck(integrity, None, 0)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not {"alembic_version", "audit_events"} <= tables:
                return CopyCheck("no es una base de datos de ZEUES", None, 0)
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            events = conn.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return CopyCheck(f"no se puede leer como SQLite ({exc})", None, 0)
    return CopyCheck("ok", revision[0] if revision else None, int(events))


def take(database: Path, folder: Path, now: datetime) -> BackupFile | None:
    def write(partial: Path) -> None:
        copy(database, partial)
        found = check(partial)
        if not found.ok:
            raise RuntimeError(f"la copia no pasó integrity_check: {found.integrity}")

    return f.take(folder, now, SUFFIX, write)


def restore(backup: Path, database: Path) -> None:
    """Replaces the content of `database` with `backup`'s, through SQLite (the backup API
    into the live file), so its WAL and other connections see one consistent change."""
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not database.exists():
        database.touch(mode=0o600)
    with _open(backup, read_only=True) as src, _open(database, read_only=False) as dst:
        src.backup(dst)
    f.private(database)
