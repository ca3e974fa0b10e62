"""Request bodies (CONTRACT §2). Unknown fields are ignored; types are strict."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    StrictBool,
    field_validator,
)

from zeues.domain.model import Operacion, Resultado, Rol
from zeues.domain.tags import MAX_TAG, TAG_INPUT_PATTERN, TagNoValido, normalise_tag

TAG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
# YYYY-MM-DD or DD-MM-YYYY, years 2000-2099, months 01-12, days 01-31: what the server accepts
# short of the calendar (30 February) and the future, which the schema cannot express.
_DAY, _MONTH, _YEAR = r"(0[1-9]|[12]\d|3[01])", r"(0[1-9]|1[0-2])", r"20\d{2}"
FECHA_PATTERN = rf"^({_YEAR}-{_MONTH}-{_DAY}|{_DAY}-{_MONTH}-{_YEAR})$"
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"
# At least one visible character: a name of only spaces is refused, and the schema says so.
NAME_PATTERN = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
MAX_DB_INT = 2_147_483_647


def tag_input(value: object) -> object:
    """The one tag rule (domain/tags.py): normalised, or refused with the reason in Spanish."""
    if not isinstance(value, str) or not value or len(value) > MAX_TAG:
        return value  # the str schema refuses it with its own error (type, empty, too long)
    try:
        return normalise_tag(value)
    except TagNoValido as exc:
        raise ValueError(str(exc)) from None


TAG_DESCRIPTION = (
    "Código del spool (letras, números, '.', '_' o '-'), máx. 100. Se normaliza como lo "
    "escribe el taller: sin espacios alrededor, en mayúsculas, '–' o '—' como '-'."
)
TagSpool = Annotated[
    str,
    Field(min_length=1, max_length=100, pattern=TAG_INPUT_PATTERN, description=TAG_DESCRIPTION),
    BeforeValidator(tag_input),  # after Field: the length and pattern stay str checks
]
# A spool as stored, even one imported before the tag rule (a space, a '/', lowercase...): a
# supervisor can always release or fix it (issue 19). Looked up as written, else normalised.
StoredTag = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=NAME_PATTERN,
        description=(
            "Código del spool tal como está guardado (también uno anterior a la regla de "
            "códigos); si no existe así, se busca normalizado."
        ),
    ),
]


def _whole_number(value: object) -> object:
    """JSON integers (93, or 93.0 as JSON Schema allows); never text or booleans."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("debe ser un número entero")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("debe ser un número entero")
    return int(value)


# The bounds go before the validator so pydantic writes them into the JSON schema
# (exclusiveMinimum/maximum); after it, they were enforced but left out of the OpenAPI document.
WorkerId = Annotated[int, Field(gt=0, le=MAX_DB_INT), BeforeValidator(_whole_number)]
Fecha = Annotated[
    str,
    Field(
        pattern=FECHA_PATTERN,
        description="Fecha YYYY-MM-DD (también DD-MM-YYYY); no puede ser futura.",
    ),
]


IgnoredName = Annotated[
    JsonValue,
    Field(description="Se acepta y se ignora: el servidor usa su propio nombre_completo."),
]


def Text(max_length: int, min_length: int = 0, pattern: str = TEXT_PATTERN) -> object:
    return Field(min_length=min_length, max_length=max_length, pattern=pattern)


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OccupationRequest(_Body):
    tag_spool: TagSpool
    worker_id: WorkerId
    worker_nombre: IgnoredName = None
    operacion: Operacion


HeldOperacion = Annotated[
    Operacion | None,
    Field(
        description=(
            "Opcional: sin ella (o null) el servidor usa la operación que este trabajador tiene "
            "tomada en este spool; si no tiene ninguna, responde 400 OPERACION_NO_INICIADA (410 "
            "LOCK_EXPIRED si su toma venció). Los tablets v3.0 no la envían en COMPLETAR. "
            "METROLOGIA siempre debe indicarse."
        ),
    ),
]


NUnion = Annotated[int, Field(ge=1, le=999), BeforeValidator(_whole_number)]


def _distinct(numbers: list[int] | None) -> list[int] | None:
    if numbers is None:
        return None
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        raise ValueError(f"hay uniones repetidas: {', '.join(map(str, repeated))}")
    return numbers


Uniones = Annotated[list[NUnion] | None, Field(max_length=100), AfterValidator(_distinct)]
Defecto = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=500,
        pattern=TEXT_PATTERN,
        description="Con METROLOGIA RECHAZADO: el defecto, para la cuadrilla de reparación.",
    ),
]


