"""What is checked before a request's body is read (issue 19, item 2). Without it FastAPI reads
a whole body before any check: a 1 GB upload without a token went to the temporary folder
before its 401, and a 512 MB JSON body to a command took 1.5 GB of memory.

- Each body has a limit by route: uploads (the spreadsheet import) ZEUES_MAX_UPLOAD_BYTES,
  everything else ZEUES_MAX_JSON_BYTES. A declared Content-Length past it is refused at once,
  unread; a body without one (chunked) is counted as it streams in and refused at the first
  chunk past it. Either way 413 in Spanish.
- An upload route checks the admin token first: a request without the right one is answered
  without reading a byte of its body.

Pure ASGI, so live streams and responses pass straight through."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zeues.api.admin_gate import AdminGate
from zeues.api.errors import CLOSE_CONNECTION, AuthError, BodyTooLarge

# Routes whose body is a file: the larger limit, and the admin token before the body.
UPLOADS = frozenset({"/api/admin/import"})
# Room for the multipart envelope (boundaries, the form's small fields) around the file.
MULTIPART_ROOM = 64 * 1024
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    json_bytes: int
    upload_bytes: int

    def for_path(self, path: str) -> int:
        return self.upload_bytes + MULTIPART_ROOM if path in UPLOADS else self.json_bytes


def too_large(path: str, limits: Limits) -> BodyTooLarge:
    if path in UPLOADS:
        size = f"{limits.upload_bytes / MB:g} MB"
        return BodyTooLarge(
            "ARCHIVO_DEMASIADO_GRANDE",
            f"El archivo supera {size}. Divídalo o impórtelo en el servidor con `zeues import`.",
            limits.upload_bytes,
        )
    size = f"{limits.json_bytes // 1024} KB"
    return BodyTooLarge(
        "CUERPO_DEMASIADO_GRANDE",
        f"La solicitud supera {size}: ninguna acción de la planta necesita tanto. Revise lo "
        "que envía el programa cliente.",
        limits.json_bytes,
    )


class IntakeMiddleware:
    def __init__(self, app: ASGIApp, limits: Limits, gate: AdminGate) -> None:
        self.app = app
        self.limits = limits
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = Headers(scope=scope)
        if path in UPLOADS:
            try:
                self.gate.check(headers.get("authorization"), _address(scope))
            except AuthError as refused:
                answer = refused.response()
                # Closed after the answer, so the unread body is not read and dropped either.
                answer.headers.update(CLOSE_CONNECTION)
                await answer(scope, receive, send)
                return
        limit = self.limits.for_path(path)
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await too_large(path, self.limits).response()(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(path, self.limits)
            return message

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge as exc:
            # Read outside FastAPI's own body parsing (a route reading the stream itself).
            if started:
                raise
            await exc.response()(scope, receive, send)


def _address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "desconocida"
