"""CORS for browser clients served from another origin (the v3.0 tablet frontend runs on
http://localhost:3000). Always installed, so a preflight from an origin that is not allowed
gets a clear refusal that the server logs instead of a silent 405: once per origin, and at
most WARNINGS_PER_MINUTE a minute in all (issue 19: 5,000 made-up origins wrote 5,000 lines
in 1.7 s); what is held back is counted in the next line written."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

log = logging.getLogger(__name__)

WARNINGS_PER_MINUTE = 10
# Origins remembered as already logged; beyond it the oldest are forgotten (bounded memory).
REMEMBERED_ORIGINS = 1000


class LoggedCORSMiddleware(CORSMiddleware):
    def __init__(
        self,
        app: ASGIApp,
        allow_origins: list[str],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(
            app, allow_origins=allow_origins, allow_methods=["GET", "POST"], allow_headers=["*"]
        )
        self.refused: OrderedDict[str, None] = OrderedDict()
        self._clock = clock
        self._window_start = clock()
        self._written = 0
        self.held_back = 0

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        origin = request_headers["origin"]
        if not self.is_allowed_origin(origin) and origin not in self.refused:
            # Once per origin: a tablet retrying every few seconds must not flood the log.
            self.refused[origin] = None
            if len(self.refused) > REMEMBERED_ORIGINS:
                self.refused.popitem(last=False)
            self._warn(origin)
        return response

    def _warn(self, origin: str) -> None:
        now = self._clock()
        if now - self._window_start >= 60:
            self._window_start, self._written = now, 0
        if self._written >= WARNINGS_PER_MINUTE:
            self.held_back += 1
            return
        self._written += 1
        more = (
            f" (y {self.held_back} orígenes más no permitidos desde el último aviso)"
            if self.held_back
            else ""
        )
        self.held_back = 0
        log.warning(
            "CORS: se rechazó una solicitud del origen %s, que no está permitido%s. Si es un "
            "tablet de la planta, agréguelo a ZEUES_ALLOWED_ORIGINS.",
            origin,
            more,
        )
