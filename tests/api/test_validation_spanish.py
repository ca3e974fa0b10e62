"""Every validation message a client can receive is Spanish: one request per pydantic error
type the API can produce, each answered 422 VALIDATION_ERROR with that type in `detail` and a
Spanish `message` free of pydantic's English."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_validation_error
from tests.infra.auth import ADMIN_HEADERS
from zeues.api.validation import GENERIC, spanish_message, text_for

ENGLISH = ("Input should", "should be", "Field required", "Value error", "JSON decode", "valid")
TOMAR = "/api/occupation/tomar"
BATCH = "/api/occupation/batch-tomar"
WORKERS = "/api/admin/workers"
SPOOLS = "/api/admin/spools"


def _tomar(**changes: Any) -> dict[str, Any]:
    return {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM", **changes}


def _worker(**changes: Any) -> dict[str, Any]:
    return {"id": 500, "nombre": "Ana", "apellido": "Soto", **changes}


# (method, url, json body or raw bytes, pydantic type expected in detail, Spanish text expected)
CASES = [
    ("GET", "/api/spools/iniciar?operacion=ARM&limit=abc", None, "int_parsing", "número entero"),
    ("GET", "/api/spools/iniciar?operacion=ARM&limit=1.5", None, "int_parsing", "número entero"),
    (
        "GET",
        "/api/spools/iniciar?operacion=ARM&limit=0",
        None,
        "greater_than_equal",
        "mayor o igual que 1",
    ),
    (
        "GET",
        "/api/spools/iniciar?operacion=ARM&limit=99999999",
        None,
        "less_than_equal",
        "como máximo",
    ),
    (
        "GET",
        "/api/spools/iniciar?operacion=ARM&offset=-1",
        None,
        "greater_than_equal",
        "mayor o igual que 0",
    ),
    ("GET", "/api/spools/iniciar", None, "missing", "falta el campo obligatorio"),
    ("GET", "/api/spools/iniciar?operacion=PINTURA", None, "enum", "use 'ARM', 'SOLD'"),
    ("GET", "/api/spools/ocupados?worker_id=0", None, "greater_than", "mayor que 0"),
    (
        "GET",
        f"/api/spools/ocupados?q={'A' * 101}",
        None,
        "string_too_long",
        "máximo 100 caracteres",
    ),
    ("GET", "/api/spools/ocupados?q=a%20b", None, "string_pattern_mismatch", "formato no válidos"),
    ("GET", "/api/workers/abc/roles", None, "int_parsing", "número entero"),
    # The one tag rule (domain/tags.py, issue 19) says why a tag is refused.
    ("GET", "/api/history/-x", None, "value_error", "empezar con una letra o un número"),
    ("GET", "/api/history/MK%C3%9101", None, "value_error", "«Ñ», que la tablet no puede"),
    ("POST", TOMAR, b"{", "json_invalid", "no es JSON válido"),
    ("POST", TOMAR, b"\xff\x10e", "json_invalid", "UTF-8"),
    ("POST", TOMAR, [], "model_attributes_type", "objeto JSON"),
    ("POST", TOMAR, _tomar(tag_spool=7), "string_type", "debe ser texto"),
    ("POST", TOMAR, _tomar(tag_spool=""), "string_too_short", "mínimo 1 caracteres"),
    ("POST", TOMAR, _tomar(tag_spool="A" * 101), "string_too_long", "máximo 100"),
    ("POST", TOMAR, _tomar(worker_id="93"), "value_error", "número entero"),
    ("POST", TOMAR, _tomar(worker_id=0), "greater_than", "mayor que 0"),
    ("POST", TOMAR, _tomar(worker_id=2**40), "less_than_equal", "como máximo 2147483647"),
    ("POST", TOMAR, _tomar(operacion="arm"), "enum", "valor no permitido"),
    ("POST", TOMAR, {"tag_spool": "TEST-01", "worker_id": 93}, "missing", "operacion: falta"),
    (
        "POST",
        BATCH,
        {"tag_spools": "TEST-01", "worker_id": 93, "operacion": "ARM"},
        "list_type",
        "lista",
    ),
    (
        "POST",
        BATCH,
        {"tag_spools": [], "worker_id": 93, "operacion": "ARM"},
        "too_short",
        "mínimo 1",
    ),
    (
        "POST",
        BATCH,
        {"tag_spools": [f"T-{i}" for i in range(51)], "worker_id": 93, "operacion": "ARM"},
        "too_long",
        "máximo 50",
    ),
    (
        "POST",
        "/api/tomar-reparacion",
        {"tag_spool": "X", "worker_id": 1, "operacion": "ARM"},
        "literal_error",
        "'REPARACION'",
    ),
    ("POST", WORKERS, _worker(activo="si"), "bool_type", "verdadero o falso"),
    ("POST", WORKERS, _worker(roles=["Pintor"]), "enum", "valor no permitido"),
    ("POST", WORKERS, _worker(roles="Armador"), "list_type", "lista"),
    (
        "POST",
        SPOOLS,
        {"tag_spool": "X-1", "fecha_materiales": "ayer"},
        "date_from_datetime_parsing",
        "YYYY-MM-DD",
    ),
    (
        "POST",
        SPOOLS,
        {"tag_spool": "X-1", "fecha_materiales": 3.5},
        "date_from_datetime_inexact",
        "sin hora",
    ),
    ("POST", SPOOLS, {"tag_spool": "X-1", "nv": 5}, "string_type", "debe ser texto"),
]


@pytest.mark.parametrize(("method", "url", "payload", "kind", "spanish"), CASES)
def test_every_validation_error_type_the_api_produces_reads_in_spanish(
    client: TestClient, method: str, url: str, payload: Any, kind: str, spanish: str
) -> None:
    if isinstance(payload, bytes):
        headers = {**ADMIN_HEADERS, "Content-Type": "application/json"}
        response = client.request(method, url, content=payload, headers=headers)
    else:
        response = client.request(method, url, json=payload, headers=ADMIN_HEADERS)
    body = assert_validation_error(response)
    assert kind in {item["type"] for item in body["detail"]}, body
    message = body["message"]
    assert spanish in message, message
    assert not any(word in message for word in ENGLISH), message


# Every pydantic type named in zeues.api.validation, with a representative `ctx`.
TYPES = [
    ("missing", {}, "falta el campo obligatorio"),
    ("int_parsing", {}, "número entero"),
    ("int_from_float", {}, "sin decimales"),
    ("int_parsing_size", {}, "demasiado grande"),
    ("float_parsing", {}, "número"),
    ("bool_parsing", {}, "verdadero o falso"),
    ("string_unicode", {}, "UTF-8"),
    ("datetime_parsing", {}, "fecha y hora"),
    ("greater_than", {"gt": 0}, "mayor que 0"),
    ("less_than", {"lt": 5}, "menor que 5"),
    ("less_than_equal", {}, "como máximo el límite permitido"),
    ("string_too_long", {"max_length": 100}, "máximo 100 caracteres"),
    ("too_short", {"min_length": 1}, "mínimo 1"),
    ("enum", {"expected": "'ARM' or 'SOLD'"}, "use 'ARM' o 'SOLD'"),
    ("literal_error", {}, "valor no permitido"),
    ("value_error", {}, "la fecha 2030-01-01 está en el futuro"),
    ("url_parsing", {}, GENERIC),  # a type the API never produces still reads in Spanish
]


@pytest.mark.parametrize(("kind", "ctx", "spanish"), TYPES)
def test_each_error_type_has_its_spanish_text(kind: str, ctx: dict[str, Any], spanish: str) -> None:
    msg = "Value error, la fecha 2030-01-01 está en el futuro" if kind == "value_error" else "x"
    text = text_for({"type": kind, "loc": ("body", "f"), "msg": msg, "ctx": ctx})
    assert spanish in text
    assert not any(word in text for word in ENGLISH), text


def test_the_message_names_each_field_and_counts_what_it_leaves_out() -> None:
    errors = [
        {"type": "missing", "loc": ("body", f"c{i}"), "msg": "Field required"} for i in range(7)
    ]
    message = spanish_message(errors)
    assert message.startswith("Solicitud no válida: c0: falta el campo obligatorio; c1:")
    assert message.endswith("(y 2 más).")
