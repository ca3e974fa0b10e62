"""Lists without `limit` return every match, as v3.0 did (its tablets search only what they
loaded); `limit`/`offset` still page, up to the documented bound."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_validation_error, tomar
from tests.conftest import FakeClock
from zeues.api.models.parameters import MAX_LIST

LISTS = [
    ("/api/spools/iniciar", {"operacion": "ARM"}),
    ("/api/spools/disponible", {"operacion": "SOLD"}),
    ("/api/spools/ocupados", {}),
    ("/api/spools/completar", {}),
    ("/api/spools/cancelar", {}),
    ("/api/spools/reparacion", {}),
]


def _hold_test_spools(client: TestClient, clock: FakeClock) -> None:
    """More held spools than the demo's, for the ocupados lists (one second apart: those are
    ordered by when they were taken)."""
    for i in range(1, 6):
        clock.advance(1)
        assert tomar(client, f"TEST-0{i}", 93).status_code == 200


def _get(client: TestClient, url: str, **params: Any) -> dict[str, Any]:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_the_arm_list_without_limit_returns_every_match_including_the_test_spools(
    client: TestClient,
) -> None:
    found = _get(client, "/api/spools/iniciar", operacion="ARM")
    tags = [s["tag_spool"] for s in found["spools"]]
    assert found["total"] > 100  # the old default page
    assert len(tags) == found["total"] == len(set(tags))
    assert {f"TEST-0{i}" for i in range(1, 6)} <= set(tags)
    assert found["limit"] == MAX_LIST


@pytest.mark.parametrize(("url", "params"), LISTS)
def test_every_list_without_limit_returns_all_it_counts(
    client: TestClient, clock: FakeClock, url: str, params: dict[str, str]
) -> None:
    _hold_test_spools(client, clock)
    found = _get(client, url, **params)
    assert found["total"] > 0
    assert len(found["spools"]) == found["total"]


@pytest.mark.parametrize(("url", "params"), LISTS)
def test_limit_and_offset_still_page_every_list(
    client: TestClient, clock: FakeClock, url: str, params: dict[str, str]
) -> None:
    _hold_test_spools(client, clock)
    everything = [s["tag_spool"] for s in _get(client, url, **params)["spools"]]
    page = _get(client, url, **params, limit=2, offset=1)
    assert [s["tag_spool"] for s in page["spools"]] == everything[1:3]


def test_a_limit_above_the_documented_bound_is_422(client: TestClient) -> None:
    response = client.get("/api/spools/iniciar", params={"operacion": "ARM", "limit": MAX_LIST + 1})
    body = assert_validation_error(response)
    assert f"como máximo {MAX_LIST}" in body["message"]


def test_the_openapi_schema_documents_the_bound_and_no_default_page(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    params = spec["paths"]["/api/spools/iniciar"]["get"]["parameters"]
    limit = next(p for p in params if p["name"] == "limit")
    assert str(MAX_LIST) in limit["description"]
    assert limit["schema"].get("default") is None
