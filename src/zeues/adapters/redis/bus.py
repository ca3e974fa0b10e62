"""Publishing committed events to Redis without ever making a write wait for Redis.

Runner.publish hands the events to a bounded queue and returns at once; one publisher thread
per process sends them (one pipeline per batch, so this process's order is kept). If Redis
fails, the thread delivers the events to this process's own SSE clients directly, keeps them
to send later, and stops trying Redis for BREAKER_SECONDS (a time-based circuit breaker, reset
as soon as this process's subscription is back). A down or hung Redis costs the writers
nothing; the database stays the only authority on who holds a spool."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

from redis import Redis
from redis.exceptions import RedisError

from zeues.adapters.live.deliveries import Deliveries
from zeues.adapters.redis.client import CHANNEL
from zeues.adapters.redis.wire import encode
from zeues.domain.model import AuditEvent

log = logging.getLogger(__name__)

BREAKER_SECONDS = 2.0
QUEUE_BATCHES = 10_000
# Events not yet sent through Redis, re-sent when it is back so that processes whose
# subscription never dropped still get them. Beyond this many, the oldest are only in the
# database (clients get them by Last-Event-ID replay when they reconnect).
PENDING_MAX = 10_000


class RedisBus:
    """EventBus: publish after commit to ZEUES_REDIS_CHANNEL; every process (this one too) gets
    the events back through its one subscription (subscriber.py)."""

    def __init__(
        self,
        client: Redis,
        local: Deliveries,
        origin: str,
        *,
        subscribed: Callable[[], bool] = lambda: True,
        on_publish: Callable[[list[AuditEvent]], None] = lambda _events: None,
        channel: str = CHANNEL,
        breaker_seconds: float = BREAKER_SECONDS,
    ) -> None:
        self._client, self._local, self._origin, self._channel = client, local, origin, channel
        self._subscribed = subscribed
        self._on_publish = on_publish
        self._breaker_seconds = breaker_seconds
        self._queue: queue.Queue[list[AuditEvent] | None] = queue.Queue(QUEUE_BATCHES)
        self._pending: deque[AuditEvent] = deque(maxlen=PENDING_MAX)
        self._pending_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._skip_until = 0.0
        self.published = 0
        self.failures = 0
        self.delivered_locally = 0
        self.last_error: str | None = None

    @property
    def breaker_open(self) -> bool:
        return time.monotonic() < self._skip_until

    @property
    def pending(self) -> int:
        return len(self._pending)

    def publish(self, events: Sequence[AuditEvent]) -> None:
        """Never blocks on Redis and never raises (EventBus contract)."""
        if not events:
            return
        try:
            self._ensure_thread()
            self._queue.put_nowait(list(events))
        except queue.Full:
            self._fallback(list(events))
        except Exception:  # a bug here must not turn a committed write into a 500
            log.exception("no se pudo encolar la publicación de eventos")
            self._fallback(list(events))

    def resume(self) -> None:
        """Redis is reachable again (our subscription is back): close the breaker and send
        what is pending without waiting for the next write. Safe from any thread."""
        self._skip_until = 0.0
        if self._pending:
            self.publish_pending()

    def publish_pending(self) -> None:
        try:
            self._ensure_thread()
            self._queue.put_nowait([])  # an empty batch means "just send what is pending"
        except queue.Full:
            pass  # the queued batches will send the pending events first anyway

    def close(self, timeout: float = 2.0) -> None:
        """Sends what is queued (bounded by `timeout`), then stops the thread."""
        thread = self._thread
        if thread is None:
            return
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            return
        thread.join(timeout)

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name=f"{self._origin}-redis-publisher", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            try:
                self._send(batch)
            except Exception:  # keep the thread alive whatever happens to one batch
                log.exception("error inesperado publicando eventos")
                self._fallback(batch)

    def _send(self, events: list[AuditEvent]) -> None:
        if self.breaker_open:
            self._fallback(events)
            return
        # Checked before sending: if our own subscription is down, the message would not come
        # back to us, so this process's clients get it directly (Deliveries drops duplicates).
        local_too = not self._subscribed()
        with self._pending_lock:
            earlier = list(self._pending)
        # Before sending: if our subscription is in fact dead but not yet noticed, what we
        # publish now is heard by nobody here; the replay after it reconnects must cover it.
        self._on_publish(events)
        try:
            pipe = self._client.pipeline(transaction=False)
            for event in (*earlier, *events):
                pipe.publish(self._channel, encode(event, self._origin))
            pipe.execute()
        except (RedisError, OSError) as exc:
            self._open_breaker(exc)
            self._fallback(events)
            return
        with self._pending_lock:
            for _ in earlier:
                self._pending.popleft()
        self.published += len(earlier) + len(events)
        self.last_error = None
        if local_too and events:
            self._deliver_locally(events)

    def _open_breaker(self, exc: BaseException) -> None:
        self.failures += 1
        self.last_error = f"{type(exc).__name__}: {exc}"
        self._skip_until = time.monotonic() + self._breaker_seconds
        log.warning(
            "Redis no acepta publicaciones (%s); entrega local por %.0f s",
            self.last_error,
            self._breaker_seconds,
        )

    def _fallback(self, events: list[AuditEvent]) -> None:
        """Not sent through Redis: this process's clients get them now, the others when it is
        back (pending) or, for subscriptions that dropped, by replay from the database."""
        if not events:
            return
        with self._pending_lock:
            self._pending.extend(events)
        self._on_publish(events)
        self._deliver_locally(events)

    def _deliver_locally(self, events: Sequence[AuditEvent]) -> None:
        self.delivered_locally += len(events)
        self._local.from_thread(events)
