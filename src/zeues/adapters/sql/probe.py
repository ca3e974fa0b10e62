"""A database ping that answers within a bound even when the database accepts connections but
never replies (a frozen host, a stuck disk, a paused VM): no client-side timeout in libpq
covers that case, and health must report it instead of hanging with it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout


class DatabaseNoResponde(TimeoutError):
    pass


def _never(exc: BaseException) -> bool:
    return False


class BoundedPing:
    """At most one ping is in flight: callers arriving while it hangs wait on the same one, so
    a frozen database costs one stuck thread, not one per health check.

    `timed_out(exc)` says which of the ping's own errors are a timeout too (a driver's connect
    timeout): a stuck ping that ends that way while health checks go on is the same frozen
    database, and is reported in the same words, not in the driver's."""

    def __init__(
        self,
        ping: Callable[[], None],
        timeout: float,
        timed_out: Callable[[BaseException], bool] = _never,
    ) -> None:
        self._ping = ping
        self._timeout = timeout
        self._timed_out = timed_out
        self._lock = threading.Lock()
        self._pending: Future[None] | None = None

    def __call__(self) -> None:
        with self._lock:
            if self._pending is None or self._pending.done():
                self._pending = self._start()
            pending = self._pending
        try:
            pending.result(timeout=self._timeout)
        except FutureTimeout:
            raise self._no_answer() from None
        except Exception as exc:
            if self._timed_out(exc):
                raise self._no_answer() from exc
            raise

    def _no_answer(self) -> DatabaseNoResponde:
        return DatabaseNoResponde(f"la base de datos no respondió en {self._timeout:g} s")

    def _start(self) -> Future[None]:
        future: Future[None] = Future()

        def run() -> None:
            try:
                self._ping()
            except BaseException as exc:  # handed to the caller through the future
                future.set_exception(exc)
            else:
                future.set_result(None)

        # A daemon thread: a ping stuck on a frozen database must not hold up process exit.
        threading.Thread(target=run, name="zeues-db-ping", daemon=True).start()
        return future
