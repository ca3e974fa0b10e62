"""Text cells that a spreadsheet program could run as a formula (CSV injection, OWASP): on
export a cell starting with = + - @ tab or CR gets a leading apostrophe, and the import of a
CSV takes exactly that apostrophe off again, so our own export imports back unchanged.

A text that itself starts with an apostrophe before one of those characters is escaped too
(one more apostrophe), so `unescape(escape(v)) == v` for every text, a legitimate "-5" or a
tag starting with '-' included. Numbers are never escaped: a number cannot be a formula."""

from __future__ import annotations

TRIGGERS = frozenset("=+-@\t\r")
QUOTE = "'"


def unescape(text: str) -> str:
    """The text a CSV cell written by `escape` stood for."""
    if len(text) >= 2 and text[0] == QUOTE and (text[1] in TRIGGERS or text[1] == QUOTE):
        return text[1:]
    return text


def escape(text: str) -> str:
    """The cell to write to a CSV for `text`: never read as a formula, and reversible."""
    if text and (text[0] in TRIGGERS or unescape(text) != text):
        return QUOTE + text
    return text
