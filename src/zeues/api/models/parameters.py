"""Query, path and header parameter types more than one route (or module) uses, with the bounds and
descriptions the OpenAPI document shows."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Path, Query
from pydantic import BeforeValidator

from zeues.api.models.requests import MAX_DB_INT, NAME_PATTERN, TAG_DESCRIPTION, tag_input
from zeues.domain.tags import TAG_INPUT_PATTERN

# Without `limit` a list returns every match, as v3.0 did (its tablets search only what they
# loaded), up to this bound: a shop's whole spool table, with room to spare.
MAX_LIST = 5000
Limit = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_LIST,
        description=(
            f"Máximo de spools a devolver. Sin limit se devuelven todos los que coinciden, hasta "
            f"{MAX_LIST} (`total` dice cuántos hay)."
        ),
    ),
]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Q = Annotated[
    str | None,
    Query(max_length=100, pattern=r"^[A-Za-z0-9._-]*$", description="Parte del código del spool."),
]
TagPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        pattern=TAG_INPUT_PATTERN,
        description=TAG_DESCRIPTION,
        examples=["TEST-01"],
    ),
    BeforeValidator(tag_input),
]
# The supervisor's reset: any stored tag (see requests.StoredTag).
StoredTagPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        pattern=NAME_PATTERN,
        description="Código del spool tal como está guardado; si no existe así, normalizado.",
        examples=["TEST-01"],
    ),
]
# The worker on whose behalf the worker app asks (acciones, cola).
AskingWorkerId = Annotated[int, Query(gt=0, le=MAX_DB_INT, description="Trabajador que pregunta.")]
# A business day for the supervisor reads.
DiaQuery = Annotated[
    str | None,
    Query(
        max_length=10,
        description="Día (YYYY-MM-DD) en la zona horaria del taller; hoy si se omite.",
        examples=["2026-11-23"],
    ),
]

# The column holds 200 characters (`api/idempotency.py` scopes longer keys by hash).
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description=(
            "Clave única del intento, por ruta; repetirla con el mismo cuerpo en la misma ruta "
            "repite la respuesta (24 h); con otro cuerpo es 422."
        ),
    ),
]
