"""What one process serves with: the ports and services the API and the CLI use, typed by what
they do. bootstrap.build() fills it with concrete adapters; nothing that reads it needs to know
which. Routes never see it whole: api/deps.py hands each route the narrow part it uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from zeues.config import Settings, tipos_sold
from zeues.services.commands import Commands
from zeues.services.floor import FloorQueues
from zeues.services.floor_access import FloorAccess
from zeues.services.live_ports import Background, LiveEvents
from zeues.services.ports import (
    Clock,
    CommandLane,
    EventBus,
    EventLog,
    ReadModel,
    RedisMonitor,
    Store,
)
from zeues.services.reads import Reads
from zeues.services.shop_clock import ShopClock
from zeues.services.sources import LiveStream, Probes
from zeues.services.transfer.files import Transfer
from zeues.services.transfer.ports import ExportSource, ImportStore, OpenBook, WriteTable


def utcnow() -> datetime:
    return datetime.now(UTC)


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
    hub: LiveEvents
    bus: EventBus
    # The one way in for every write, and where it runs (the write concurrency bound).
    commands: Commands
    lane: CommandLane
    reads: Reads
    shop: ShopClock
    probes: Probes
    live: LiveStream
    # Every worker's queue in memory, moved one spool per change (issue 17).
    floor: FloorQueues
    import_store: ImportStore
    export_source: ExportSource
    open_book: OpenBook
    write_table: WriteTable
    admin_token: str
    # Who may act on the floor (issue 22): the gate of floor writes, sign-in and PINs.
    access: FloorAccess
    clock: Clock = utcnow
    counters: Counters = field(default_factory=Counters)
    redis: RedisMonitor | None = None
    # What feeds the hub from other processes: the Redis subscription, or without Redis the
    # database follower. Started in this order, stopped in this order.
    background: Sequence[Background] = ()
    # Releases connections and files when the process ends (Redis pool, database engine).
    closers: Sequence[Callable[[], None]] = ()

    def today(self) -> date:
        return self.shop.today()

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
            tipos_sold=tipos_sold(self.settings),
        )

    async def start(self) -> None:
        """Background work that needs the running event loop."""
        for work in self.background:
            await work.start()

    async def stop(self) -> None:
        for work in self.background:
            await work.stop()

    def close(self) -> None:
        self.lane.close()  # a command in flight finishes its commit
        for close in self.closers:
            close()
