"""Every worker's queue, kept in memory by this process and moved one spool at a time (issue 17).

/api/cola decides every spool for one worker on every read; a floor of tablets re-reading it
after each change pays for the floor once per tablet. Here each spool is decided once per change
and operation, with `actions.place` (the same decision /api/cola makes), and kept:
- per operation, the decision as it stands for any worker who is not on the spool: a worker
  allowed the operation whose id is neither the holder's nor a lapsed holder's sees exactly that
  (place() reads the worker only through those ids and the role check);
- the spools a worker is on ("personal": holder, or lapsed holder) are decided for that worker
  when asked, with the worker itself; so is everything for a worker not allowed the operation.
A change (a committed event, a write without an event that the command path tells, i.e. a
renewal, a lease that lapses, a sweep finding a write without an event made by another process)
re-reads that one spool (with its unions' progress and a pending rejection: `info`, what its
row shows beside its place) and re-decides it; tablets subscribed get the tags that changed, and
read their own rows for them (`rows`). A read first catches up with the audit log (events this
process has not applied yet, e.g. a write answered by another process), so a read after an
answered action always includes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import secrets
import threading
import time
from bisect import bisect_right, insort
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from zeues.domain.actions import allowed
from zeues.domain.estado import effective
from zeues.domain.guards import check_role
from zeues.domain.model import AuditEvent, Operacion, Rol, Spool, Worker
from zeues.domain.union_actions import NO_UNIONS, Unions
from zeues.domain.unions import DEFAULT_TIPOS_SOLD, Resumen, Union, resumen
from zeues.services.actions import Group, Placed, active_worker, place
from zeues.services.board import BoardChange, BoardFeed, BoardModel
from zeues.services.live_ports import LiveEvents
from zeues.services.ports import ReadModel
from zeues.services.transfer.importing import IMPORT_TAG
from zeues.services.unions import Rechazo, pending_rechazos

GROUPS: tuple[Group, ...] = ("mios", "disponibles", "no_disponibles")
# Decides for "any worker who is not on the spool": an id no worker has, every role.
_ANYONE = Worker(0, "", "", tuple(Rol))
SWEEP_SECONDS = 60.0
TICK_SECONDS = 1.0
SUB_QUEUE = 2000


class Log(Protocol):
    def events_after(
        self, last_id: int, tag: str | None, limit: int = 1000
    ) -> list[AuditEvent]: ...

    def last_event_id(self) -> int: ...


@dataclass
class _OpQueue:
    placed: dict[str, Placed] = field(default_factory=dict)
    order: dict[Group, list[str]] = field(default_factory=lambda: {g: [] for g in GROUPS})


@dataclass(frozen=True)
class RowInfo:
    """What a spool's row shows beside where it stands, the same for every worker: its unions'
    progress (None: a spool without unions) and the rejection waiting for its repair."""

    progreso: Resumen | None = None
    rechazo: Rechazo | None = None


_NO_INFO = RowInfo()


@dataclass(frozen=True)
class Page:
    rows: list[Placed]
    matched: int


class TabletFeed:
    """One tablet's stream: the tags that changed, in order; None ends it (fell behind)."""

    def __init__(self, worker_id: int, operacion: Operacion) -> None:
        self.worker_id = worker_id
        self.operacion = operacion
        self.queue: asyncio.Queue[tuple[int | None, list[str]] | None] = asyncio.Queue(SUB_QUEUE)
        self.lagged = False

    def offer(self, event_id: int | None, tags: list[str]) -> None:
        if self.lagged:
            return
        try:
            self.queue.put_nowait((event_id, tags))
        except asyncio.QueueFull:  # it resyncs with a read when it reconnects
            self.lagged = True
            self.queue = asyncio.Queue(1)
            self.queue.put_nowait(None)

    def end(self) -> None:
        self.lagged = True
        try:
            self.queue.put_nowait(None)
        except asyncio.QueueFull:
            self.queue = asyncio.Queue(1)
            self.queue.put_nowait(None)


