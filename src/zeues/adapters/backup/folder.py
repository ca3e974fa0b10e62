"""The backup folder: names, listing, pruning, and the lock that lets one process of several
take a copy at a time. A copy is written under a temporary name and renamed to a backup's
name only once it passed its checks, so every file with a backup's name is a good copy."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from zeues.services.backups import BackupFile

PREFIX = "zeues-"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^zeues-(\d{8}-\d{6})\.(db|dump)$")
LOCK = ".backup.lock"


def name_for(taken_at: datetime, suffix: str) -> str:
    return f"{PREFIX}{taken_at.astimezone(UTC).strftime(_STAMP)}.{suffix}"


def ensure(folder: Path) -> Path:
    """The folder, created private (0700) if missing: a copy holds the whole audit trail."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def backups(folder: Path) -> list[BackupFile]:
    """Good copies in `folder`, oldest first."""
    if not folder.exists():
        return []
    found = []
    for entry in os.scandir(folder):
        matched = _NAME.match(entry.name)
        if matched is None or not entry.is_file():
            continue
        taken = datetime.strptime(matched.group(1), _STAMP).replace(tzinfo=UTC)
        found.append(BackupFile(Path(entry.path), taken, entry.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at)


def prune(folder: Path, keep: int) -> list[Path]:
    old = backups(folder)[:-keep] if keep > 0 else []
    for backup in old:
        backup.path.unlink(missing_ok=True)
    return [b.path for b in old]


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def exclusive(folder: Path) -> Iterator[bool]:
    """True while this process holds the folder's copy lock; False when another has it (the
    other worker processes of one `zeues serve` each run the schedule). The lock ends with
    the process, however it ends."""
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _lock(fd):
            yield False
            return
        try:
            yield True
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def partial_path(folder: Path, final: str) -> Path:
    return folder / f".{final}.{os.getpid()}.partial"


def private(path: Path) -> None:
    """Only this user reads a copy (0600)."""
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def take(
    folder: Path, now: datetime, suffix: str, write: Callable[[Path], None]
) -> BackupFile | None:
    """One copy into `folder`: `write` fills (and checks) a private temporary file, which gets
    a backup's name only if it raised nothing. None when another process is taking one."""
    ensure(folder)
    with exclusive(folder) as mine:
        if not mine:
            return None
        final = name_for(now, suffix)
        partial = partial_path(folder, final)
        partial.unlink(missing_ok=True)
        try:
            partial.touch(mode=0o600)
            write(partial)
            target = folder / final
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        private(target)
        return BackupFile(target, now.replace(microsecond=0), target.stat().st_size)
