"""Where commands run on SQLite: one writer at a time, so one command thread; and when the
writer's turn is free at once, right on the event loop's thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from zeues.adapters.sql.lane import ThreadLane
from zeues.adapters.sql.sqlite.writelock import SqliteWriterLock

T = TypeVar("T")


class SqliteLane(ThreadLane):
    def __init__(self, turn: SqliteWriterLock) -> None:
        super().__init__(1)  # more threads would only queue on the lock and trade the GIL
        self.turn = turn

    async def submit(self, command: Callable[[], T], inline: bool = True) -> T:
        """A command whose turn is free at once waits for no lock or network, and handing it
        to a thread cost about 40 % of a command (GIL hand-overs; docs/BENCHMARKS.md, issue
        12): it runs here. Otherwise on the command thread, which waits for the turn; a long
        command (`inline=False`, an import step) always there: the loop keeps answering."""
        if inline and self.turn.try_acquire():
            try:
                return command()
            finally:
                self.turn.release()
        return await super().submit(command)
