"""Time as the shop reads it: the injected clock and the shop's timezone, for what a route
shows and for "today" (a business day in the shop's timezone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from zeues.services.ports import Clock


@dataclass(frozen=True)
class ShopClock:
    clock: Clock
    tz: ZoneInfo

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(self.tz).date()
