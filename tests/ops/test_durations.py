"""Durations of ``--duration`` and ``--interval``, shared by monitor and loadtest."""

from __future__ import annotations

import pytest

from zeues.ops.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2h", 7200),
        ("15m", 900),
        ("5s", 5),
        ("60s", 60),
        ("1h30m", 5400),
        ("500ms", 0.5),
        ("90", 90),
        (" 2H ", 7200),
        ("1.5m", 90),
        ("1d", 86400),
    ],
)
def test_operator_durations_are_parsed_to_seconds(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "5x", "h", "0s", "-5s", "5s3", "m5"])
def test_malformed_or_empty_durations_are_refused_in_spanish(text: str) -> None:
    with pytest.raises(ValueError, match=r"[Dd]uración"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.35, "350ms"), (4.2, "4.2s"), (42, "42s"), (200, "3m 20s"), (7500, "2h 05m")],
)
def test_durations_are_formatted_for_people(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
