"""Everything Redis in one process: pool, publisher, the one subscription, the monitor.

bootstrap.py builds one when ZEUES_REDIS_URL is set; the app's lifespan starts and stops the
subscription (it needs the running event loop)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from zeues.adapters.live.deliveries import Deliveries
from zeues.adapters.live.fanout import FanOut
from zeues.adapters.redis.bus import RedisBus
from zeues.adapters.redis.client import make_client, make_pool, make_probe
from zeues.adapters.redis.monitor import RedisPoolMonitor
from zeues.adapters.redis.subscriber import Replay, Subscriber
from zeues.config import Settings
from zeues.services.ports import Clock

log = logging.getLogger(__name__)

# How long startup waits for the subscription before serving anyway (Redis may be down:
# the process must still start, and the subscriber keeps trying in the background).
STARTUP_WAIT_SECONDS = 2.0


class RedisBackend:
    def __init__(
        self, settings: Settings, hub: FanOut, replay: Replay | None, clock: Clock
    ) -> None:
        self.pool = make_pool(settings)
        self.client = make_client(self.pool)
        self.probe = make_probe(settings)
        # Our subscription coming back is the sign that Redis is reachable again.
        deliveries = Deliveries(hub)
        self.subscriber = Subscriber(
            settings, deliveries, replay, on_connect=lambda: self.bus.resume()
        )
        self.bus = RedisBus(
            self.client,
            deliveries,
            settings.process_name,
            channel=settings.redis_channel,
            subscribed=lambda: self.subscriber.connected,
            on_publish=self.subscriber.note_published,
        )
        self.monitor = RedisPoolMonitor(
            settings, self.probe, self.pool, self.subscriber, self.bus, clock
        )
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    async def start(self) -> None:
        if self._task is not None and not self._task.done():
            return
        self._task = asyncio.create_task(self.subscriber.run(), name=self.subscriber.name)
        self._task.add_done_callback(_report_unexpected_end)
        try:
            await self.subscriber.wait_connected(STARTUP_WAIT_SECONDS)
        except TimeoutError:
            log.warning("Redis no disponible al iniciar; la suscripción seguirá reintentando")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.bus.close()
        self.pool.disconnect()
        self.probe.connection_pool.disconnect()


def _report_unexpected_end(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("la suscripción Redis terminó", exc_info=task.exception())