class PausarRequest(_Body):
    tag_spool: TagSpool
    worker_id: WorkerId
    worker_nombre: IgnoredName = None
    operacion: HeldOperacion = None
    uniones: Uniones = Field(
        None,
        description=(
            "Opcional, en spools con uniones: los n_union que este trabajador terminó en esta "
            "sesión (ARM o SOLD), registrados en la misma transacción. En COMPLETAR deben quedar "
            "hechas todas las que la operación requiere (si no, 400 con las que faltan); sin "
            "`uniones`, COMPLETAR termina las que falten a nombre de este trabajador y PAUSAR no "
            "registra ninguna. Con METROLOGIA RECHAZADO: las uniones rechazadas."
        ),
    )


class CompletarRequest(PausarRequest):
    fecha_operacion: Fecha
    resultado: Resultado | None = Field(
        None, description="Obligatorio con operacion METROLOGIA: APROBADO o RECHAZADO."
    )
    defecto: Defecto = None


class _TagBatch(_Body):
    tag_spools: Annotated[list[TagSpool], Field(min_length=1, max_length=50)]
    worker_id: WorkerId

    @field_validator("tag_spools")
    @classmethod
    def _unique(cls, tags: list[str]) -> list[str]:
        repeated = sorted({t for t in tags if tags.count(t) > 1})
        if repeated:
            raise ValueError(f"hay códigos repetidos en el lote: {', '.join(repeated)}")
        return tags


class BatchTomarRequest(_TagBatch):
    worker_nombre: IgnoredName = None
    operacion: Operacion


class RenovarRequest(_TagBatch):
    """The spools whose holds the tablet shows (CONTRACT §1.2): each hold this worker has there
    is renewed, whatever its operation."""


class MetrologiaRequest(_Body):
    tag_spool: TagSpool
    worker_id: WorkerId
    worker_nombre: IgnoredName = None
    resultado: Resultado
    fecha_operacion: Fecha | None = Field(None, description="Por defecto, hoy.")
    defecto: Defecto = None
    uniones: Uniones = Field(
        None, description="Con RECHAZADO: los n_union rechazados, para la cuadrilla de reparación."
    )


class UnionIn(_Body):
    n_union: NUnion
    dn_union: Annotated[float, Field(gt=0, le=24, description="Pulgadas, un decimal.")]
    tipo_union: Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9]+$")]


class AdminUnionesRequest(_Body):
    uniones: Annotated[list[UnionIn], Field(max_length=100)]

    @field_validator("uniones")
    @classmethod
    def _distinct_numbers(cls, rows: list[UnionIn]) -> list[UnionIn]:
        _distinct([row.n_union for row in rows])
        return rows


class NotaRequest(_Body):
    texto: Annotated[str, Text(1000, min_length=1, pattern=NAME_PATTERN)]
    autor: Annotated[str | None, Text(100)] = Field(
        None, description="Opcional; con worker_id se usa el nombre del trabajador (MR(93))."
    )
    worker_id: WorkerId | None = None


class SupervisorNotaRequest(_Body):
    """A note written from the supervisor console (behind the admin token or a supervisor's own
    session): signed by that supervisor."""

    tag_spool: StoredTag
    texto: Annotated[str, Text(1000, min_length=1, pattern=NAME_PATTERN)]
    supervisor_id: WorkerId | None = Field(
        None, description="El supervisor que la escribe (con su propia sesión, el de la sesión)."
    )
    autor: Annotated[str | None, Text(100)] = Field(None, description="Sin supervisor_id.")


class ReparacionRequest(_Body):
    tag_spool: TagSpool
    worker_id: WorkerId
    worker_nombre: IgnoredName = None
    operacion: Literal["REPARACION"] = "REPARACION"
    fecha_operacion: Fecha | None = Field(None, description="Por defecto, hoy.")


class SupervisorRequest(_Body):
    tag_spool: StoredTag
    supervisor_id: WorkerId
    motivo: Annotated[str, Text(500, min_length=3)]


class AdminSpoolRequest(_Body):
    tag_spool: TagSpool
    fecha_materiales: date | None = Field(
        None,
        description="YYYY-MM-DD, entre 2000 y 2100.",
        json_schema_extra={"pattern": r"^(20\d{2}|2100)-"},
    )
    nv: Annotated[str | None, Text(50)] = None
    ot: Annotated[str | None, Text(50)] = None
    proyecto: Annotated[str | None, Text(100)] = None

    @field_validator("fecha_materiales")
    @classmethod
    def _sane_year(cls, value: date | None) -> date | None:
        if value is not None and not 2000 <= value.year <= 2100:
            raise ValueError("fecha_materiales fuera de rango (2000-2100)")
        return value


class AdminWorkerRequest(_Body):
    id: WorkerId
    nombre: Annotated[str, Text(100, min_length=1, pattern=NAME_PATTERN)]
    apellido: Annotated[str, Text(100, min_length=1, pattern=NAME_PATTERN)]
    roles: Annotated[list[Rol], Field(max_length=5)] = []
    activo: StrictBool = True

    @field_validator("nombre", "apellido")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("no puede estar en blanco")
        return value.strip()
