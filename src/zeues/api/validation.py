"""Readable Spanish for request validation errors (the `message` of a 422).

Every pydantic error type a request can trigger has its Spanish text here; a type not listed
still gets a Spanish sentence (never pydantic's English `msg`), so a client never shows a mixed
language message. Custom checks (`value_error`) already carry Spanish text of their own."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

_FECHA = "no es una fecha válida (use YYYY-MM-DD)"
_ENTERO = "debe ser un número entero"

_TEXT: dict[str, str] = {
    "missing": "falta el campo obligatorio",
    "json_invalid": "el cuerpo no es JSON válido (revise comillas, comas y que esté en UTF-8)",
    "json_type": "el cuerpo no es JSON válido",
    "model_attributes_type": "debe ser un objeto JSON",
    "model_type": "debe ser un objeto JSON",
    "dict_type": "debe ser un objeto JSON",
    "int_type": _ENTERO,
    "int_parsing": _ENTERO,
    "int_parsing_size": "es un número demasiado grande",
    "int_from_float": _ENTERO + " (sin decimales)",
    "float_type": "debe ser un número",
    "float_parsing": "debe ser un número",
    "finite_number": "debe ser un número finito",
    "string_type": "debe ser texto",
    "string_unicode": "debe ser texto en UTF-8",
    "string_sub_type": "debe ser texto",
    "bool_type": "debe ser verdadero o falso (true o false)",
    "bool_parsing": "debe ser verdadero o falso (true o false)",
    "list_type": "debe ser una lista",
    "none_required": "debe estar vacío (null)",
    "date_type": _FECHA,
    "date_parsing": _FECHA,
    "date_from_datetime_parsing": _FECHA,
    "date_from_datetime_inexact": "debe ser una fecha sin hora (use YYYY-MM-DD)",
    "datetime_type": "no es una fecha y hora válida (use ISO 8601)",
    "datetime_parsing": "no es una fecha y hora válida (use ISO 8601)",
    "datetime_from_date_parsing": "no es una fecha y hora válida (use ISO 8601)",
    "string_pattern_mismatch": "tiene caracteres o formato no válidos",
    "recursion_loop": "tiene una estructura no válida",
    "invalid_key": "tiene una clave no válida",
}


def _bound(word: str, key: str) -> Callable[[Mapping[str, Any]], str]:
    def text(ctx: Mapping[str, Any]) -> str:
        return f"{word} {ctx[key]}" if key in ctx else f"{word} el límite permitido"

    return text


def _length(word: str, key: str, unit: str) -> Callable[[Mapping[str, Any]], str]:
    def text(ctx: Mapping[str, Any]) -> str:
        if key not in ctx:
            return f"{word} permitido"
        return f"{word} {ctx[key]} {unit}"

    return text


# Types whose text names the limit that was crossed (pydantic's `ctx`).
_WITH_LIMIT: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "greater_than": _bound("debe ser mayor que", "gt"),
    "greater_than_equal": _bound("debe ser mayor o igual que", "ge"),
    "less_than": _bound("debe ser menor que", "lt"),
    "less_than_equal": _bound("debe ser como máximo", "le"),
    "string_too_long": _length("es demasiado largo: máximo", "max_length", "caracteres"),
    "string_too_short": _length(
        "está vacío o es demasiado corto: mínimo", "min_length", "caracteres"
    ),
    "too_long": _length("tiene demasiados elementos: máximo", "max_length", ""),
    "too_short": _length("tiene muy pocos elementos: mínimo", "min_length", ""),
}

GENERIC = "valor no válido"


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "cuerpo"


def _allowed(ctx: Mapping[str, Any], msg: str) -> str:
    expected = ctx.get("expected")
    if isinstance(expected, str) and expected:
        return expected.replace(" or ", " o ")
    return msg.removeprefix("Input should be ").replace(" or ", " o ")


def text_for(err: Mapping[str, Any]) -> str:
    """The Spanish text of one pydantic/FastAPI error (without the field name)."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    msg = str(err.get("msg", ""))
    if kind in ("enum", "literal_error"):
        return f"valor no permitido; use {_allowed(ctx, msg)}"
    if kind in ("value_error", "assertion_error"):
        # Raised by our own validators, whose text is Spanish already.
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ") or GENERIC
    if kind in _WITH_LIMIT:
        return _WITH_LIMIT[kind](ctx).rstrip()
    return _TEXT.get(kind, GENERIC)


def spanish_message(details: Sequence[Mapping[str, Any]]) -> str:
    if not details:
        return "Solicitud no válida."
    parts = []
    for err in details[:5]:
        text = text_for(err)
        kind = str(err.get("type", ""))
        parts.append(text if kind == "json_invalid" else f"{_field(err.get('loc', ()))}: {text}")
    more = f" (y {len(details) - 5} más)" if len(details) > 5 else ""
    return "Solicitud no válida: " + "; ".join(parts) + more + "."
