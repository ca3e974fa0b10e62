"""ZEUES_FLOOR_READS=dispositivo (issue 22): the floor's reads (lists, board, live stream) only
for enrolled tablets, the admin token and a supervisor's console session (the console is a
desk's browser, not a tablet), for nobody else on the LAN. Installed by create_app only
then; with `abiertas` (the default) reads stay open as in v3.0.

A pure ASGI middleware rather than a dependency on every read route: the live stream and the
screens' pages are covered the same way, and no route changes. The health family, the access
mode and a tablet's own enrolment stay open (a tablet must learn it is not enrolled)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from http.cookies import SimpleCookie

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from zeues.api.models.parameters import DEVICE_COOKIE, DEVICE_HEADER
from zeues.domain.floor_access import token_hash
from zeues.services.floor_access import FloorAccess

OPEN_PREFIXES = ("/api/health", "/api/redis-", "/api/acceso", "/api/dispositivos/", "/api/docs")


def _refusal(code: str, message: str) -> bytes:
    body = {"error": code, "detail": message, "message": message, "data": {}}
    return json.dumps(body, ensure_ascii=False).encode()


class FloorReadsGate:
    def __init__(
        self,
        app: ASGIApp,
        access: FloorAccess,
        admin_token: str,
        supervisor: Callable[[str], bool],
    ) -> None:
        self.app, self.access, self.admin_token = app, access, admin_token.encode()
        self.supervisor = supervisor  # whether a bearer token is a valid console session

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not path.startswith("/api/")
            or path.startswith(OPEN_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        bearer = headers.get("authorization", "")
        token = bearer[7:].strip() if bearer.startswith("Bearer ") else ""
        if token and (
            hmac.compare_digest(token.encode(), self.admin_token)
            or await run_in_threadpool(self.supervisor, token)
        ):
            await self.app(scope, receive, send)
            return
        device = headers.get(DEVICE_HEADER.lower()) or _cookie(headers.get("cookie", ""))
        found = await run_in_threadpool(self.access.device, token_hash(device)) if device else None
        if found is not None and found.estado == "enrolada":
            await self.app(scope, receive, send)
            return
        message = (
            "Esta tablet fue revocada: ya no puede ver la información del taller."
            if found is not None
            else "Solo las tablets enroladas pueden ver la información del taller "
            "(ZEUES_FLOOR_READS=dispositivo). Pida al supervisor un código de enrolamiento."
        )
        code, status = ("DISPOSITIVO_REVOCADO", 403) if found else ("DISPOSITIVO_NO_ENROLADO", 401)
        body = _refusal(code, message)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _cookie(header: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # a malformed Cookie header is no credential
        return None
    morsel = jar.get(DEVICE_COOKIE)
    return morsel.value if morsel else None
