"""What routes depend on, each narrow (issue 18): the command path for writes, the read
services for reads, the shop's clock, the health probes, the live stream, admin auth; and
dates in the shop's timezone. This module is the only one of the API's request path that
opens the container (tests/api/test_narrow_dependencies.py checks the routes)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from zeues.api.admin_gate import AdminGate
from zeues.api.commands import CommandPath
from zeues.api.commands import Write as WriteCall
from zeues.api.models.parameters import (
    DEVICE_COOKIE,
    DEVICE_HEADER,
    SESSION_HEADER,
    IdempotencyKey,
)
from zeues.container import Container
from zeues.domain.model import Operacion, Resultado
from zeues.services.floor import FloorQueues
from zeues.services.floor_access import Credentials
from zeues.services.floor_access import FloorAccess as FloorAccessService
from zeues.services.reads import Reads as ReadServices
from zeues.services.shop_clock import ShopClock
from zeues.services.sources import LiveStream, Probes
from zeues.services.transfer.files import Transfer as Transfers


# Dependencies are `async def` on purpose: FastAPI runs a plain `def` dependency in the thread
# pool, one thread hop per request for a dictionary lookup (measured in docs/BENCHMARKS.md).
def _container(request: Request) -> Container:
    found: Container = request.app.state.container
    return found


async def _write(request: Request, key: IdempotencyKey = None) -> WriteCall:
    """A floor write: outside `abierto` it must carry the session of the worker it acts for.
    The session header is read here rather than declared on every floor route: in `abierto` it
    means nothing, and the OpenAPI document of v3.0's routes stays as it was (CONTRACT §2.8
    documents it)."""
    path: CommandPath = request.app.state.commands
    return path.keyed(key, credentials_of(request))


def credentials_of(request: Request) -> Credentials:
    device = request.headers.get(DEVICE_HEADER) or request.cookies.get(DEVICE_COOKIE)
    return Credentials(request.headers.get(SESSION_HEADER), device or None)


async def _admin_write(request: Request, key: IdempotencyKey = None) -> WriteCall:
    """A write behind the admin token (no worker session), or behind a supervisor's own
    session (require_admin let it in and noted it)."""
    path: CommandPath = request.app.state.commands
    supervisor: str | None = getattr(request.state, "supervisor_token", None)
    if supervisor is not None:
        return path.as_supervisor(key, Credentials(session=supervisor))
    return path.keyed(key)


async def _write_step(request: Request) -> WriteCall:
    """A write without the request's Idempotency-Key: the steps of a long write before its last
    one (an import in chunks, issue 19), and writes whose answer holds a secret (a session
    token, a new PIN) that must never be stored under a key (issue 22)."""
    path: CommandPath = request.app.state.commands
    return path.keyed(None)


async def _access(request: Request) -> FloorAccessService:
    return _container(request).access


async def _tablet_base(request: Request) -> str:
    """Where tablets open the worker app: ZEUES_TABLET_URL, else the address this request
    (the console's) came to."""
    configured = _container(request).access.policy.tablet_url
    return configured or str(request.base_url)


async def _credentials(request: Request) -> Credentials:
    return credentials_of(request)


async def _reads(request: Request) -> ReadServices:
    return _container(request).reads


async def _shop(request: Request) -> ShopClock:
    return _container(request).shop


async def _probes(request: Request) -> Probes:
    return _container(request).probes


async def _live(request: Request) -> LiveStream:
    return _container(request).live


async def _floor(request: Request) -> FloorQueues:
    return _container(request).floor


async def _transfer(request: Request) -> Transfers:
    return _container(request).transfer()


# A write route's one way in: `await write(route, request, work)` (api/commands.py), with the
# request's optional Idempotency-Key header.
Write = Annotated[WriteCall, Depends(_write)]
AdminWrite = Annotated[WriteCall, Depends(_admin_write)]
# The same path without the key, for the steps of a long write before its last one (an import
# in chunks, issue 19): the key is claimed and answered by the last step's transaction.
WriteStep = Annotated[WriteCall, Depends(_write_step)]
UnkeyedWrite = WriteStep
FloorAccess = Annotated[FloorAccessService, Depends(_access)]
FloorCredentials = Annotated[Credentials, Depends(_credentials)]
TabletBase = Annotated[str, Depends(_tablet_base)]
Reads = Annotated[ReadServices, Depends(_reads)]
Shop = Annotated[ShopClock, Depends(_shop)]
HealthProbes = Annotated[Probes, Depends(_probes)]
Live = Annotated[LiveStream, Depends(_live)]
Floor = Annotated[FloorQueues, Depends(_floor)]
Transfer = Annotated[Transfers, Depends(_transfer)]

_bearer = HTTPBearer(auto_error=False, description="Token de administración (ZEUES_ADMIN_TOKEN)")


async def require_admin(
    request: Request,
    # Declared for the OpenAPI security scheme; the gate reads the header itself.
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    gate: AdminGate = request.app.state.admin_gate
    client = request.client.host if request.client else "desconocida"
    # A supervisor's own console session (POST /api/supervisor/sesion) opens the same routes;
    # the admin token stays for automation (issue 22).
    supervisor = await gate.admit(request.headers.get("authorization"), client)
    if supervisor is not None:
        request.state.supervisor_token = supervisor


Admin = Depends(require_admin)


def _invalid(field: str, message: str, value: str, source: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": (source, field), "msg": message, "input": value}]
    )


def parse_fecha(
    value: str | None, today: date, field: str = "fecha_operacion", source: str = "body"
) -> date:
    """YYYY-MM-DD or DD-MM-YYYY, not in the future (shop timezone). None means today."""
    if value is None:
        return today
    fmt = "%Y-%m-%d" if value[4:5] == "-" else "%d-%m-%Y"
    try:
        parsed = datetime.strptime(value, fmt).date()
    except ValueError as exc:
        raise _invalid(
            field, f"{value} no es una fecha válida (use DD-MM-AAAA o AAAA-MM-DD)", value, source
        ) from exc
    if parsed > today:
        raise _invalid(field, f"la fecha {parsed:%d-%m-%Y} está en el futuro", value, source)
    if parsed.year < 2000:
        raise _invalid(field, f"la fecha {parsed:%d-%m-%Y} es anterior al año 2000", value, source)
    return parsed


def rejection_fields(
    operacion: Operacion | None,
    resultado: Resultado | None,
    defecto: str | None,
    uniones: list[int] | None,
) -> None:
    """`defecto` belongs only to a METROLOGIA RECHAZADO, and so do `uniones` on an inspection
    (CONTRACT §2.9): anything else is a malformed request, refused before acting."""
    inspection = operacion is Operacion.METROLOGIA
    rejected = inspection and resultado is Resultado.RECHAZADO
    if defecto is not None and not rejected:
        message = "defecto solo se indica con METROLOGIA RECHAZADO"
        raise _invalid("defecto", message, defecto, "body")
    if inspection and uniones and not rejected:
        raise _invalid(
            "uniones", "en METROLOGIA las uniones solo se indican con RECHAZADO", "", "body"
        )
