"""The worker read routes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    list_spools,
)


def test_workers_lists_only_active_workers_with_their_short_names(client: TestClient) -> None:
    found = list_spools(client, "/api/workers")
    workers = {w["id"]: w for w in found["workers"]}
    assert found["total"] == len(found["workers"]) >= 60
    assert 98 not in workers
    assert all(w["activo"] for w in workers.values())
    assert workers[93] == {
        "id": 93,
        "nombre": "Mauricio",
        "apellido": "Rodriguez",
        "rol": "Armador",
        "roles": ["Armador", "Soldador", "Metrologia"],
        "activo": True,
        "nombre_completo": "MR(93)",
    }
    assert workers[94]["nombre_completo"] == "JP(94)"
    assert {93, 94, 95, 96, 97} <= set(workers)


@pytest.mark.parametrize(
    ("worker", "roles"),
    [(93, ["Armador", "Soldador", "Metrologia"]), (95, ["Metrologia"]), (97, ["Supervisor"])],
)
def test_worker_roles_lists_the_roles_of_an_active_worker(
    client: TestClient, worker: int, roles: list[str]
) -> None:
    response = client.get(f"/api/workers/{worker}/roles")
    assert response.status_code == 200, response.text
    assert response.json() == {"worker_id": worker, "roles": roles}
