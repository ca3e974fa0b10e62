"""Waiting on the thing itself: a test polls a condition until it holds, with a deadline that
only a hang reaches (a passing test never waits for it)."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.infra.live import HANG_SECONDS


def wait_for(
    condition: Callable[[], bool],
    timeout: float = HANG_SECONDS,
    what: str = "",
    pause: Callable[[float], None] = time.sleep,
) -> None:
    """`pause(seconds)` between polls: a browser test passes the page's own wait, since sync
    Playwright delivers the page's events only while it is called."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"no ocurrió en {timeout:g} s: {what}")
        pause(0.02)
