"""The API docs page (Swagger UI) with its assets served by the app itself: a shop network
without internet still gets working docs. The assets are a pinned, unmodified copy of the npm
package swagger-ui-dist (see web/static/swagger-ui/VERSION and LICENSE)."""

from __future__ import annotations

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


@router.get("/api/docs")
def docs_page() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="ZEUES — API",
        swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
        # No validator badge: it would call validator.swagger.io, out of reach offline.
        swagger_ui_parameters={"validatorUrl": None},
    )


@router.get(ASSETS_URL + "/{name}")
def docs_asset(name: str) -> FileResponse:
    media_type = ASSETS.get(name)
    if media_type is None:
        raise HTTPException(404, f"Archivo de documentación desconocido: {name}")
    # Pinned files never change within a version: browsers may keep them for a day.
    return FileResponse(
        ASSETS_DIR / name, media_type=media_type, headers={"Cache-Control": "max-age=86400"}
    )
