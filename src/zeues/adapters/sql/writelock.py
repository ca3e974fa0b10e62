"""One SQLite writer at a time, queued in the kernel rather than in SQLite's busy handler.

SQLite's busy handler polls with sleeps of up to 100 ms, so writers of several processes
(`zeues serve --workers N`) waiting on each other add tens of milliseconds each. Threads of one
process queue on a lock, processes on an flock of a file beside the database: both wake the next
writer as soon as the lock is free."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: threads still queue, processes use SQLite's
    fcntl = None  # type: ignore[assignment]


class SqliteWriterLock:
    def __init__(self, database: Path | None) -> None:
        self._threads = threading.Lock()
        self._fd: int | None = None
        if database is not None and fcntl is not None:
            self._fd = os.open(f"{database}.writelock", os.O_RDWR | os.O_CREAT, 0o600)

    def __enter__(self) -> None:
        self._threads.acquire()
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            except BaseException:
                self._threads.release()
                raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