class FloorQueues:
    def __init__(
        self,
        read: ReadModel,
        log: Log,
        ttl: int,
        now: Callable[[], datetime],
        today: Callable[[], date],
        tipos_sold: frozenset[str] = DEFAULT_TIPOS_SOLD,
        pd_today: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self._read, self._log, self._ttl = read, log, ttl
        self._tipos_sold = tipos_sold
        self._info: dict[str, RowInfo] = {}  # only spools with unions or a pending rejection
        # The unions of the spools that have some: METROLOGIA is decided with them (every
        # weld done), as the command and the full /api/cola decide it.
        self._welds: dict[str, tuple[Union, ...]] = {}
        self._pd_today = pd_today
        # The live board, filed with the queues: one decision per change for every board.
        self.board = BoardModel(pd_today)
        self.boards: set[BoardFeed] = set()
        # Spools written without an audit event (a renewal), told by the command path.
        self._touched: set[str] = set()
        self.wake: Callable[[], None] | None = None
        self._now, self._today = now, today
        self._lock = threading.RLock()
        # Refreshes read the database one at a time: two racing refreshes of one spool (the
        # keeper's and a read's catch_up) must file it in the order they read it, or an older
        # read filed last leaves a stale row until the spool's next change.
        self._refreshing = threading.Lock()
        self._spools: dict[str, Spool] | None = None
        self._keys: dict[str, str] = {}  # tag -> what the search looks in
        self._ops: dict[Operacion, _OpQueue] = {}
        self._personal: dict[str, frozenset[int]] = {}
        self._by_worker: dict[int, set[str]] = defaultdict(set)
        self._deadlines: list[tuple[datetime, str]] = []
        self._fecha: date | None = None
        self._applied = 0
        self._swept = 0.0
        self.version = 0
        self.epoch = secrets.token_hex(4)
        # The API's JSON of a row shared by every worker not on the spool, keyed by (epoch, op,
        # tag) with what it was written from: kept per floor, so two apps never share it.
        self.shared_rows: dict[
            tuple[str, Operacion, str], tuple[Placed, RowInfo | None, datetime | None, str]
        ] = {}
        self.feeds: set[TabletFeed] = set()
        # A worker's totals as of a floor version: several tablets of one worker, one change.
        self._totals_at: dict[tuple[int, Operacion], tuple[int, dict[str, int]]] = {}
        # What catch_up() found changed and no tablet was told yet (it may run in a read's
        # thread; tablets are told on the event loop), with the newest event behind each (None:
        # a lapse or a sweep); None after a rebuild.
        self._unsent: dict[str, int | None] | None = {}
        # Per spool, the newest event whose change the tablets were told: with several
        # processes, one change may reach this floor twice (its own catch-up reading the log,
        # then the event through Redis); the tablets get it once, with its id.
        self._told: dict[str, int] = {}

    # ---- keeping the floor ------------------------------------------------------------------

    def _load(self) -> None:
        self._applied = self._log.last_event_id()
        spools = self._read.all_spools()
        self._welds = {t: tuple(rows) for t, rows in self._read.unions_of(None).items() if rows}
        progress = {t: resumen(rows, self._tipos_sold) for t, rows in self._welds.items()}
        rechazos = pending_rechazos(self._read, spools)
        self._info = {}
        self._note((s.tag_spool for s in spools), progress, rechazos)
        self._spools = {}
        self._ops = {}
        self._personal, self._by_worker, self._deadlines = {}, defaultdict(set), []
        self.board.reset()
        now = self._now()
        self._fecha = self._today()
        for spool in spools:
            self._index(spool.tag_spool, spool, now)
        self.board.settle()  # boards start from a snapshot after a rebuild
        self._swept = time.monotonic()
        self.version += 1

    def _index(self, tag: str, spool: Spool | None, now: datetime) -> None:
        """Files `spool` (None: gone) under `tag` for the ops built so far and the board; no
        version bump."""
        assert self._spools is not None
        for wid in self._personal.pop(tag, frozenset()):
            self._by_worker[wid].discard(tag)
        if spool is None:
            self._spools.pop(tag, None)
            self._keys.pop(tag, None)
        else:
            self._spools[tag] = spool
            self._keys[tag] = f"{tag.upper()}\n{(spool.nv or '').upper()}"
            view, expired = effective(spool, now)
            ids = frozenset(o.worker_id for o in (view.holder, expired) if o is not None)
            if ids:
                self._personal[tag] = ids
                for wid in ids:
                    self._by_worker[wid].add(tag)
            if view.holder is not None and view.holder.lease_expires_at is not None:
                heapq.heappush(self._deadlines, (view.holder.lease_expires_at, tag))
        self.board.put(tag, spool, now)
        for op, queue in self._ops.items():
            self._file(queue, tag, spool, op, now)

    def _file(
        self, queue: _OpQueue, tag: str, spool: Spool | None, op: Operacion, now: datetime
    ) -> None:
        old = queue.placed.pop(tag, None)
        if old is not None:
            order = queue.order[old.group]
            i = bisect_right(order, tag) - 1
            if i >= 0 and order[i] == tag:
                del order[i]
        assert self._fecha is not None
        new = (
            place(spool, _ANYONE, op, now, self._ttl, self._fecha, self._unions(tag, op))
            if spool
            else None
        )
        if new is not None:
            queue.placed[tag] = new
            insort(queue.order[new.group], tag)

    def _unions(self, tag: str, op: Operacion) -> Unions:
        """What `place` needs of the spool's unions: only METROLOGIA's decision reads them."""
        rows = self._welds.get(tag) if op is Operacion.METROLOGIA else None
        return Unions(rows, None, self._tipos_sold) if rows else NO_UNIONS

    def _note(
        self, tags: Iterable[str], progress: dict[str, Resumen], rechazos: dict[str, Rechazo]
    ) -> None:
        for tag in tags:
            info = RowInfo(progress.get(tag), rechazos.get(tag))
            if info == _NO_INFO:
                self._info.pop(tag, None)
            else:
                self._info[tag] = info

    def _progress_moved(self, progress: dict[str, Resumen]) -> set[str]:
        """The spools whose unions' progress is not what this floor shows (an import of the
        Uniones sheet writes no event per spool: the sweep finds it)."""
        return {
            t
            for t in {*progress, *self._info}
            if progress.get(t) != self._info.get(t, _NO_INFO).progreso
        }

    def info(self, tags: Iterable[str]) -> dict[str, RowInfo]:
        """What these spools' rows show beside their place (absent: nothing)."""
        with self._lock:
            return {t: self._info[t] for t in tags if t in self._info}

    def _op(self, op: Operacion) -> _OpQueue:
        queue = self._ops.get(op)
        if queue is None:
            assert self._spools is not None
            queue = _OpQueue()
            now = self._now()
            for tag, spool in self._spools.items():
                self._file(queue, tag, spool, op, now)
            self._ops[op] = queue
        return queue

    def refresh(self, tags: Iterable[str]) -> list[str]:
        """Re-reads and re-decides these spools (they changed); returns them."""
        wanted = sorted(set(tags))
        if not wanted:
            return []
        if IMPORT_TAG in wanted:  # a sheet import, one event for a whole file: sweep next
            self.sweep_next()
        with self._refreshing:
            fresh = {tag: self._read.spool(tag) for tag in wanted}
            # One query for these spools' unions, one more only when one of them is rejected now.
            welds = self._read.unions_of(wanted)
            progress = {tag: resumen(rows, self._tipos_sold) for tag, rows in welds.items()}
            rechazos = pending_rechazos(self._read, (s for s in fresh.values() if s is not None))
            with self._lock:
                if self._spools is None:
                    return []
                now = self._now()
                for tag in wanted:
                    rows = welds.get(tag)
                    if rows:
                        self._welds[tag] = tuple(rows)
                    else:
                        self._welds.pop(tag, None)
                for tag, spool in fresh.items():
                    self._index(tag, spool, now)
                self._note(wanted, progress, rechazos)
                self.version += 1
        return wanted

    def sweep_next(self) -> None:
        """The next catch_up re-reads every spool now rather than within the minute: a sheet
        import wrote many spools (and their unions) under one event."""
        with self._lock:
            self._swept = float("-inf")

    def touched(self, tags: Iterable[str]) -> None:
        """The command path wrote these spools without an audit event (a renewal): a live-only
        notice, so queues and boards move now rather than at the minute's sweep. Called from
        any thread; the next catch_up (or the keeper, woken) re-reads them."""
        with self._lock:
            self._touched.update(tags)
        if self.wake is not None:
            self.wake()

    def take_touched(self) -> list[str]:
        """Re-reads the spools told by `touched` (none when the floor is not built yet)."""
        with self._lock:
            tags, self._touched = self._touched, set()
        return self.refresh(tags)

    def catch_up(self) -> list[str] | None:
        """Applies what the audit log has that this floor has not (or builds it, or rebuilds
        it on a new day), expires the holds whose time has come and, once a minute, re-reads
        every spool (writes that make no event, e.g. renewals). Returns the tags that changed, or
        None when the floor was rebuilt (a new day: every tablet must read its queue again).
        The database is read outside the lock: tablets' rows are served meanwhile."""
        with self._lock:
            if self._spools is None or self._fecha != self._today():
                rebuilt = self._spools is not None
                self._load()
                if rebuilt:
                    self._unsent = None
                return None if rebuilt else []
            applied = self._applied
        changed: set[str] = set()
        with self._lock:
            changed.update(self._touched)
            self._touched.clear()
        ids: dict[str, int] = {}
        last = self._log.last_event_id()
        while applied < last:
            batch = self._log.events_after(applied, None, 1000)
            if not batch:
                break
            for e in batch:
                if e.tag_spool:
                    ids[e.tag_spool] = max(ids.get(e.tag_spool, 0), e.id)
            changed.update(ids)
            applied = batch[-1].id
        current = None
        progress: dict[str, Resumen] = {}
        if time.monotonic() - self._swept >= SWEEP_SECONDS:
            self._swept = time.monotonic()
            current = {s.tag_spool: s for s in self._read.all_spools()}
            progress = self._read.union_summaries(self._tipos_sold)
        with self._lock:
            assert self._spools is not None
            now = self._now()
            while self._deadlines and self._deadlines[0][0] <= now:
                changed.add(heapq.heappop(self._deadlines)[1])
            if current is not None:
                changed.update(t for t, s in current.items() if self._spools.get(t) != s)
                changed.update(set(self._spools) - set(current))
                changed.update(self._progress_moved(progress))
        done = self.refresh(changed) if changed else []
        with self._lock:
            # Only once re-read: a read meanwhile must not take these events as applied and
            # answer (or 304) the floor before them; at worst it re-reads them too.
            self._applied = max(self._applied, applied)
            if self._unsent is not None:
                for tag in done:
                    known = [n for n in (self._unsent.get(tag), ids.get(tag)) if n is not None]
                    self._unsent[tag] = max(known, default=None)
        return done

    def take_unsent(self) -> tuple[int | None, list[str] | None]:
        """The spools catch_up() found changed since the last call (None: everything, after a
        rebuild), for the tablets' feeds, and the newest event among them (None: none)."""
        with self._lock:
            unsent, self._unsent = self._unsent, {}
            if unsent is None:
                return None, None
            for tag, n in unsent.items():
                if n is not None and n > self._told.get(tag, 0):
                    self._told[tag] = n
            newest = max((n for n in unsent.values() if n is not None), default=None)
            return newest, sorted(unsent)

    def applied(self, events: list[AuditEvent]) -> list[str]:
        """Events the hub delivered: their spools are re-read, unless the tablets were already
        told of a change at least this new (catch_up read it in the log first)."""
        with self._lock:
            if self._spools is None:
                return []
            fresh = [e for e in events if e.tag_spool and e.id > self._told.get(e.tag_spool, 0)]
        done = self.refresh(e.tag_spool for e in fresh)
        with self._lock:  # once re-read (see catch_up)
            self._applied = max(self._applied, max(e.id for e in events))
            for e in fresh:
                self._told[e.tag_spool] = max(self._told.get(e.tag_spool, 0), e.id)
            if self._unsent is not None:
                for tag in done:  # re-read just now: what catch_up had for it is told with it
                    pending = self._unsent.get(tag, 0)
                    if pending is None or pending <= self._told.get(tag, 0):
                        self._unsent.pop(tag, None)
        return done

    # ---- a worker's view --------------------------------------------------------------------

    def worker(self, worker_id: int, op: Operacion) -> Worker:
        """An active worker whose roles allow `op` (else the command's own refusal): a page or
        a stream of an operation nobody lets this worker do would decide every spool for them
        on every change."""
        worker = active_worker(self._read, worker_id)
        check_role(worker, op)
        return worker

    def _mine(self, worker: Worker, op: Operacion, tag: str, now: datetime) -> Placed | None:
        """This worker's row of one spool."""
        assert self._spools is not None and self._fecha is not None
        spool = self._spools.get(tag)
        if spool is None:
            return None
        if worker.id in self._personal.get(tag, ()) or not allowed(worker, op):
            return place(spool, worker, op, now, self._ttl, self._fecha, self._unions(tag, op))
        return self._op(op).placed.get(tag)

    def is_shared(self, op: Operacion, tag: str, placed: Placed) -> bool:
        """`placed` is the row every worker who is not on the spool sees, not one decided for a
        single worker: its presentation may be shared by their tablets."""
        queue = self._ops.get(op)
        return queue is not None and queue.placed.get(tag) is placed

    def rows(
        self, worker: Worker, op: Operacion, tags: list[str]
    ) -> tuple[list[tuple[str, Placed | None]], dict[str, int]]:
        with self._lock:
            if self._spools is None:
                self._load()
            now = self._now()
            key = (worker.id, op)
            kept = self._totals_at.get(key)
            if kept is None or kept[0] != self.version:
                if len(self._totals_at) > 4096:
                    self._totals_at.clear()
                kept = (self.version, self._totals(worker, op, now))
                self._totals_at[key] = kept
            return [(t, self._mine(worker, op, t, now)) for t in tags], dict(kept[1])

    def _overrides(self, worker: Worker, op: Operacion, now: datetime) -> dict[str, Placed | None]:
        """The rows where this worker differs from anyone (see the module's docstring)."""
        assert self._spools is not None and self._fecha is not None
        fecha = self._fecha
        if not allowed(worker, op):
            return {
                t: place(s, worker, op, now, self._ttl, fecha, self._unions(t, op))
                for t, s in self._spools.items()
            }
        return {
            t: place(self._spools[t], worker, op, now, self._ttl, fecha, self._unions(t, op))
            for t in self._by_worker.get(worker.id, ())
            if t in self._spools
        }

    def _totals(self, worker: Worker, op: Operacion, now: datetime) -> dict[str, int]:
        queue = self._op(op)
        totals: dict[str, int] = {g: len(queue.order[g]) for g in GROUPS}
        for tag, mine in self._overrides(worker, op, now).items():
            anyone = queue.placed.get(tag)
            if anyone is not None:
                totals[anyone.group] -= 1
            if mine is not None:
                totals[mine.group] += 1
        return totals

    def page(
        self,
        worker: Worker,
        op: Operacion,
        group: Group,
        q: str | None,
        after: str | None,
        limit: int,
    ) -> tuple[Page, dict[str, int]]:
        """Rows of one group in tag order after `after`, at most `limit`, matching `q` (a part
        of the tag or NV); `matched` counts every row of the group matching `q`."""
        with self._lock:
            queue = self._op(op)
            now = self._now()
            overrides = self._overrides(worker, op, now)
            needle = q.upper() if q else None
            keys = self._keys

            def hit(tag: str) -> bool:
                return needle is None or needle in keys[tag]

            order = queue.order[group]
            start = bisect_right(order, after) if after else 0
            rows: list[Placed] = []
            for tag in order[start:]:
                if len(rows) >= limit:
                    break
                if tag not in overrides and hit(tag):
                    rows.append(queue.placed[tag])
            own = [
                p
                for t, p in overrides.items()
                if p is not None and p.group == group and (after is None or t > after) and hit(t)
            ]
            rows = sorted(rows + own, key=lambda p: p.spool.tag_spool)[:limit]
            if needle is None:
                matched = self._totals(worker, op, now)[group]
            else:
                matched = sum(1 for t in order if t not in overrides and hit(t))
                matched += sum(
                    1 for t, p in overrides.items() if p is not None and p.group == group and hit(t)
                )
            return Page(rows, matched), self._totals(worker, op, now)

    def first_screen(
        self, worker: Worker, op: Operacion, q: str | None, limit: int
    ) -> tuple[dict[Group, Page], dict[str, int]]:
        with self._lock:
            pages = {g: self.page(worker, op, g, q, None, limit)[0] for g in GROUPS}
            return pages, self._totals(worker, op, self._now())

    # ---- tablets subscribed -------------------------------------------------------------------

    def subscribe(self, worker_id: int, op: Operacion) -> TabletFeed:
        feed = TabletFeed(worker_id, op)
        self.feeds.add(feed)
        return feed

    def unsubscribe(self, feed: TabletFeed) -> None:
        self.feeds.discard(feed)

    # ---- boards subscribed --------------------------------------------------------------------

    def subscribe_board(self) -> BoardFeed:
        feed = BoardFeed()
        self.boards.add(feed)
        return feed

    def unsubscribe_board(self, feed: BoardFeed) -> None:
        self.boards.discard(feed)

    def board_snapshot(self) -> BoardChange:
        """The whole board as of now (the floor built if it was not). The PD of the day is
        read again: it is otherwise read only while boards take changes."""
        pd = self._pd_today()
        with self._lock:
            if self._spools is None:
                self._load()
            self.board.set_pd(pd)
            return self.board.snapshot()

    def board_change(self, events: list[AuditEvent]) -> BoardChange | None:
        """What changed on the board since the last call, decided once for every board (the
        PD of the day read again only after events that may finish unions)."""
        pd = self._pd_today() if self.board.reread_pd(events) else None
        with self._lock:
            if pd is not None:
                self.board.set_pd(pd)
            return self.board.take(events)

    def publish_board(self, change: BoardChange | None) -> None:
        if change is None:
            return
        for feed in tuple(self.boards):
            feed.offer(change)

    def notify(self, event_id: int | None, tags: list[str] | None) -> None:
        """Tells every tablet these spools changed; None: everything did (their streams end,
        and each tablet reads its queue again when its stream reopens)."""
        for feed in tuple(self.feeds):
            if tags is None:
                feed.end()
            elif tags:
                feed.offer(event_id, tags)
        if tags is None:  # boards too start again from a snapshot
            for board in tuple(self.boards):
                board.end()


class FloorKeeper:
    """Feeds the floor from this process's hub, expires holds on time and sweeps: the
    background work of a process (started by the app's lifespan)."""

    def __init__(self, floor: FloorQueues, hub: LiveEvents) -> None:
        self.floor, self.hub = floor, hub
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _board(self, events: list[AuditEvent]) -> None:
        if self.floor.boards:
            self.floor.publish_board(await asyncio.to_thread(self.floor.board_change, events))

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        woken = asyncio.Event()

        # A write without an event (a renewal) wakes this loop at once (FloorQueues.touched).
        def wake() -> None:
            loop.call_soon_threadsafe(woken.set)

        self.floor.wake = wake
        sub = self.hub.subscribe(None, internal=True)
        getter: asyncio.Task[AuditEvent | None] | None = None
        ticked = 0.0
        try:
            while True:
                events: list[AuditEvent] = []
                ended = False
                if getter is None:
                    getter = asyncio.ensure_future(sub.queue.get())
                waiter = asyncio.ensure_future(woken.wait())
                done, _ = await asyncio.wait(
                    {getter, waiter}, timeout=TICK_SECONDS, return_when=asyncio.FIRST_COMPLETED
                )
                waiter.cancel()
                if getter in done:
                    first, getter = getter.result(), None
                    ended = first is None
                    if first is not None:
                        events.append(first)
                    while not ended and not sub.queue.empty():
                        more = sub.queue.get_nowait()
                        if more is None:
                            ended = True
                            break
                        events.append(more)
                if events:
                    tags = await asyncio.to_thread(self.floor.applied, events)
                    self.floor.notify(events[-1].id, tags)
                    await self._board(events)
                if woken.is_set():
                    woken.clear()
                    self.floor.notify(None, await asyncio.to_thread(self.floor.take_touched))
                    await self._board([])
                due = time.monotonic() - ticked >= TICK_SECONDS
                if ((self.floor.feeds or self.floor.boards) and due) or ended:
                    ticked = time.monotonic()
                    await asyncio.to_thread(self.floor.catch_up)
                    newest, unsent = self.floor.take_unsent()
                    self.floor.notify(newest, unsent)
                    if unsent is not None:
                        await self._board([])
                if ended:  # fell behind the hub: the catch-up above read the log instead
                    self.hub.unsubscribe(sub)
                    sub = self.hub.subscribe(None, internal=True)
        finally:
            if getter is not None:
                getter.cancel()
            self.floor.wake = None
            self.hub.unsubscribe(sub)
