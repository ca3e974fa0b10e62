"""A Redis that was never reached is reported as such, with a growing retry delay."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time

import pytest

from tests.infra.servers import free_port
from zeues.adapters.live.deliveries import Deliveries
from zeues.adapters.live.fanout import FanOut
from zeues.adapters.redis.subscriber import Subscriber
from zeues.config import Settings


def test_a_redis_never_reached_says_it_cannot_connect_and_backs_off(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = Settings(
        database_url="sqlite:///:memory:",
        redis_url=f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        redis_socket_connect_timeout=0.5,
    )
    subscriber = Subscriber(settings, Deliveries(FanOut()), None)

    def attempts() -> int:
        return sum("nuevo intento en" in r.getMessage() for r in caplog.records)

    async def for_four_attempts() -> None:
        # Until the fourth failed attempt is logged, however long a busy machine takes.
        task = asyncio.create_task(subscriber.run())
        deadline = time.monotonic() + 30
        while attempts() < 4:
            assert time.monotonic() < deadline, f"{attempts()} intentos en 30 s"
            await asyncio.sleep(0.01)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    with caplog.at_level(logging.WARNING, logger="zeues.adapters.redis.subscriber"):
        asyncio.run(for_four_attempts())
    lines = [r.getMessage() for r in caplog.records]
    assert lines and all(line.startswith("no se puede conectar a Redis (") for line in lines)
    assert not any("perdida" in line for line in lines)
    delays = [float(re.findall(r"nuevo intento en ([0-9.]+) s", line)[0]) for line in lines]
    assert delays[:4] == [0.1, 0.2, 0.4, 0.8]  # doubles each time (capped at 30 s)
