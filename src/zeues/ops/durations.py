"""Parse and format human durations such as ``2h``, ``15m``, ``5s``, ``1h30m`` or ``500ms``."""

from __future__ import annotations

import re

_UNITS: dict[str, float] = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")


def parse_duration(text: str) -> float:
    """Return the number of seconds in ``text``.

    A bare number is read as seconds. Units may be combined (``1h30m``). Zero, negative and
    malformed values raise ``ValueError`` with a Spanish message an operator can act on.
    """
    raw = text.strip().lower().replace(" ", "")
    if not raw:
        raise ValueError("Duración vacía: use por ejemplo 5s, 15m o 2h")
    try:
        seconds = float(raw)
    except ValueError:
        seconds = _parse_units(raw, text)
    if seconds <= 0:
        raise ValueError(f"La duración debe ser mayor que cero: {text!r}")
    return seconds


def _parse_units(raw: str, original: str) -> float:
    position = 0
    total = 0.0
    for match in _PART.finditer(raw):
        if match.start() != position:
            break
        total += float(match.group(1)) * _UNITS[match.group(2)]
        position = match.end()
    if position != len(raw) or position == 0:
        raise ValueError(
            f"Duración no válida: {original!r} (use por ejemplo 500ms, 5s, 15m, 2h o 1h30m)"
        )
    return total


def format_duration(seconds: float) -> str:
    """Format seconds for people: ``2h 05m``, ``3m 20s``, ``4.2s``, ``350ms``."""
    if seconds < 0:
        seconds = 0.0
    if seconds < 1:
        return f"{seconds * 1000:.0f}ms"
    if seconds < 60:
        return f"{seconds:.1f}s" if seconds < 10 else f"{seconds:.0f}s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"
