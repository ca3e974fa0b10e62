"""The floor's screens, served by the app itself: the worker app at `/`, the live board at
`/tablero`, the supervisor console at `/supervisor`, and their static assets under `/static/`.

Every page is a static HTML file plus same-origin ES modules and styles: nothing comes from a CDN
(the shop network may be offline) and the Content-Security-Policy forbids inline script and
third-party origins. What a page learns from the server's settings comes in
`<meta name="zeues-…">` tags, added here: the shop's timezone (every time on screen is shown
in it, whatever the tablet's own zone) and the live stream's ping interval (its watchdog). Each
page names one entry module; the modules it imports are announced here as `modulepreload` links,
so a tablet fetches them at once instead of one import level at a time."""

from __future__ import annotations

import posixpath
import re
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


# Static imports only (the screens use no dynamic import), one per line start.
_IMPORT = re.compile(r"""^import\s*(?:[^;"'()]*?\bfrom\s*)?["']([^"']+)["']""", re.M | re.S)
_ENTRY = re.compile(r'<script type="module" src="/static/([^"]+)"></script>')


def imports(module: str) -> list[str]:
    """The modules that `module` (a path under static/) imports, as paths under static/."""
    text = (STATIC / module).read_text(encoding="utf-8")
    return [
        target.removeprefix("/static/")
        if target.startswith("/static/")
        else posixpath.normpath(posixpath.join(posixpath.dirname(module), target))
        for target in _IMPORT.findall(text)
    ]


def imported_by(entry: str) -> list[str]:
    """Every module `entry` needs, directly or not, sorted (itself left out)."""
    seen: set[str] = set()
    pending = imports(entry)
    while pending:
        module = pending.pop()
        if module not in seen:
            seen.add(module)
            pending.extend(imports(module))
    return sorted(seen - {entry})


def render(html: str, settings: dict[str, str]) -> str:
    """`html` with, at the end of its head, a `modulepreload` of each module its entry module
    needs and a `<meta name="zeues-NAME" content="VALUE">` per setting. A page without a head
    or an entry module is a packaging mistake, refused when the app starts."""
    entry = _ENTRY.search(html)
    if entry is None or "</head>" not in html:
        raise ValueError('a page needs a </head> and <script type="module" src="/static/...">')
    links = "".join(
        f'<link rel="modulepreload" href="/static/{m}">\n' for m in imported_by(entry.group(1))
    )
    metas = "".join(
        f'<meta name="zeues-{name}" content="{escape(value)}">\n'
        for name, value in settings.items()
    )
    return html.replace("</head>", links + metas + "</head>", 1)


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
