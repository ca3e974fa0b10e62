"""Waiting on the thing itself: a test polls a condition until it holds, with a deadline that
only a hang reaches (a passing test never waits for it)."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.infra.live import HANG_SECONDS


def wait_for(condition: Callable[[], bool], timeout: float = HANG_SECONDS, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"no ocurrió en {timeout} s: {what}")
        time.sleep(0.02)
