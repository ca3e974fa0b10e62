"""Composition root: the only place that picks concrete adapters."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

# Re-exported for `zeues backup` / `zeues restore` (the CLI imports no adapter).
from zeues.adapters.backup import serving
from zeues.adapters.backup.postgres_copy import ToolMissing as ToolMissing
from zeues.adapters.backup.store import DatabaseBackups
from zeues.adapters.backup.store import RestoreRefused as RestoreRefused
from zeues.adapters.backup.store import plan_restore as plan_restore
from zeues.adapters.backup.store import restore as restore
from zeues.adapters.files.reader import Book
from zeues.adapters.files.writer import write_table
from zeues.adapters.live.bus import MemoryBus
from zeues.adapters.live.deliveries import Deliveries
from zeues.adapters.live.fanout import FanOut
from zeues.adapters.live.follower import DatabaseFollower
from zeues.adapters.redis.backend import RedisBackend
from zeues.adapters.sql.engine import OPEN_ERRORS, make_engine
from zeues.adapters.sql.floor_access import SqlFloorReads
from zeues.adapters.sql.lane import ThreadLane
from zeues.adapters.sql.migrate import initialised, upgrade
from zeues.adapters.sql.readmodel import SqlReadModel
from zeues.adapters.sql.sqlite.lane import SqliteLane
from zeues.adapters.sql.sqlite.store import SqliteStore
from zeues.adapters.sql.store import SqlStore
from zeues.adapters.sql.transfer import SqlExportSource, SqlImportStore
from zeues.config import Settings, tipos_sold
from zeues.container import Container, Counters, utcnow
from zeues.domain.floor_access import FloorMode
from zeues.services.backups import BackupSchedule
from zeues.services.commands import Commands
from zeues.services.floor import FloorKeeper, FloorQueues
from zeues.services.floor_access import FloorAccess, FloorPolicy
from zeues.services.live_ports import Background
from zeues.services.policy import Policy
from zeues.services.ports import Clock, CommandLane, EventBus
from zeues.services.reads import Reads
from zeues.services.shop_clock import ShopClock
from zeues.services.sources import LiveStream, Probes

TOKEN_FILE = "admin-token"


def admin_token(settings: Settings) -> tuple[str, bool]:
    """The configured token, or the one generated at first start. True when just created."""
    if settings.admin_token is not None:
        return settings.admin_token.get_secret_value(), False
    path = Path(settings.data_path) / TOKEN_FILE
    if path.exists():
        return path.read_text().strip(), False
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    return token, True


DATABASE_OPEN_ERRORS = OPEN_ERRORS  # for the CLI, which imports no adapter


def database_initialised(settings: Settings) -> bool:
    """Whether the configured database exists and holds ZEUES (creating nothing to find out)."""
    return initialised(settings)


def redis_unreachable_reason(settings: Settings) -> str | None:
    """Why the configured Redis does not answer a PING now (None: it does, or none is set)."""
    if settings.redis_url is None:
        return None
    from zeues.adapters.redis.client import unreachable_reason

    return unreachable_reason(settings)


def floor_policy(settings: Settings) -> FloorPolicy:
    return FloorPolicy(
        mode=FloorMode(settings.floor_auth),
        idle=timedelta(seconds=settings.floor_session_idle_seconds),
        longest=timedelta(seconds=settings.floor_session_max_seconds),
        lockout=timedelta(seconds=settings.floor_pin_lockout_seconds),
        tablet_url=settings.tablet_url,
    )


def backups(settings: Settings) -> DatabaseBackups:
    """The configured database's backup folder (`zeues backup`, `zeues restore`)."""
    return DatabaseBackups(settings)


def backup_schedule(settings: Settings, clock: Clock, scheduled: bool) -> BackupSchedule:
    hours = settings.backup_interval_hours
    every = timedelta(hours=hours) if scheduled and hours > 0 else None
    return BackupSchedule(backups(settings), clock, every, settings.backup_keep)


def build(
    settings: Settings,
    *,
    migrate: bool = True,
    clock: Clock = utcnow,
    scheduled_backups: bool = False,
) -> Container:
    """`scheduled_backups`: this process takes the periodic backups (`zeues serve`)."""
    engine = make_engine(settings)
    if migrate:
        upgrade(engine)
    store: SqlStore
    lane: CommandLane
    if engine.dialect.name == "sqlite":
        store = sqlite_store = SqliteStore(engine)
        lane = SqliteLane(sqlite_store.turn)
    else:
        store = SqlStore(engine)
        lane = ThreadLane(settings.db_pool_size)
    hub = FanOut()
    backend = (
        RedisBackend(settings, hub, store.event_log.events_after, clock)
        if settings.redis_url
        else None
    )
    bus: EventBus
    background: list[Background] = []
    closers: list[Callable[[], None]] = []
    if backend:
        bus = backend.bus
        background.append(backend)
        closers.append(backend.close)
    else:
        local = Deliveries(hub)
        bus = MemoryBus(local)
        if settings.events_poll_seconds > 0:
            background.append(
                DatabaseFollower(
                    store.event_log.events_after,
                    store.event_log.last_event_id,
                    local,
                    settings.events_poll_seconds,
                )
            )
    closers.append(store.dispose)
    if scheduled_backups and settings.sqlite_file is not None:
        closers.append(serving.hold(settings.sqlite_file))  # `zeues restore` waits for us
    schedule = backup_schedule(settings, clock, scheduled_backups)
    background.append(schedule)
    counters = Counters()

    def conflict() -> None:
        counters.stale_writes += 1

    token, _ = admin_token(settings)
    policy = Policy(settings.lease_ttl_seconds, settings.test_spool_pattern, tipos_sold(settings))
    read = SqlReadModel(engine)
    redis = backend.monitor if backend else None
    shop = ShopClock(clock, settings.tz)
    reads = Reads(read, policy)

    def pd_today() -> float:
        today = shop.today()
        return reads.pd_total(today, today, settings.tz)

    floor = FloorQueues(
        read,
        store.event_log,
        settings.lease_ttl_seconds,
        shop.now,
        shop.today,
        tipos_sold=policy.tipos_sold,
        pd_today=pd_today,
    )
    background.append(FloorKeeper(floor, hub))
    return Container(
        settings=settings,
        store=store,
        read=read,
        events=store.event_log,
        hub=hub,
        bus=bus,
        commands=Commands(
            store, bus, clock, policy, on_conflict=conflict, on_quiet_write=[floor.touched]
        ),
        lane=lane,
        reads=reads,
        shop=shop,
        probes=Probes(
            store,
            redis,
            lambda: hub.client_count + len(floor.feeds) + len(floor.boards),
            settings.environment,
            settings.process_name,
            schedule.status,
            settings.floor_auth,
        ),
        floor=floor,
        live=LiveStream(
            hub,
            store.event_log,
            settings.sse_ping_seconds,
            settings.sse_max_stream_seconds,
            settings.sse_max_clients,
        ),
        import_store=SqlImportStore(store),
        export_source=SqlExportSource(store),
        open_book=Book,
        write_table=write_table,
        admin_token=token,
        access=FloorAccess(floor_policy(settings), SqlFloorReads(engine), read),
        clock=clock,
        counters=counters,
        redis=redis,
        background=tuple(background),
        closers=tuple(closers),
    )
