"""The live board kept in memory and moved one spool per change (issue 17): who holds what and
the resumen's counts, decided once per change for every board, which then receives only what
changed. The floor (services/floor.py) files every spool here when it files it for the queues,
under its lock; the floor's keeper takes the change once per batch and hands it to each board's
feed. A board's stream starts with the whole board (a snapshot), so a board that missed changes
ends exactly equal to a fresh load."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zeues.domain.board import BOARD_STATES, STAGES, board_state, held_now, stage_states
from zeues.domain.model import AuditEvent, EventoTipo, Spool

BOARD_QUEUE = 500
# Events that change unions only as their metadata says (`uniones`: the unions they finished):
# without one, the PD of the day is not read again for them (at 10,000 spools that read costs
# ~120 ms of CPU, bench/board_change_cost.py). Any other event reads it again.
_PD_IN_METADATA = frozenset(
    {
        EventoTipo.TOMAR_SPOOL,
        EventoTipo.PAUSAR_SPOOL,
        EventoTipo.COMPLETAR_ARM,
        EventoTipo.COMPLETAR_SOLD,
        EventoTipo.TOMAR_REPARACION,
        EventoTipo.LEASE_EXPIRADO,
        EventoTipo.NOTA,
    }
)

_Key = tuple[bool, bool, str | None, tuple[str, str, str, str | None]]


@dataclass(frozen=True)
class BoardChange:
    """What a board applies: `held` the spools held now that changed (or all, when `full`),
    `freed` the spools no longer held, `counts` the resumen's fields that changed (whole
    values; all when `full`), `events` the audit events behind it (the activity list).
    `version` is the board model's (it moves with every spool filed): a board whose snapshot
    is at or past it already has it."""

    version: int
    held: tuple[Spool, ...] = ()
    freed: tuple[str, ...] = ()
    counts: dict[str, Any] = field(default_factory=dict)
    events: tuple[AuditEvent, ...] = ()
    full: bool = False


class BoardFeed:
    """One board's stream: the changes in order; None ends it (fell behind: it reconnects and
    starts again from a snapshot)."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[BoardChange | None] = asyncio.Queue(BOARD_QUEUE)
        self.lagged = False

    def offer(self, change: BoardChange) -> None:
        if self.lagged:
            return
        try:
            self.queue.put_nowait(change)
        except asyncio.QueueFull:
            self.end()

    def end(self) -> None:
        self.lagged = True
        self.queue = asyncio.Queue(1)
        self.queue.put_nowait(None)


class BoardModel:
    """Not thread-safe by itself: the floor calls it under its lock."""

    def __init__(self, pd_today: Callable[[], float]) -> None:
        self._pd_today = pd_today
        self.version = 0
        self._clear()

    def _clear(self) -> None:
        self._keys: dict[str, _Key] = {}
        self._held: dict[str, Spool] = {}
        self._flat: Counter[str] = Counter()
        self._stages: dict[str, Counter[str]] = {s: Counter() for s in STAGES}
        self._pd = 0.0
        self._dirty_tags: set[str] = set()
        self._dirty_fields: set[str] = set()

    def reset(self) -> None:
        """Forgets every spool (the floor files them all again) and reads the day's PD."""
        self._clear()
        self.version += 1
        self._pd = self._pd_today()

    def put(self, tag: str, spool: Spool | None, now: datetime) -> None:
        """Files `spool` (None: gone) under `tag` as it stands at `now`."""
        self.version += 1
        old = self._keys.pop(tag, None)
        if old is not None:
            self._count(old, -1)
        was_held = self._held.pop(tag, None)
        if spool is not None:
            key = (spool.bloqueado, held_now(spool, now), board_state(spool, now))
            full_key: _Key = (*key, stage_states(spool, now))
            self._keys[tag] = full_key
            self._count(full_key, 1)
            if key[1]:
                self._held[tag] = spool
        if was_held != self._held.get(tag):  # held, freed, or its row changed
            self._dirty_tags.add(tag)

    def _count(self, key: _Key, n: int) -> None:
        blocked, held, state, stages = key
        changes = [("total", n)]
        if blocked:
            changes.append(("bloqueados", n))
        if held:
            changes.append(("ocupados", n))
        if state is not None:
            changes.append((state, n))
        for name, k in changes:
            self._flat[name] += k
            self._dirty_fields.add(name)
        for stage, value in zip(STAGES, stages, strict=True):
            if value is not None:
                self._stages[stage][value] += n
                self._dirty_fields.add(stage)

    def counts(self) -> dict[str, Any]:
        """The resumen's counts (without its timestamp), as /api/dashboard/resumen says."""
        flat = self._flat
        out: dict[str, Any] = {
            "total": flat["total"],
            "ocupados": flat["ocupados"],
            "bloqueados": flat["bloqueados"],
        }
        out.update({state: flat[state] for state in BOARD_STATES})
        for stage in STAGES:
            out[stage] = {k: v for k, v in sorted(self._stages[stage].items()) if v}
        out["pd_hoy"] = self._pd
        return out

    def reread_pd(self, events: list[AuditEvent]) -> bool:
        """Whether these events may change the PD of the day (then it is read again)."""
        return any(
            e.evento_tipo not in _PD_IN_METADATA or e.metadata.get("uniones") for e in events
        )

    def set_pd(self, pd: float) -> None:
        if pd != self._pd:
            self.version += 1
            self._pd = pd
            self._dirty_fields.add("pd_hoy")

    def settle(self) -> None:
        """Forgets what changed (every board starts again from a snapshot)."""
        self._dirty_tags, self._dirty_fields = set(), set()

    def take(self, events: list[AuditEvent]) -> BoardChange | None:
        """What changed since the last take (None: nothing a board shows)."""
        tags, fields = self._dirty_tags, self._dirty_fields
        self._dirty_tags, self._dirty_fields = set(), set()
        if not tags and not fields and not events:
            return None
        counts = self.counts()
        # A field that moved and came back still goes: the whole value is sent, never a delta.
        return BoardChange(
            self.version,
            held=tuple(self._held[t] for t in sorted(tags) if t in self._held),
            freed=tuple(t for t in sorted(tags) if t not in self._held),
            counts={k: counts[k] for k in sorted(fields) if k in counts},
            events=tuple(events),
        )

    def snapshot(self) -> BoardChange:
        held = sorted(self._held.values(), key=_newest_first)
        return BoardChange(self.version, held=tuple(held), counts=self.counts(), full=True)


def _newest_first(spool: Spool) -> tuple[float, str]:
    assert spool.holder is not None
    return (-spool.holder.since.timestamp(), spool.tag_spool)
