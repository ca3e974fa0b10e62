"""CORS for browser clients served from another origin (the v3.0 tablet frontend runs on
http://localhost:3000). Always installed, so a preflight from an origin that is not allowed
gets a clear refusal that the server logs (once per origin) instead of a silent 405."""

from __future__ import annotations

import logging

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

log = logging.getLogger(__name__)


class LoggedCORSMiddleware(CORSMiddleware):
    def __init__(self, app: ASGIApp, allow_origins: list[str]) -> None:
        super().__init__(
            app, allow_origins=allow_origins, allow_methods=["GET", "POST"], allow_headers=["*"]
        )
        self.refused: set[str] = set()

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        origin = request_headers["origin"]
        if not self.is_allowed_origin(origin) and origin not in self.refused:
            # Once per origin: a tablet retrying every few seconds must not flood the log.
            self.refused.add(origin)
            log.warning(
                "CORS: se rechazó una solicitud del origen %s, que no está permitido. Si es un "
                "tablet de la planta, agréguelo a ZEUES_ALLOWED_ORIGINS.",
                origin,
            )
        return response
