"""Times as the API shows them: in the shop's timezone (ZEUES_TIMEZONE)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def in_tz(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    return moment.astimezone(tz) if moment else None


def iso_in_tz(moment: datetime | None, tz: ZoneInfo) -> str | None:
    """The same, as ISO text, for bodies built as plain dicts."""
    return moment.astimezone(tz).isoformat() if moment else None
