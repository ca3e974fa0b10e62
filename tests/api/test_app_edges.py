"""Edges of the HTTP layer: the board page, unexpected errors, database outages, unknown
routes and wrong methods."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import looks_spanish
from zeues.api.app import create_app
from zeues.container import Container
from zeues.services.ports import StoreUnavailable


def test_the_board_serves_the_spanish_floor_dashboard(client: TestClient) -> None:
    page = client.get("/tablero")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Tablero del taller" in page.text
    assert '<script type="module" src="/static/board/board.js">' in page.text
    script = client.get("/static/common/live-stream.js")
    assert script.status_code == 200
    assert "/api/sse/stream" in script.text


def test_an_unexpected_bug_is_answered_in_the_error_shape(container: Container) -> None:
    app = create_app(container=container)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("bug")

    with TestClient(app, raise_server_exceptions=False) as tc:
        response = tc.get("/boom")
    assert response.status_code == 500
    assert response.json()["error"] == "ERROR_INTERNO"
    assert response.json()["message"] == response.json()["detail"]


def test_database_errors_map_to_503_and_unhealthy_health(container: Container) -> None:
    app = create_app(container=container)

    def unreachable() -> None:
        raise StoreUnavailable("connection refused")

    container.store.ping = unreachable  # type: ignore[method-assign]
    original = container.store.write

    def failing_write() -> object:
        raise StoreUnavailable("connection refused")

    container.store.write = failing_write  # type: ignore[method-assign,assignment]
    with TestClient(app, raise_server_exceptions=False) as tc:
        write = tc.post(
            "/api/occupation/tomar",
            json={"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"},
        )
        health = tc.get("/api/health")
        ready = tc.get("/api/health/ready")
    container.store.write = original  # type: ignore[method-assign]
    assert write.status_code == 503
    assert write.headers["Retry-After"] == "2"
    assert write.json()["error"] == "BASE_DE_DATOS_NO_DISPONIBLE"
    assert health.status_code == 200
    assert health.json()["status"] == "unhealthy" and health.json()["operational"] is False
    assert health.json()["database"] == "error" and health.json()["sheets_connection"] == "error"
    assert ready.status_code == 503 and ready.headers["Retry-After"] == "2"


def test_a_wrong_method_is_405_in_the_error_shape_with_a_spanish_message(
    client: TestClient,
) -> None:
    response = client.put("/api/occupation/tomar", json={})
    assert response.status_code == 405
    found = response.json()
    assert set(found) == {"error", "detail", "message", "data"}
    assert found["detail"] == found["message"]
    assert looks_spanish(found["message"]), found["message"]


@pytest.mark.parametrize("path", ["/api/no-existe", "/api/occupation/tomar/extra", "/nada"])
def test_an_unknown_route_is_404_in_the_error_shape(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    found = response.json()
    assert set(found) == {"error", "detail", "message", "data"}
    assert isinstance(found["error"], str) and found["error"]
    assert found["detail"] == found["message"]
    assert looks_spanish(found["message"]), found["message"]
    assert found["data"] == {}
