"""SQLite WAL checkpoints on a thread of their own, never on the thread that commits.

A command may commit on the event loop's thread (lane.py). SQLite's automatic
checkpoint would then copy the WAL into the database file and fsync it right there, stalling
every request and SSE stream of the process behind one disk write. The engine turns the
automatic checkpoint off (engine.py) and the store asks this thread for a PASSIVE checkpoint
every CHECKPOINT_EVERY commits; PASSIVE waits for no reader or writer. SQLite still
checkpoints by itself when the last connection closes."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

log = logging.getLogger(__name__)

CHECKPOINT_EVERY = 100  # commits; a command writes a few pages, SQLite's default is 1,000 pages


class Checkpointer:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._commits = 0  # approximate under threads: it only paces the checkpoints
        self.done = 0
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="zeues-checkpoint")

    def committed(self) -> None:
        self._commits += 1
        if self._commits % CHECKPOINT_EVERY == 0:
            self._thread.submit(self.checkpoint)

    def checkpoint(self) -> None:
        try:
            pooled = self._engine.raw_connection()
            try:
                driver = pooled.driver_connection
                assert driver is not None
                driver.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                pooled.close()
            self.done += 1
        except Exception:  # the next one retries; a failed checkpoint loses nothing
            log.warning("checkpoint de SQLite fallido", exc_info=True)

    def close(self) -> None:
        self._thread.shutdown(wait=True)
