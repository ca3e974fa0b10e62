"""A wall-clock bound measured against the machine as it is during the very window it bounds.

A loaded machine stretches every wait by its scheduling delay. Rather than widen a bound for
the worst machine, a test runs a trivial probe (a cheap request, a no-op round trip) over and
over in a thread while the timed thing happens, and adds the slowest probe to its bound: an
idle machine keeps the tight bound, a busy one pays only what it charged in that window."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType


class Yardstick:
    def __init__(self, probe: Callable[[], object], pause: float = 0.05) -> None:
        self._probe = probe
        self._pause = pause
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="yardstick", daemon=True)
        self.samples: list[float] = []
        self._in_flight: float | None = None  # when the probe now running started

    @property
    def worst(self) -> float:
        """The slowest probe seen, counting one still running (a stalled machine stalls it)."""
        started = self._in_flight
        running = time.monotonic() - started if started is not None else 0.0
        return max([*self.samples, running])

    def __enter__(self) -> Yardstick:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(30)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = self._in_flight = time.monotonic()
            self._probe()
            self.samples.append(time.monotonic() - started)
            self._in_flight = None
            self._stop.wait(self._pause)
