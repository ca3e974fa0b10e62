"""The one table from domain error to HTTP status, and the handlers that render the single
error shape `{error, detail, message, data}` (CONTRACT §2.1)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from zeues.api.models.responses import ErrorResponse, ValidationErrorResponse
from zeues.api.validation import spanish_message
from zeues.domain import errors as e
from zeues.services.ports import StoreRefused, StoreUnavailable

log = logging.getLogger(__name__)

# Looked up by the class hierarchy (`status_for`): a subclass answers with its nearest listed
# ancestor's status. `DomainError` itself is 400 because every domain error is a request the
# rules refused, never a server fault: an error this table forgets still reaches the client as
# a refusal with its own code, not as a 500 that hides it.
STATUS: dict[type[e.DomainError], int] = {
    e.DomainError: 400,
    e.SpoolNoEncontrado: 404,
    e.WorkerNoEncontrado: 404,
    e.SpoolBloqueado: 403,
    e.RolNoAutorizado: 403,
    e.NoAutorizado: 403,
    e.ResetNoPermitido: 403,
    e.DependenciasNoSatisfechas: 400,
    e.OperacionYaCompletada: 400,
    e.OperacionNoIniciada: 400,
    e.OperacionNoAplicable: 400,
    e.SpoolNoBloqueado: 400,
    e.SpoolOcupado: 409,
    e.ConflictoConcurrente: 409,
    e.LockExpirado: 410,
    e.ArchivoNoValido: 400,
    e.ArchivoDemasiadoGrande: 413,
    e.AccesoDenegado: 403,
    e.SesionRequerida: 401,
    e.SesionVencida: 401,
    e.PinIncorrecto: 401,
    e.PinBloqueado: 429,
    e.PinNoValido: 400,
    e.DispositivoNoEnrolado: 401,
    e.DispositivoRevocado: 403,
    e.CodigoNoValido: 400,
    e.DispositivoNoEncontrado: 404,
    e.UnionNoValida: 400,
    e.UnionYaRegistrada: 409,
}

_HTTP_CODES = {
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NO_ENCONTRADO",
    405: "METODO_NO_PERMITIDO",
    413: "CUERPO_DEMASIADO_GRANDE",
    429: "DEMASIADOS_INTENTOS",
}
_HTTP_MESSAGES = {
    404: "Ruta no encontrada. Revise la dirección (la API está bajo /api; ver /api/docs).",
    405: "Método HTTP no permitido en esta ruta (ver /api/docs).",
}
RETRY_AFTER_SECONDS = "2"
CLOSE_CONNECTION = {"Connection": "close"}


class AuthError(Exception):
    def __init__(
        self, status: int, code: str, message: str, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.retry_after = retry_after

    def headers(self) -> dict[str, str] | None:
        if self.status == 401:
            return {"WWW-Authenticate": "Bearer"}
        if self.retry_after is not None:
            return {"Retry-After": str(self.retry_after)}
        return None

    def response(self) -> JSONResponse:
        return JSONResponse(
            body(self.code, self.message), status_code=self.status, headers=self.headers()
        )


class BodyTooLarge(HTTPException):
    """A request body past its route's limit (api/intake.py), found while it streams in. An
    HTTPException so FastAPI's body reading lets it through as it is."""

    def __init__(self, code: str, message: str, limit: int) -> None:
        super().__init__(413, message)
        self.code, self.message, self.limit = code, message, limit

    def response(self) -> JSONResponse:
        data = {"max_bytes": self.limit}
        # Closed after the answer: the server would otherwise read (and drop) the rest of the
        # body to keep the connection open.
        return JSONResponse(
            body(self.code, self.message, data), status_code=413, headers=CLOSE_CONNECTION
        )


def status_for(kind: type[e.DomainError]) -> int:
    """The status of the nearest class in `kind`'s MRO that STATUS lists."""
    for ancestor in kind.__mro__:
        if issubclass(ancestor, e.DomainError) and ancestor in STATUS:
            return STATUS[ancestor]
    return STATUS[e.DomainError]  # unreachable: every DomainError has DomainError in its MRO


def status_of(exc: e.DomainError) -> int:
    return status_for(type(exc))


def domain_errors(root: type[e.DomainError] = e.DomainError) -> list[type[e.DomainError]]:
    """Every subclass of `root` loaded so far, at any depth (not `root` itself)."""
    found: list[type[e.DomainError]] = []
    for sub in root.__subclasses__():
        found += [sub, *domain_errors(sub)]
    return found


