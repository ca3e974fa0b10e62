"""The floor's screens, served by the app itself: the worker app at `/`, the live board at
`/tablero`, the supervisor console at `/supervisor`, and their static assets under `/static/`.

Every page is a static HTML file plus same-origin scripts and styles: nothing comes from a CDN
(the shop network may be offline) and the Content-Security-Policy forbids inline script and
third-party origins."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# Pages are small and change with each release: always revalidate so a tablet never runs an old
# script against a new API.
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
PAGES = {
    "/": "worker/index.html",
    "/tablero": "tablero/index.html",
    "/supervisor": "supervisor/index.html",
}


def _page(relative: str) -> FileResponse:
    return FileResponse(STATIC / relative, media_type="text/html", headers=PAGE_HEADERS)


def _route(relative: str) -> Callable[[], FileResponse]:
    def serve() -> FileResponse:
        return _page(relative)

    return serve


def install(app: FastAPI) -> None:
    """Adds the three screens, the favicon and `/static/` to `app` (none in the OpenAPI)."""
    for path, relative in PAGES.items():
        app.add_api_route(path, _route(relative), methods=["GET"], include_in_schema=False)

    def favicon() -> FileResponse:
        return FileResponse(STATIC / "common" / "favicon.svg", media_type="image/svg+xml")

    app.add_api_route("/favicon.ico", favicon, methods=["GET"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
