"""What one process serves with: the ports the API and the CLI use, typed by what they do.
bootstrap.build() fills it with concrete adapters; nothing that reads it needs to know which."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol, TypeVar

from zeues.config import Settings
from zeues.services.live_ports import Background, LiveEvents
from zeues.services.ports import (
    Clock,
    EventBus,
    EventLog,
    IdempotencyKeys,
    ReadModel,
    RedisMonitor,
    RedisStatus,
    Store,
)
from zeues.services.runner import Runner
from zeues.services.transfer.files import Transfer
from zeues.services.transfer.ports import ExportSource, ImportStore, OpenBook, WriteTable


def utcnow() -> datetime:
    return datetime.now(UTC)


T = TypeVar("T")


def command_executor(threads: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(threads, thread_name_prefix="zeues-command")


class WriterTurn(Protocol):
    def try_acquire(self) -> bool: ...
    def release(self) -> None: ...


@dataclass
class Counters:
    """Process-local counters read by /metrics."""

    stale_writes: int = 0


@dataclass
class Container:
    settings: Settings
    store: Store
    read: ReadModel
    events: EventLog
    idempotency: IdempotencyKeys
    hub: LiveEvents
    bus: EventBus
    runner: Runner
    import_store: ImportStore
    export_source: ExportSource
    open_book: OpenBook
    write_table: WriteTable
    admin_token: str
    clock: Clock = utcnow
    counters: Counters = field(default_factory=Counters)
    redis: RedisMonitor | None = None
    # SSE frames of recent events by audit id, so each is encoded once for all SSE clients.
    sse_encoded: OrderedDict[int, bytes] = field(default_factory=OrderedDict)
    # What feeds the hub from other processes: the Redis subscription, or without Redis the
    # database follower. Started in this order, stopped in this order.
    background: Sequence[Background] = ()
    # Releases connections and files when the process ends (Redis pool, database engine).
    closers: Sequence[Callable[[], None]] = ()
    # Commands (writes) run on threads of their own, apart from the reads' thread pool: one
    # thread for SQLite, which has one writer at a time anyway (more threads only queue on its
    # lock and hand the GIL back and forth), the connection pool's size for PostgreSQL.
    command_threads: ThreadPoolExecutor = field(default_factory=lambda: command_executor(1))
    # SQLite's one writer's turn (None on PostgreSQL): see run_command.
    writer_turn: WriterTurn | None = None

    async def run_command(self, command: Callable[[], T]) -> T:
        """On SQLite, when the writer's turn is free at once, the command runs right here on
        the event loop's thread: it needs no wait for a lock or a network, and handing it to a
        thread cost about 40 % of a command (GIL hand-overs; docs/BENCHMARKS.md, issue 12).
        Otherwise, and always on PostgreSQL, it runs on the command threads."""
        turn = self.writer_turn
        if turn is not None and turn.try_acquire():
            try:
                return command()
            finally:
                turn.release()
        return await asyncio.get_running_loop().run_in_executor(self.command_threads, command)

    def redis_status(self) -> RedisStatus:
        return self.redis.status() if self.redis else RedisStatus("disabled")

    def redis_health(self) -> dict[str, Any]:
        if self.redis:
            return self.redis.health()
        return {
            "status": "disabled",
            "operational": True,
            "message": "Redis no configurado (ZEUES_REDIS_URL): eventos en vivo en el proceso.",
        }

    def redis_pool_stats(self) -> dict[str, Any]:
        if self.redis:
            return {**self.redis.pool_stats(), "sse_clients": self.hub.client_count}
        return {
            "status": "disabled",
            "max_connections": 0,
            "active_connections": 0,
            "available_connections": 0,
            "utilization_percent": 0.0,
            "peak_active_connections": 0,
            "pubsub_connections": 0,
            "sse_clients": self.hub.client_count,
            "alert": None,
            "process": self.settings.process_name,
            "timestamp": self.clock().astimezone(self.settings.tz),
            "message": "Redis no configurado",
        }

    def today(self) -> date:
        return self.clock().astimezone(self.settings.tz).date()

    def transfer(self) -> Transfer:
        """What spreadsheet imports and exports use, and nothing else of this container."""
        return Transfer(
            import_store=self.import_store,
            export_source=self.export_source,
            open_book=self.open_book,
            write_table=self.write_table,
            bus=self.bus,
            clock=self.clock,
            tz=self.settings.tz,
            lease_ttl_seconds=self.settings.lease_ttl_seconds,
        )

    async def start(self) -> None:
        """Background work that needs the running event loop."""
        for work in self.background:
            await work.start()

    async def stop(self) -> None:
        for work in self.background:
            await work.stop()

    def close(self) -> None:
        self.command_threads.shutdown(wait=True)  # a command in flight finishes its commit
        for close in self.closers:
            close()
