"""Whether a `zeues serve` is serving a SQLite database: each serving process holds a shared
flock on a file beside it for as long as it runs (released by the kernel however the process
ends), and `zeues restore` refuses to replace a database while anyone holds it: a running
server would keep answering from what it read before. POSIX only; elsewhere the restore
trusts the operator (docs/DEPLOYMENT.md §7 says to stop the server first)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]


def _path(database: Path) -> Path:
    return database.with_name(database.name + ".serving")


def hold(database: Path) -> Callable[[], None]:
    """Marks `database` as served by this process until the returned function is called."""
    if fcntl is None:
        return lambda: None
    fd = os.open(_path(database), os.O_RDWR | os.O_CREAT, 0o600)
    with contextlib.suppress(BlockingIOError):
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # busy: a restore is under way
    return lambda: os.close(fd)


def served(database: Path) -> bool:
    """True while some process holds `database` as served."""
    if fcntl is None or not _path(database).exists():
        return False
    fd = os.open(_path(database), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing the descriptor releases a lock taken on it
    return False
