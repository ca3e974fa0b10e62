"""The API docs page (Swagger UI) with its assets served by the app itself: a shop network
without internet still gets working docs. The assets are a pinned, unmodified copy of the npm
package swagger-ui-dist (see web/static/swagger-ui/VERSION and LICENSE)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

ASSETS_DIR = Path(__file__).resolve().parents[2] / "web" / "static" / "swagger-ui"
ASSETS_URL = "/api/docs/assets"
# Only these files are served: a name from the URL never becomes an arbitrary path.
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
    "LICENSE": "text/plain",
    "VERSION": "text/plain",
}

router = APIRouter(include_in_schema=False)


def _page() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="ZEUES — API",
        swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
        # No validator badge: it would call validator.swagger.io, out of reach offline.
        swagger_ui_parameters={"validatorUrl": None},
    )


def _inline_hashes(html: str) -> list[str]:
    """CSP hashes of the page's inline scripts (FastAPI's start-up call of Swagger UI)."""
    found = re.findall(r"<script>(.*?)</script>", html, re.S)
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in found
    ]


_PAGE = _page()
# The screens' policy (web/pages.py) with exactly the one inline script allowed by its hash;
# Swagger UI sets style attributes, hence inline styles (no script can run from a style).
DOCS_CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' " + " ".join(_inline_hashes(bytes(_PAGE.body).decode())),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
DOCS_HEADERS = {
    "Content-Security-Policy": DOCS_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@router.get("/api/docs")
def docs_page() -> HTMLResponse:
    return HTMLResponse(bytes(_PAGE.body), headers=DOCS_HEADERS)


@router.get(ASSETS_URL + "/{name}")
def docs_asset(name: str) -> FileResponse:
    media_type = ASSETS.get(name)
    if media_type is None:
        raise HTTPException(404, f"Archivo de documentación desconocido: {name}")
    # Pinned files never change within a version: browsers may keep them for a day.
    return FileResponse(
        ASSETS_DIR / name, media_type=media_type, headers={"Cache-Control": "max-age=86400"}
    )
