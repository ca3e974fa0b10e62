"""The ONE pub/sub subscription of a process, feeding its in-memory FanOut.

A plain redis-py listener task ends (silently, if nobody awaits it) at the first connection
error; this one owns its reconnect loop with backoff, so it survives Redis restarts. After a
reconnection it replays from the audit table what was committed while it was away, so the SSE
clients of this process miss nothing (memory/deliveries.py drops the ids they already have)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from redis.asyncio import Redis as AsyncRedis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from zeues.adapters.live.deliveries import Deliveries, EventsAfter
from zeues.adapters.redis.client import client_name
from zeues.adapters.redis.wire import decode
from zeues.config import Settings
from zeues.domain.model import AuditEvent

log = logging.getLogger(__name__)

Replay = EventsAfter
POLL_SECONDS = 1.0
BACKOFF_MIN, BACKOFF_MAX = 0.1, 2.0
# A Redis never reached is most likely a wrong ZEUES_REDIS_URL or a server not started yet, not
# a blip: back off further, so the log is not one line every 2 s forever.
NEVER_CONNECTED_MAX = 30.0
REPLAY_BATCH, REPLAY_MAX_BATCHES = 500, 20


class Subscriber:
    def __init__(
        self,
        settings: Settings,
        deliveries: Deliveries,
        replay: Replay | None,
        *,
        on_connect: Callable[[], None] = lambda: None,
    ) -> None:
        assert settings.redis_url is not None
        self._url = settings.redis_url
        self._settings = settings
        self._deliveries = deliveries
        self._replay = replay
        self._on_connect = on_connect
        self._channel = settings.redis_channel
        self.name = client_name(settings.process_name, "pubsub")
        self.connected = False
        self.sessions = 0  # successful subscriptions; > 1 means it reconnected
        self.received = 0
        self.malformed = 0
        # Idle PINGs the server answered: shows the hang check runs (tests wait on it, not a clock).
        self.pings_answered = 0
        self.last_error: str | None = None
        self.last_id: int | None = None  # highest event id seen: where a replay starts
        self._backoff = BACKOFF_MIN

    def note_published(self, events: list[AuditEvent]) -> None:
        """Events this process committed, about to go through Redis or not: a later replay
        starts no later than them, even if the subscription had not heard any event yet (its
        connection may be dead without our knowing, e.g. Redis restarted within a poll)."""
        if self.last_id is None and events:
            self.last_id = min(e.id for e in events) - 1

    async def wait_connected(self, timeout: float) -> bool:
        """Polls rather than awaiting an Event: the subscriber outlives event loops in tests."""
        async with asyncio.timeout(timeout):
            while not self.connected:
                await asyncio.sleep(0.02)
        return True

    async def run(self) -> None:
        """Runs until cancelled; never ends on a Redis error."""
        while True:
            try:
                await self._session()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any failure: drop the connection, back off, retry
                self.last_error = f"{type(exc).__name__}: {exc}"
                if self.sessions == 0:
                    log.warning(
                        "no se puede conectar a Redis (%s); nuevo intento en %.1f s",
                        self.last_error,
                        self._backoff,
                    )
                else:
                    log.warning(
                        "suscripción Redis perdida (%s); reintento en %.1f s",
                        self.last_error,
                        self._backoff,
                    )
            await asyncio.sleep(self._backoff)
            cap = NEVER_CONNECTED_MAX if self.sessions == 0 else BACKOFF_MAX
            self._backoff = min(self._backoff * 2, cap)

    async def _session(self) -> None:
        s = self._settings
        client = AsyncRedis.from_url(
            self._url,
            client_name=self.name,
            socket_connect_timeout=s.redis_socket_connect_timeout,
            socket_timeout=s.redis_socket_timeout,
            # redis-py would otherwise reconnect behind our back, and we would not know that
            # events may have been missed; every failure surfaces here instead.
            retry=Retry(NoBackoff(), 0),
            max_connections=1,
        )
        pubsub = client.pubsub()
        try:
            await self._subscribe(pubsub)
            self.connected = True
            self.last_error = None
            self._backoff = BACKOFF_MIN
            self.sessions += 1
            self._on_connect()
            if self.sessions > 1:
                # WARNING like the loss, so operators see both ends of an outage in the log.
                log.warning("suscripción Redis restablecida en %s", self._channel)
                await self._replay_missed()
            await self._listen(pubsub)
        finally:
            self.connected = False
            await _quietly_close(pubsub, client)

    async def _subscribe(self, pubsub: PubSub) -> None:
        await pubsub.subscribe(self._channel)
        async with asyncio.timeout(self._settings.redis_socket_connect_timeout):
            while True:  # `connected` means the server confirmed the subscription
                msg = await pubsub.get_message(timeout=POLL_SECONDS)
                if msg is not None and msg["type"] == "subscribe":
                    return

    async def _listen(self, pubsub: PubSub) -> None:
        loop = asyncio.get_running_loop()
        interval = self._settings.redis_health_check_interval
        last_heard, ping_sent = loop.time(), None
        while True:
            msg = await pubsub.get_message(timeout=POLL_SECONDS)
            now = loop.time()
            if msg is not None:
                if msg["type"] == "pong" and ping_sent is not None:
                    self.pings_answered += 1
                last_heard, ping_sent = now, None
                if msg["type"] == "message":
                    self._deliver(msg["data"])
            elif ping_sent is not None and now - ping_sent > self._settings.redis_socket_timeout:
                # A hung server keeps the TCP connection open but answers nothing.
                raise TimeoutError("Redis no respondió al PING de la suscripción")
            elif ping_sent is None and interval and now - last_heard > interval:
                await pubsub.ping()
                ping_sent = now

    def _deliver(self, raw: str | bytes) -> None:
        try:
            event = decode(raw)
        except (ValueError, KeyError, TypeError):
            self.malformed += 1
            log.warning("mensaje mal formado en %s ignorado", self._channel)
            return
        self.received += 1
        self.last_id = max(self.last_id or 0, event.id)
        self._deliveries.on_loop([event])

    async def _replay_missed(self) -> None:
        after = self.last_id
        if self._replay is None or after is None:
            return
        last = await self._deliveries.catch_up(
            self._replay, after, REPLAY_BATCH, REPLAY_MAX_BATCHES
        )
        self.last_id = max(self.last_id or 0, last)


async def _quietly_close(pubsub: PubSub, client: AsyncRedis) -> None:
    # Closing a connection to a dead server can itself fail; there is nothing to do about it.
    for closer in (pubsub.aclose, client.aclose):
        try:
            async with asyncio.timeout(1.0):
                await closer()
        except Exception as exc:
            log.debug("cierre de la conexión pub/sub: %s", exc)
