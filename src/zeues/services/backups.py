"""Backups of the database (issue 19, item 8): what a copy is, where they are kept, the daily
schedule `zeues serve` runs, and what /api/health says about the last good one. The copying
itself (SQLite's online backup API, pg_dump) is the adapter's (adapters/backup/)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal, Protocol

from zeues.services.ports import Clock

log = logging.getLogger(__name__)

# Without a schedule, a backup older than this is reported as stale.
UNSCHEDULED_STALE_AFTER = timedelta(hours=48)
# How often the schedule looks whether a backup is due (a process may have been asleep).
CHECK_EVERY_SECONDS = 300.0


@dataclass(frozen=True)
class BackupFile:
    """A verified copy in the backup folder: only copies that passed their checks get a
    backup's name (a copy in progress or that failed has another), so each one found is good."""

    path: Path
    taken_at: datetime  # UTC, from the file name
    size: int


@dataclass(frozen=True)
class CopyCheck:
    """What a copy holds, read from the copy itself before anything relies on it."""

    integrity: str  # "ok", or the first problem found
    revision: str | None  # the Alembic migration level
    events: int  # audit events

    @property
    def ok(self) -> bool:
        return self.integrity == "ok"


class BackupStore(Protocol):
    """The backup folder of one database."""

    @property
    def folder(self) -> Path: ...

    def take(self, now: datetime) -> BackupFile | None:
        """A new verified copy (None: another process is taking one right now)."""
        ...

    def latest(self) -> BackupFile | None: ...

    def prune(self, keep: int) -> list[Path]:
        """Removes all but the newest `keep` copies; returns what it removed."""
        ...


BackupState = Literal["ok", "stale", "none", "error"]


@dataclass(frozen=True)
class BackupStatus:
    state: BackupState
    folder: str
    last_backup_at: datetime | None = None
    age_hours: float | None = None
    file: str | None = None
    error: str | None = None


@dataclass
class BackupSchedule:
    """Takes a copy whenever the newest one is older than `interval` (at start too), keeps the
    newest `keep`, and remembers the last failure for /api/health. Copies run on a thread: the
    event loop keeps serving while SQLite copies pages."""

    store: BackupStore
    clock: Clock
    interval: timedelta | None  # None: no copy by itself (only `zeues backup`)
    keep: int
    last_error: str | None = None
    _task: asyncio.Task[None] | None = None

    def due(self, now: datetime) -> bool:
        if self.interval is None:
            return False
        latest = self.store.latest()
        return latest is None or now - latest.taken_at >= self.interval

    def run_once(self) -> BackupFile | None:
        """Takes a copy if one is due; a failure is logged and reported, never raised."""
        now = self.clock()
        if not self.due(now):
            return None
        try:
            taken = self.store.take(now)
            if taken is not None:
                self.store.prune(self.keep)
                log.info("Copia de seguridad: %s (%d bytes)", taken.path, taken.size)
        except Exception as exc:  # a failed copy must never stop the floor
            self.last_error = f"{type(exc).__name__}: {str(exc)[:300]}"
            log.exception("La copia de seguridad falló (se reintenta más tarde)")
            return None
        self.last_error = None
        return taken

    async def start(self) -> None:
        if self.interval is not None:
            self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _loop(self) -> None:
        while True:
            await asyncio.to_thread(self.run_once)
            await asyncio.sleep(CHECK_EVERY_SECONDS)

    def status(self, now: datetime) -> BackupStatus:
        return backup_status(self.store, now, self.interval, self.last_error)


def backup_status(
    store: BackupStore,
    now: datetime,
    interval: timedelta | None,
    last_error: str | None = None,
) -> BackupStatus:
    """What /api/health says: the newest good copy and its age, stale past twice the
    interval, and the last scheduled attempt's failure if it failed."""
    folder = str(store.folder)
    try:
        latest = store.latest()
    except OSError as exc:
        return BackupStatus("error", folder, error=f"carpeta ilegible: {exc.strerror or exc}")
    if latest is None:
        return BackupStatus("error" if last_error else "none", folder, error=last_error)
    age = now - latest.taken_at
    stale_after = 2 * interval if interval is not None else UNSCHEDULED_STALE_AFTER
    state: BackupState = "stale" if age > stale_after else "ok"
    if last_error is not None:
        state = "error"
    return BackupStatus(
        state,
        folder,
        last_backup_at=latest.taken_at,
        age_hours=round(age.total_seconds() / 3600, 2),
        file=latest.path.name,
        error=last_error,
    )


StatusSource = Callable[[datetime], BackupStatus]
