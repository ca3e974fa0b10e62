"""Edges of the HTTP layer: the board page, unexpected errors, database outages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from zeues.api.app import create_app
from zeues.container import Container
from zeues.services.ports import StoreUnavailable


def test_the_board_serves_the_spanish_floor_dashboard(client: TestClient) -> None:
    page = client.get("/tablero")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Tablero del taller" in page.text
    assert '<script src="/static/common/flujo-sse.js">' in page.text
    script = client.get("/static/common/flujo-sse.js")
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
    original = container.runner.run

    def failing_run(*args: object, **kwargs: object) -> object:
        raise StoreUnavailable("connection refused")

    container.runner.run = failing_run  # type: ignore[method-assign,assignment]
    with TestClient(app, raise_server_exceptions=False) as tc:
        write = tc.post(
            "/api/occupation/tomar",
            json={"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"},
        )
        health = tc.get("/api/health")
        ready = tc.get("/api/health/ready")
    container.runner.run = original  # type: ignore[method-assign]
    assert write.status_code == 503
    assert write.headers["Retry-After"] == "2"
    assert write.json()["error"] == "BASE_DE_DATOS_NO_DISPONIBLE"
    assert health.status_code == 200
    assert health.json()["status"] == "unhealthy" and health.json()["operational"] is False
    assert health.json()["database"] == "error" and health.json()["sheets_connection"] == "error"
    assert ready.status_code == 503 and ready.headers["Retry-After"] == "2"
