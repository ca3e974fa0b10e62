"""The backup folder of the configured database, SQLite or PostgreSQL alike (BackupStore), and
the restore: check the copy, compare it with the database it would replace, keep a copy of
that database, then replace it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from zeues.adapters.backup import folder as f
from zeues.adapters.backup import postgres_copy, revisions, serving, sqlite_copy
from zeues.config import Settings
from zeues.services.backups import BackupFile, CopyCheck


class RestoreRefused(Exception):
    """The copy cannot or should not replace the database; nothing was changed."""


@dataclass
class DatabaseBackups:
    settings: Settings

    @property
    def folder(self) -> Path:
        return self.settings.backup_path

    def take(self, now: datetime) -> BackupFile | None:
        database = self.settings.sqlite_file
        if database is not None:
            return sqlite_copy.take(database, self.folder, now)
        if self.settings.is_sqlite:
            raise RuntimeError("una base SQLite en memoria no tiene copia")
        return postgres_copy.take(self.settings.database_url, self.folder, now)

    def latest(self) -> BackupFile | None:
        found = f.backups(self.folder)
        return found[-1] if found else None

    def prune(self, keep: int) -> list[Path]:
        return f.prune(self.folder, keep)

    def check(self, backup: Path) -> CopyCheck:
        if self.settings.sqlite_file is not None:
            return sqlite_copy.check(backup)
        return postgres_copy.check(backup, self.settings.database_url)

    def current(self) -> CopyCheck | None:
        """The database the copy would replace (None: missing or unreadable)."""
        database = self.settings.sqlite_file
        if database is not None:
            if not database.exists():
                return None
            found = sqlite_copy.check(database)
            return found if found.ok else None
        try:
            return postgres_copy.read_check(self.settings.database_url)
        except Exception:  # an empty or broken database: nothing to compare with
            return None


@dataclass(frozen=True)
class RestorePlan:
    backup: Path
    copy: CopyCheck
    current: CopyCheck | None

    @property
    def events_lost(self) -> int:
        return max(0, self.current.events - self.copy.events) if self.current else 0


def plan_restore(backups: DatabaseBackups, backup: Path) -> RestorePlan:
    """Checks `backup` (integrity, migration level, audit events) and reads the database it
    would replace. Raises RestoreRefused with the reason; changes nothing."""
    if not backup.is_file():
        raise RestoreRefused(f"No existe el archivo {backup}.")
    database = backups.settings.sqlite_file
    if database is not None and serving.served(database):
        raise RestoreRefused(
            f"`zeues serve` está sirviendo {database}: deténgalo (todos sus procesos) y repita."
        )
    found = backups.check(backup)
    if not found.ok:
        raise RestoreRefused(f"La copia {backup.name} no es válida: {found.integrity}.")
    known = revisions.known()
    if found.revision not in known:
        raise RestoreRefused(
            f"La copia {backup.name} está en la migración «{found.revision}», que esta versión "
            f"de ZEUES no conoce (conoce hasta {known[-1]}): restáurela con la versión que la "
            "hizo."
        )
    return RestorePlan(backup, found, backups.current())


def restore(backups: DatabaseBackups, plan: RestorePlan, now: datetime) -> BackupFile | None:
    """Keeps a copy of the current database (if it can be read), then replaces it with the
    plan's copy and checks the result. Returns the safety copy."""
    safety = backups.take(now) if plan.current is not None else None
    if plan.current is not None and safety is None:
        raise RestoreRefused(
            "Otro proceso está haciendo una copia de seguridad ahora mismo: reintente en un "
            "momento (y detenga `zeues serve` antes de restaurar)."
        )
    database = backups.settings.sqlite_file
    if database is not None:
        sqlite_copy.restore(plan.backup, database)
    else:
        postgres_copy.restore(plan.backup, backups.settings.database_url)
    after = backups.current()
    if after is None or after.events != plan.copy.events:
        raise RuntimeError(
            f"tras restaurar, la base no tiene los {plan.copy.events} eventos de la copia"
        )
    return safety
