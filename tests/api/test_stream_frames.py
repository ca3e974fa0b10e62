"""Each live event's SSE frame is encoded once for every client, and a client that fell a few
events behind gets them in one write (issue 12)."""

from __future__ import annotations

import asyncio

from tests.unit.builders import committed_tomar
from zeues.adapters.live.fanout import Subscription
from zeues.api.routes.stream import _frame, _queued_behind
from zeues.container import Container


def test_a_frame_is_encoded_once_and_reads_as_one_spool_update(container: Container) -> None:
    first = _frame(container.live, container.shop.tz, committed_tomar(41, "MK-1"))
    again = _frame(container.live, container.shop.tz, committed_tomar(41, "MK-1"))

    assert again is first  # the cached bytes, not a second encoding
    text = first.decode()
    assert text.startswith("id: 41\r\nevent: spool_update\r\ndata: {")
    assert text.endswith("\r\n\r\n")
    assert '"tag_spool": "MK-1"' in text


def test_a_client_behind_gets_every_queued_event_in_one_batch() -> None:
    async def scenario() -> list[list[int | None]]:
        sub = Subscription(None)
        for i in (1, 2, 3):
            sub.offer(committed_tomar(i))
        first = await sub.queue.get()
        batch = _queued_behind(sub, first)
        sub.offer(committed_tomar(4))
        later = _queued_behind(sub, await sub.queue.get())
        return [[e.id if e else None for e in batch], [e.id if e else None for e in later]]

    assert asyncio.run(scenario()) == [[1, 2, 3], [4]]


def test_the_end_of_a_stream_closes_the_batch() -> None:
    async def scenario() -> list[int | None]:
        sub = Subscription(None)
        sub.offer(committed_tomar(7))
        sub.end()
        batch = _queued_behind(sub, await sub.queue.get())
        return [e.id if e else None for e in batch]

    assert asyncio.run(scenario()) == [7, None]
