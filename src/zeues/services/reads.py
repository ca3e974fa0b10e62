"""Everything a route reads, in one object: the one rule for reads is that routes call this,
never the read model itself. Not-found refusals are raised here (built in not_found.py), and
the lease policy is applied here, not passed by routes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from zeues.domain.actions import Verdict
from zeues.domain.model import AuditEvent, Operacion, Spool, Worker
from zeues.domain.notes import Note
from zeues.domain.sessions import Session
from zeues.domain.unions import pd
from zeues.services import actions, history, notes, production, unions
from zeues.services.not_found import spool_not_found
from zeues.services.policy import Policy
from zeues.services.ports import ReadModel


@dataclass(frozen=True)
class Page:
    """Which part of a listing: `q` a part of a tag, then `limit` rows from `offset`."""

    q: str | None
    limit: int
    offset: int


class Reads:
    def __init__(self, read: ReadModel, policy: Policy) -> None:
        self._read = read
        self._ttl = policy.lease_ttl_seconds
        self._tipos_sold = policy.tipos_sold

    def spool(self, tag: str) -> Spool:
        found = self._read.spool(tag)
        if found is None:
            raise spool_not_found(tag)
        return found

    def worker(self, worker_id: int) -> Worker:
        """An active worker."""
        return actions.active_worker(self._read, worker_id)

    def active_workers(self) -> list[Worker]:
        return self._read.active_workers()

    def disponibles(self, op: Operacion, now: datetime, page: Page) -> tuple[list[Spool], int]:
        return self._read.disponibles(op, now, page.q, page.limit, page.offset)

    def ocupados(
        self, now: datetime, worker: int | None, op: Operacion | None, page: Page
    ) -> tuple[list[Spool], int]:
        return self._read.ocupados(now, worker, op, page.q, page.limit, page.offset)

    def en_reparacion(self, page: Page) -> tuple[list[Spool], int, int]:
        return self._read.en_reparacion(page.q, page.limit, page.offset)

    def acciones(
        self, tag: str, worker_id: int, now: datetime, fecha: date
    ) -> tuple[Spool, list[Verdict]]:
        """The spool as read, and every action's verdict on it."""
        return actions.acciones(self._read, tag, worker_id, now, self._ttl, fecha, self._tipos_sold)

    def cola(
        self, worker_id: int, operacion: Operacion, now: datetime, fecha: date
    ) -> actions.Queue:
        return actions.cola(
            self._read, worker_id, operacion, now, self._ttl, fecha, self._tipos_sold
        )

    def sessions(self, tag: str, now: datetime) -> list[Session]:
        return history.sessions(self._read, tag, now)

    def events(self, tag: str) -> list[AuditEvent]:
        return history.events(self._read, tag)

    def occupied_now(self, now: datetime) -> list[Spool]:
        return self._read.occupied_now(now)

    def resumen(self, now: datetime) -> dict[str, Any]:
        return self._read.resumen(now)

    def produccion(self, day: production.Day, now: datetime) -> dict[str, Any]:
        return production.produccion(self._read, day, now)

    def events_of_day(self, day: production.Day) -> list[AuditEvent]:
        return production.events_of_day(self._read, day)

    def uniones(self, tag: str) -> unions.SpoolUnions:
        return unions.spool_unions(self._read, tag, self._tipos_sold)

    def registro(self, worker_id: int, day: production.Day) -> unions.Registro:
        return unions.registro(self._read, worker_id, day)

    def pd_por_dia(self, first: date, last: date, tz: ZoneInfo) -> list[unions.PdRow]:
        return unions.pd_por_dia(self._read, first, last, tz)

    def notas(self, tag: str) -> list[Note]:
        return notes.notas(self._read, tag)

    def pd_total(self, first: date, last: date, tz: ZoneInfo) -> float:
        """PD of every union finished over [first, last], ARM and SOLD together."""
        return pd(sum(row.decimas for row in self.pd_por_dia(first, last, tz)))
