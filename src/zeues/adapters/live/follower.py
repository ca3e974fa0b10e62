"""Live events between API processes that share only the database (no Redis).

`zeues serve --workers N` or gunicorn without ZEUES_REDIS_URL runs several processes on one
database; a change made in one must still reach the dashboards connected to the others. Each
process follows the audit table: every `interval` seconds it reads the events after the last
one it saw and hands them to its fan-out (Deliveries drops those its own publish already
delivered). Audit ids follow commit order on both backends (one SQLite writer; the PostgreSQL
audit-order lock), so "id > last" misses nothing. One indexed query per interval per process."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from zeues.adapters.live.deliveries import Deliveries, EventsAfter

log = logging.getLogger(__name__)

BATCH = 1000


class DatabaseFollower:
    def __init__(
        self,
        events_after: EventsAfter,
        last_event_id: Callable[[], int],
        deliveries: Deliveries,
        interval: float,
    ) -> None:
        self._events_after = events_after
        self._last_event_id = last_event_id
        self._deliveries = deliveries
        self._interval = interval
        self._task: asyncio.Task[None] | None = None
        self.last_seen: int | None = None
        self.failing = False

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="zeues-follower")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.poll()
            except Exception as exc:  # the database is down: say so once, keep following
                if not self.failing:
                    log.warning("no se pudo leer eventos nuevos de la base de datos: %s", exc)
                self.failing = True
            await asyncio.sleep(self._interval)

    async def poll(self) -> None:
        """Delivers what was committed since the last poll (the first poll only marks where
        to start: clients connected earlier replay by Last-Event-ID)."""
        if self.last_seen is None:
            self.last_seen = await asyncio.to_thread(self._last_event_id)
            return
        self.last_seen = await self._deliveries.catch_up(self._events_after, self.last_seen, BATCH)
        if self.failing:
            log.info("lectura de eventos nuevos restablecida")
            self.failing = False
