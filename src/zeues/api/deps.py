"""Request-scoped helpers: the container, dates in the shop's timezone, admin auth."""

from __future__ import annotations

import hmac
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from zeues.api.errors import AuthError
from zeues.container import Container


# Dependencies are `async def` on purpose: FastAPI runs a plain `def` dependency in the thread
# pool, one thread hop per request for a dictionary lookup (measured in docs/BENCHMARKS.md).
async def app_container(request: Request) -> Container:
    found: Container = request.app.state.container
    return found


Deps = Annotated[Container, Depends(app_container)]

_bearer = HTTPBearer(auto_error=False, description="Token de administración (ZEUES_ADMIN_TOKEN)")


async def require_admin(
    container: Deps,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    if credentials is None:
        raise AuthError(
            401, "UNAUTHENTICATED", "Falta el token de administración (Authorization: Bearer ...)."
        )
    if not hmac.compare_digest(credentials.credentials.encode(), container.admin_token.encode()):
        raise AuthError(403, "FORBIDDEN", "El token de administración no es válido.")


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
