"""Readable Spanish for request validation errors (the `message` of a 422)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_TEXT = {
    "missing": "falta el campo obligatorio",
    "json_invalid": "el cuerpo no es JSON válido",
    "enum": "valor no permitido",
    "literal_error": "valor no permitido",
    "int_type": "debe ser un número entero",
    "string_type": "debe ser texto",
    "bool_type": "debe ser verdadero o falso",
    "list_type": "debe ser una lista",
    "model_attributes_type": "debe ser un objeto JSON",
    "dict_type": "debe ser un objeto JSON",
    "string_too_long": "es demasiado largo",
    "string_too_short": "está vacío o es demasiado corto",
    "string_pattern_mismatch": "tiene caracteres o formato no válidos",
    "too_long": "tiene demasiados elementos (máximo 50)",
    "too_short": "no puede estar vacío",
    "greater_than": "debe ser mayor que 0",
    "less_than_equal": "es demasiado grande",
    "greater_than_equal": "es demasiado pequeño",
    "date_from_datetime_parsing": "no es una fecha válida (use YYYY-MM-DD)",
    "date_parsing": "no es una fecha válida (use YYYY-MM-DD)",
    "date_type": "no es una fecha válida (use YYYY-MM-DD)",
}


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "cuerpo"


def spanish_message(details: Sequence[dict[str, Any]]) -> str:
    if not details:
        return "Solicitud no válida."
    parts = []
    for err in details[:5]:
        kind = str(err.get("type", ""))
        field = _field(err.get("loc", ()))
        if kind in ("enum", "literal_error"):
            allowed = (
                str(err.get("msg", "")).removeprefix("Input should be ").replace(" or ", " o ")
            )
            text = f"valor no permitido; use {allowed}"
        elif kind in ("value_error", "assertion_error"):
            text = str(err.get("msg", "")).removeprefix("Value error, ")
        else:
            text = _TEXT.get(kind, str(err.get("msg", "valor no válido")))
        parts.append(text if kind == "json_invalid" else f"{field}: {text}")
    more = f" (y {len(details) - 5} más)" if len(details) > 5 else ""
    return "Solicitud no válida: " + "; ".join(parts) + more + "."
