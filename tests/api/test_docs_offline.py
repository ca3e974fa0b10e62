"""/api/docs needs no internet: the page and every asset it loads come from the app."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_the_docs_page_loads_only_assets_served_by_the_app(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "https://" not in page.text and "http://" not in page.text  # no CDN
    urls = re.findall(r"""(?:src|href)=["']?([^"' >]+)""", page.text)
    assets = [u for u in urls if u.startswith("/api/docs/assets/")]
    assert len(assets) == 3  # bundle, css, favicon
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) > 500, url
    assert client.get("/openapi.json").status_code == 200


def test_the_pinned_swagger_ui_carries_its_version_and_licence(client: TestClient) -> None:
    assert "swagger-ui-dist 5.35.0" in client.get("/api/docs/assets/VERSION").text
    assert "Apache License" in client.get("/api/docs/assets/LICENSE").text


def test_only_the_listed_assets_are_served(client: TestClient) -> None:
    assert client.get("/api/docs/assets/index.html").status_code == 404
    assert client.get("/api/docs/assets/..%2F..%2Fconfig.py").status_code == 404


def test_metrics_label_docs_requests_by_their_route(client: TestClient) -> None:
    client.get("/api/docs")
    client.get("/api/docs/assets/swagger-ui.css")
    text = client.get("/metrics").text
    assert 'route="/api/docs"' in text
    assert 'route="/api/docs/assets/{name}"' in text
    assert 'route="unmatched"' not in text
