"""Health, readiness, Redis status and metrics routes."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    SANTIAGO_SUMMER,
    assert_error,
    spool,
    tomar,
)


def test_health_reports_a_healthy_database_and_redis_disabled(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200, response.text
    found = response.json()
    assert (found["status"], found["operational"]) == ("healthy", True)
    assert (found["database"], found["sheets_connection"]) == ("ok", "ok")
    assert found["redis_connection"] == "disabled"
    assert found["version"] and found["environment"]
    assert datetime.fromisoformat(found["timestamp"]).utcoffset() == SANTIAGO_SUMMER
    assert isinstance(found["details"], dict)


@pytest.mark.parametrize(
    ("path", "status"), [("/api/health/live", 200), ("/api/health/ready", 200)]
)
def test_liveness_and_readiness_answer_200_with_a_working_database(
    client: TestClient, path: str, status: int
) -> None:
    assert client.get(path).status_code == status


def test_redis_health_and_pool_stats_say_disabled_without_redis(client: TestClient) -> None:
    health = client.get("/api/redis-health")
    assert health.status_code == 200, health.text
    assert health.json()["status"] == "disabled"
    assert health.json()["operational"] is True
    assert health.json()["message"]
    stats = client.get("/api/redis-connection-stats")
    assert stats.status_code == 200, stats.text
    assert stats.json()["status"] == "disabled"
    assert stats.json()["alert"] is None
    assert stats.json()["sse_clients"] == 0


def test_metrics_expose_requests_by_route_template_and_sse_clients(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert_error(tomar(client, "TEST-01", 94), 409, "SPOOL_OCCUPIED")
    spool(client, "TEST-01")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.text
    assert "zeues_http_requests_total" in text
    assert "zeues_sse_clients" in text
    assert 'route="/api/occupation/tomar"' in text
    assert 'route="/api/spools/{tag}"' in text
    assert "TEST-01" not in text
    assert 'status="409"' in text
    assert "zeues_occupation_conflicts_total 1.0" in text
    assert "zeues_http_request_duration_seconds_bucket" in text
