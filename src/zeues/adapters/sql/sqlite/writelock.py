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
    """Re-entrant for the thread that holds it: a command run on the event loop's thread takes
    the writer's turn once (`try_acquire`), and the write transactions inside it enter again."""

    def __init__(self, database: Path | None) -> None:
        self._threads = threading.Lock()
        self._owner: int | None = None  # set and cleared only by the holder
        self._depth = 0
        self._fd: int | None = None
        if database is not None and fcntl is not None:
            self._fd = os.open(f"{database}.writelock", os.O_RDWR | os.O_CREAT, 0o600)

    def try_acquire(self) -> bool:
        """Take the turn only if it is free now, from this process and every other."""
        return self._take(blocking=False)

    def __enter__(self) -> None:
        self._take(blocking=True)

    def _take(self, blocking: bool) -> bool:
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
            return True
        if not self._threads.acquire(blocking=blocking):
            return False
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._threads.release()
                return False
            except BaseException:
                self._threads.release()
                raise
        self._owner, self._depth = me, 1
        return True

    def release(self) -> None:
        self._depth -= 1
        if self._depth:
            return
        self._owner = None
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
