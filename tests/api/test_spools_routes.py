"""The spool read routes: one spool and the listings a tablet picks from."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import (
    APROBADO,
    ARM_COMPLETADO,
    ARM_PAUSADO,
    ARM_TOMADO,
    BLOQUEADO,
    FRESCO,
    LEASE_SECONDS,
    RECHAZADO,
    SIN_MATERIALES,
    SOLDADO,
    SPOOL_FIELDS,
    TODAY,
    assert_validation_error,
    list_spools,
    reparacion,
    resumen,
    spool,
    spool_tags,
    tomar,
)
from tests.conftest import FakeClock


def test_a_spool_exposes_every_field_of_the_contract(client: TestClient) -> None:
    found = spool(client, RECHAZADO)
    assert set(found) >= SPOOL_FIELDS
    assert set(found["estado"]) == {"arm", "sold", "metrologia", "reparacion", "ciclo", "bloqueado"}
    assert isinstance(found["version"], int)
    assert (found["nv"], found["proyecto"]) == ("NV-4000", "Planta Norte")


@pytest.mark.parametrize("path", ["/api/spools/iniciar", "/api/spools/disponible"])
def test_iniciar_lists_the_spools_an_operation_can_be_taken_on_now(
    client: TestClient, path: str
) -> None:
    found = list_spools(client, path, operacion="ARM", q="TEST")
    assert sorted(spool_tags(found)) == [f"TEST-0{n}" for n in range(1, 6)]
    assert found["total"] == 5
    assert "ARM" in found["filtro_aplicado"]
    assert "TEST" in found["filtro_aplicado"]
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert "TEST-01" not in spool_tags(list_spools(client, path, operacion="ARM", q="TEST"))


@pytest.mark.parametrize(
    ("operacion", "tag", "listed"),
    [
        pytest.param("ARM", FRESCO, True, id="arm-fresh"),
        pytest.param("ARM", ARM_PAUSADO, True, id="arm-paused"),
        pytest.param("ARM", ARM_COMPLETADO, False, id="arm-done"),
        pytest.param("ARM", ARM_TOMADO, False, id="arm-held"),
        pytest.param("ARM", SIN_MATERIALES, False, id="arm-no-materials"),
        pytest.param("ARM", BLOQUEADO, False, id="arm-blocked"),
        pytest.param("SOLD", ARM_COMPLETADO, True, id="sold-after-arm"),
        pytest.param("SOLD", ARM_PAUSADO, True, id="sold-arm-started"),
        pytest.param("SOLD", FRESCO, False, id="sold-arm-pending"),
        pytest.param("METROLOGIA", SOLDADO, True, id="metrologia-welded"),
        pytest.param("METROLOGIA", ARM_COMPLETADO, False, id="metrologia-not-welded"),
        pytest.param("METROLOGIA", RECHAZADO, False, id="metrologia-rejected"),
        pytest.param("METROLOGIA", APROBADO, False, id="metrologia-approved"),
        pytest.param("REPARACION", RECHAZADO, True, id="reparacion-rejected"),
        pytest.param("REPARACION", BLOQUEADO, False, id="reparacion-blocked"),
        pytest.param("REPARACION", SOLDADO, False, id="reparacion-not-rejected"),
    ],
)
def test_iniciar_lists_a_spool_only_when_its_operation_could_be_taken(
    client: TestClient, operacion: str, tag: str, listed: bool
) -> None:
    found = list_spools(client, "/api/spools/iniciar", operacion=operacion, q=tag)
    assert (tag in spool_tags(found)) is listed


def test_iniciar_follows_a_spool_through_its_repair(client: TestClient) -> None:
    def listed(operacion: str) -> bool:
        found = list_spools(client, "/api/spools/iniciar", operacion=operacion, q=RECHAZADO)
        return RECHAZADO in spool_tags(found)

    assert reparacion(client, "tomar", RECHAZADO).status_code == 200
    assert (listed("REPARACION"), listed("METROLOGIA")) == (False, False)
    assert reparacion(client, "pausar", RECHAZADO).status_code == 200
    assert (listed("REPARACION"), listed("METROLOGIA")) == (True, False)
    assert reparacion(client, "tomar", RECHAZADO).status_code == 200
    assert reparacion(client, "completar", RECHAZADO).status_code == 200
    assert (listed("REPARACION"), listed("METROLOGIA")) == (False, True)


def test_iniciar_lists_a_spool_again_once_its_lease_expired(
    client: TestClient, clock: FakeClock
) -> None:
    assert list_spools(client, "/api/spools/iniciar", operacion="ARM", q=ARM_TOMADO)["total"] == 0
    clock.advance(LEASE_SECONDS)
    assert spool_tags(
        list_spools(client, "/api/spools/iniciar", operacion="ARM", q=ARM_TOMADO)
    ) == [ARM_TOMADO]


def test_iniciar_pages_with_limit_and_offset(client: TestClient) -> None:
    pages = [
        list_spools(
            client, "/api/spools/iniciar", operacion="ARM", q="TEST", limit=2, offset=offset
        )
        for offset in (0, 2, 4)
    ]
    assert [len(page["spools"]) for page in pages] == [2, 2, 1]
    assert {page["total"] for page in pages} == {5}
    every = [tag for page in pages for tag in spool_tags(page)]
    assert sorted(every) == [f"TEST-0{n}" for n in range(1, 6)]


@pytest.mark.parametrize(
    "path", ["/api/spools/ocupados", "/api/spools/completar", "/api/spools/cancelar"]
)
def test_ocupados_lists_the_spools_a_worker_holds(client: TestClient, path: str) -> None:
    demo_holds = list_spools(client, path, worker_id=93)["total"]
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert tomar(client, ARM_COMPLETADO, 93, "SOLD").status_code == 200
    assert tomar(client, "TEST-02", 94).status_code == 200

    mine = list_spools(client, path, worker_id=93)
    assert {"TEST-01", ARM_COMPLETADO} <= set(spool_tags(mine))
    assert "TEST-02" not in spool_tags(mine)
    assert mine["total"] == len(mine["spools"]) == demo_holds + 2
    assert "93" in mine["filtro_aplicado"]
    assert all(s["ocupado_por"] == "MR(93)" for s in mine["spools"])
    only_sold = list_spools(client, path, worker_id=93, operacion="SOLD")
    assert ARM_COMPLETADO in spool_tags(only_sold)
    assert {s["operacion_actual"] for s in only_sold["spools"]} == {"SOLD"}
    assert list_spools(client, path, worker_id=95)["total"] == 0  # a metrologist never holds


def test_ocupados_without_a_worker_lists_every_held_spool(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 94).status_code == 200
    found = list_spools(client, "/api/spools/ocupados", limit=1000)
    occupied = client.get("/api/dashboard/occupied").json()
    assert sorted(spool_tags(found)) == sorted(item["tag_spool"] for item in occupied)
    assert found["total"] == len(occupied) == resumen(client)["ocupados"]
    assert "TEST-01" in spool_tags(found)


def test_reparacion_lists_rejected_and_blocked_spools(client: TestClient) -> None:
    found = list_spools(client, "/api/spools/reparacion")
    assert found["bloqueados"] == 1
    assert found["total"] >= 2
    assert isinstance(found["filtro_aplicado"], str) and found["filtro_aplicado"]
    by_tag = {
        item["tag_spool"]: item
        for item in list_spools(client, "/api/spools/reparacion", limit=1000)["spools"]
    }
    assert by_tag[BLOQUEADO] == {
        "tag_spool": BLOQUEADO,
        "estado_detalle": "BLOQUEADO - Contactar supervisor",
        "fecha_rechazo": TODAY,
        "cycle": 3,
        "bloqueado": True,
    }
    assert by_tag[RECHAZADO]["cycle"] == 2
    assert by_tag[RECHAZADO]["bloqueado"] is False
    assert SOLDADO not in by_tag
    assert APROBADO not in by_tag


def test_reparacion_filters_by_tag_and_pages(client: TestClient) -> None:
    one = list_spools(client, "/api/spools/reparacion", q=RECHAZADO)
    assert ([i["tag_spool"] for i in one["spools"]], one["total"]) == ([RECHAZADO], 1)
    assert RECHAZADO in one["filtro_aplicado"]
    page = list_spools(client, "/api/spools/reparacion", limit=3, offset=1)
    assert len(page["spools"]) == 3


@pytest.mark.parametrize(
    ("path", "params"),
    [
        pytest.param("/api/spools/iniciar", {"operacion": "PINTURA"}, id="iniciar-bad-enum"),
        pytest.param("/api/spools/iniciar", {}, id="iniciar-missing-operacion"),
        pytest.param("/api/spools/disponible", {"operacion": "arm"}, id="disponible-lowercase"),
        pytest.param("/api/spools/ocupados", {"operacion": "PINTURA"}, id="ocupados-bad-enum"),
        pytest.param(
            "/api/spools/iniciar", {"operacion": "ARM", "limit": 0}, id="iniciar-limit-zero"
        ),
        pytest.param(
            "/api/spools/iniciar", {"operacion": "ARM", "offset": -1}, id="iniciar-negative-offset"
        ),
        pytest.param("/api/spools/ocupados", {"worker_id": "abc"}, id="ocupados-bad-worker"),
    ],
)
def test_a_listing_with_invalid_parameters_is_422(
    client: TestClient, path: str, params: dict[str, Any]
) -> None:
    assert_validation_error(client.get(path, params=params))
