"""Where commands run on PostgreSQL: threads of their own, as many as the pool's connections
(DB_POOL_SIZE), apart from the reads' thread pool: at most that many write at once per process
and reads keep the rest of the pool."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def command_threads(threads: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(threads, thread_name_prefix="zeues-command")


class ThreadLane:
    def __init__(self, threads: int) -> None:
        self.threads = command_threads(threads)
        self.size = threads

    async def submit(self, command: Callable[[], T], inline: bool = True) -> T:
        del inline  # always on a command thread here
        return await asyncio.get_running_loop().run_in_executor(self.threads, command)

    def close(self) -> None:
        self.threads.shutdown(wait=True)  # a command in flight finishes its commit
