"""The one rule for a spool's tag, shared by the import, the API and the scanner (issue 19):
what a tablet can scan and type, and what every command accepts.

A tag is normalised first, the way the floor writes it: spaces around it trimmed, upper-case
(a scanner reads `MK-001`, a sheet may say `mk-001`), and the dashes Excel's autocorrect
puts in (en dash, em dash, minus sign…) made a plain '-'. What is left must be letters A-Z,
digits, '.', '_' or '-', starting with a letter or digit, at most 100 characters; anything
else is refused with the reason, never guessed (a space inside may separate two codes)."""

from __future__ import annotations

import re

MAX_TAG = 100
# Around a tag, what a sheet or a form may leave: spaces, tabs, line ends, non-breaking space.
_AROUND = " \t\r\n\u00a0"
_AROUND_CLASS = r" \t\r\n\u00a0"  # the same, as a regex class
_DASH_CLASS = r"\u2010-\u2015\u2212\ufe58\ufe63\uff0d"
# Exactly the text `normalise_tag` accepts (with len(text) <= MAX_TAG), as a JSON Schema
# pattern: the API documents what it takes (tests/security/test_import_tags.py checks both agree).
TAG_INPUT_PATTERN = (
    rf"^[{_AROUND_CLASS}]*[A-Za-z0-9][A-Za-z0-9._\-{_DASH_CLASS}]*[{_AROUND_CLASS}]*$"
)
# Hyphens and dashes (en, em, minus sign, full-width...) that autocorrect or a keyboard puts in.
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"
)
_ALLOWED = re.compile(r"[A-Z0-9._-]")
_VALID = re.compile(r"[A-Z0-9][A-Z0-9._-]*")


class TagNoValido(ValueError):
    """The reason, in Spanish, a tag cannot be stored or scanned."""


def clean_tag(raw: str) -> str:
    """Trimmed, upper-case, dashes made '-': the form a tag is stored and compared in."""
    text = raw.translate(_DASHES).strip(_AROUND)
    # Only ASCII is upper-cased: 'ß'.upper() is 'SS', which would turn a refusal into a guess.
    return text.upper() if text.isascii() else text


def tag_problem(tag: str) -> str | None:
    """Why a cleaned tag is refused, or None."""
    if not tag:
        return "falta el TAG"
    if len(tag) > MAX_TAG:
        return f"TAG de más de {MAX_TAG} caracteres"
    if _VALID.fullmatch(tag):
        return None
    if any(ch.isspace() for ch in tag):
        return "el TAG tiene espacios: un código no lleva espacios (use '-' o '_')"
    bad = next((ch for ch in tag if not (ch.isascii() and _ALLOWED.fullmatch(ch.upper()))), None)
    if bad is not None:
        shown = bad if bad.isprintable() else f"U+{ord(bad):04X}"
        return (
            f"el TAG tiene «{shown}», que la tablet no puede escanear ni escribir: "
            "use solo letras A-Z, números, '.', '_' o '-'"
        )
    return "el TAG debe empezar con una letra o un número"


def normalise_tag(raw: str) -> str:
    """The stored form of `raw`, or TagNoValido with the reason."""
    if len(raw) > MAX_TAG:
        raise TagNoValido(f"TAG de más de {MAX_TAG} caracteres")
    tag = clean_tag(raw)
    problem = tag_problem(tag)
    if problem is not None:
        raise TagNoValido(problem)
    return tag