def body(code: str, message: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": code, "detail": message, "message": message, "data": data or {}}


def domain_answer(exc: e.DomainError, tz: tzinfo) -> tuple[int, dict[str, Any]]:
    """The one place a refusal becomes an HTTP answer (status and body), for the commands'
    path (api/commands.py) and for the handler below alike. Times in the message and in
    `data` are shown in the shop's timezone, like every other time the API returns."""
    data = {k: _shown(v, tz) for k, v in exc.data.items()}
    return status_of(exc), body(exc.code, exc.message_in(tz), data)


def _shown(value: Any, tz: tzinfo) -> Any:
    return value.astimezone(tz).isoformat() if isinstance(value, datetime) else value


def responses_for(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of a route's error responses."""
    docs: dict[int | str, dict[str, Any]] = {
        422: {"model": ValidationErrorResponse, "description": "VALIDATION_ERROR"},
        503: {
            "model": ErrorResponse,
            "description": "BASE_DE_DATOS_NO_DISPONIBLE / BASE_DE_DATOS_RECHAZO",
        },
    }
    # A route behind the admin token may also answer 429 (admin_gate.py: an address that
    # sent wrong tokens is locked out for a while): documented wherever 401 is.
    if 401 in statuses and 429 not in statuses:
        statuses = (*statuses, 429)
    for status in statuses:
        codes = sorted({kind.code for kind in domain_errors() if status_for(kind) == status})
        # Admin routes answer the plain HTTP codes; the floor's sessions their own (issue 22),
        # and the admin gate's lockout its 429 beside a locked PIN's.
        codes += [_HTTP_CODES[status]] if status in (401, 403, 429) else []
        docs[status] = {"model": ErrorResponse, "description": " / ".join(codes) or "error"}
    return docs


def validation_response(errors: Sequence[Any], message: str | None = None) -> JSONResponse:
    """Every 422 VALIDATION_ERROR the API answers: FastAPI's `detail` list plus a Spanish
    `message`, by default the one `spanish_message` writes for these errors."""
    details = [{k: v for k, v in err.items() if k in ("type", "loc", "msg")} for err in errors]
    if message is None:
        message = spanish_message(errors)  # with pydantic's ctx: the limit that was crossed
    content = {"error": "VALIDATION_ERROR", "detail": details, "message": message, "data": {}}
    return JSONResponse(content, status_code=422)


UNDECODABLE_BODY = {"type": "json_invalid", "loc": ("body",), "msg": "body is not valid UTF-8"}
# What json.loads raises besides JSONDecodeError, as the 422 says it: each in Spanish.
_UNPARSABLE = (
    (UnicodeDecodeError, UNDECODABLE_BODY, None),
    (
        RecursionError,
        {"type": "json_invalid", "loc": ("body",), "msg": "body nested too deeply"},
        "Solicitud no válida: el cuerpo tiene demasiados niveles de anidamiento "
        "(listas u objetos uno dentro de otro).",
    ),
    (
        ValueError,  # Python's limit on the digits of an integer (4,300)
        {"type": "int_parsing_size", "loc": ("body",), "msg": "number too large"},
        "Solicitud no válida: el cuerpo tiene un número demasiado grande.",
    ),
)


def _unparsable_body(exc: HTTPException) -> JSONResponse | None:
    """FastAPI answers a JSON body its parser raised on with something other than a
    JSONDecodeError (not UTF-8, nested thousands deep, an integer of thousands of digits) with
    a bare English 400 "There was an error parsing the body"; for a client each is one more
    malformed body, so it gets the same Spanish 422 as any other."""
    if exc.status_code != 400 or exc.__cause__ is None:
        return None
    for kind, error, message in _UNPARSABLE:
        if isinstance(exc.__cause__, kind):
            return validation_response([error], message)
    return None


_VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _allowed(request: Request, fallback: str) -> str:
    """Every documented method of this path (from the OpenAPI paths): Starlette's 405 names
    only the first route's, and a path may have one route per method (GET and POST
    /api/spools/{tag}/notas). A path the document does not list keeps Starlette's answer."""
    app = request.app
    table: list[tuple[re.Pattern[str], str]] | None = getattr(app.state, "allow_table", None)
    if table is None:
        table = []
        for path, item in app.openapi().get("paths", {}).items():
            pattern = re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(path)) + "$")
            verbs = ", ".join(sorted(v.upper() for v in item if v in _VERBS))
            table.append((pattern, verbs))
        app.state.allow_table = table
    path = request.url.path
    return next((verbs for pattern, verbs in table if pattern.match(path)), fallback)


def install(app: FastAPI) -> None:
    @app.exception_handler(e.DomainError)
    async def _domain(request: Request, exc: e.DomainError) -> JSONResponse:
        # A read's refusal (a command's is answered by its command path, with the same call).
        status, content = domain_answer(exc, request.app.state.container.shop.tz)
        return JSONResponse(content, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_response(exc.errors())

    @app.exception_handler(AuthError)
    async def _auth(_: Request, exc: AuthError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc, BodyTooLarge):
            return exc.response()
        unparsable = _unparsable_body(exc)
        if unparsable is not None:
            return unparsable
        code = _HTTP_CODES.get(exc.status_code, "ERROR_HTTP")
        message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        headers = exc.headers
        if exc.status_code == 405:
            given = (headers or {}).get("Allow", "")
            headers = {**(headers or {}), "Allow": _allowed(request, given)}
        return JSONResponse(body(code, message), status_code=exc.status_code, headers=headers)

    @app.exception_handler(StoreUnavailable)
    async def _database(_: Request, exc: StoreUnavailable) -> JSONResponse:
        log.warning("base de datos no disponible: %s", exc)
        return JSONResponse(
            body(
                "BASE_DE_DATOS_NO_DISPONIBLE",
                "La base de datos no responde. No se guardó ningún cambio; reintente en unos "
                "segundos.",
            ),
            status_code=503,
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )

    @app.exception_handler(StoreRefused)
    async def _refused(_: Request, exc: StoreRefused) -> JSONResponse:
        # Not the request's fault and not a passing outage: the database's own rule refused
        # the transaction. Someone must look (logged as an error), but the answer is still the
        # truth a tablet can act on: nothing was saved, keep the action and try again later.
        log.error("la base de datos rechazó la transacción: %s", exc, exc_info=exc)
        return JSONResponse(
            body(
                "BASE_DE_DATOS_RECHAZO",
                "La base de datos rechazó el cambio. No se guardó ningún cambio; avise a "
                "soporte y reintente más tarde.",
            ),
            status_code=503,
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # A bug, never an expected condition: logged with its traceback, answered in the one
        # error shape so clients still read `message`.
        log.error("error inesperado", exc_info=exc)
        return JSONResponse(
            body("ERROR_INTERNO", "Error interno del servidor. Avise a soporte; reintente."),
            status_code=500,
        )
