"""The floor's screens, served by the app itself: the worker app at `/`, the live board at
`/tablero`, the supervisor console at `/supervisor`, and their static assets under `/static/`.

Every page is a static HTML file plus same-origin ES modules and styles: nothing comes from a CDN
(the shop network may be offline) and the Content-Security-Policy forbids inline script and
third-party origins. The one thing a page learns from the server's settings comes in its
`<meta name="zeues-…">` tags, filled in here: the shop's timezone (every time on screen is shown
in it, whatever the tablet's own zone) and the live stream's ping interval (its watchdog)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
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
    "/tablero": "board/index.html",
    "/supervisor": "supervisor/index.html",
}


def render(html: str, settings: dict[str, str]) -> str:
    """`html` with each `<meta name="zeues-NAME" content="">` given its value from `settings`;
    a page without one of those tags is a packaging mistake, refused when the app starts."""
    for name, value in settings.items():
        empty = f'<meta name="zeues-{name}" content="">'
        if empty not in html:
            raise ValueError(f"a page lacks {empty}")
        html = html.replace(empty, f'<meta name="zeues-{name}" content="{escape(value)}">')
    return html


def _route(html: str) -> Callable[[], HTMLResponse]:
    def serve() -> HTMLResponse:
        return HTMLResponse(html, headers=PAGE_HEADERS)

    return serve


def install(app: FastAPI, *, timezone: str, sse_ping_seconds: float) -> None:
    """Adds the three screens, the favicon and `/static/` to `app` (none in the OpenAPI). The
    pages are read and filled in once, here: a new page ships with a restart, like new code."""
    settings = {"timezone": timezone, "sse-ping-seconds": f"{sse_ping_seconds:g}"}
    for path, relative in PAGES.items():
        html = render((STATIC / relative).read_text(encoding="utf-8"), settings)
        app.add_api_route(path, _route(html), methods=["GET"], include_in_schema=False)

    def favicon() -> FileResponse:
        return FileResponse(STATIC / "common" / "favicon.svg", media_type="image/svg+xml")

    app.add_api_route("/favicon.ico", favicon, methods=["GET"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
