"""Unions through HTTP on SQLite and PostgreSQL (CONTRACT §2.9): partial PAUSAR credited per
worker, the COMPLETAR gate naming what is missing (before acting, in /acciones, and as the
refusal), the v3.0 COMPLETAR finishing the rest, SOLD per union after its ARM, METROLOGIA after
every weld, Mi registro in PD, and a union never counted twice."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.api.helpers import (
    FRESCO,
    SOLDADO,
    TODAY,
    assert_error,
    assert_validation_error,
    events,
    spool,
    tomar,
)
from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_HEADERS
from zeues.container import Container
from zeues.domain.unions import Union, UnionWork

# 7 unions: DN 2, 3, 1.5, 0.5, 4, 6, 1 (18 in all); 1-5 need SOLD (11 of those), 6 and 7 do not.
KINDS = [("BW", 20), ("SO", 30), ("BR", 15), ("FILL", 5), ("LET", 40), ("MIT", 60), ("MIT", 10)]
TAG = FRESCO


def put_unions(container: Container, tag: str = TAG) -> None:
    rows = [Union(tag, n, dn, tipo) for n, (tipo, dn) in enumerate(KINDS, start=1)]
    with container.store.write() as tx:
        tx.put_unions(tag, rows)


@pytest.fixture
def with_unions(container: Container) -> str:
    put_unions(container)
    return TAG


def pausar(
    client: TestClient, worker: int, op: str = "ARM", tag: str = TAG, **extra: Any
) -> Response:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": op, **extra}
    return client.post("/api/occupation/pausar", json=body)


def completar(
    client: TestClient, worker: int, op: str | None = "ARM", tag: str = TAG, **extra: Any
) -> Response:
    body = {"tag_spool": tag, "worker_id": worker, "fecha_operacion": TODAY, **extra}
    if op is not None:
        body["operacion"] = op
    return client.post("/api/occupation/completar", json=body)


def uniones(client: TestClient, tag: str = TAG) -> dict[str, Any]:
    response = client.get(f"/api/spools/{tag}/uniones")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def registro(client: TestClient, worker: int, **params: str) -> dict[str, Any]:
    response = client.get(f"/api/registro/{worker}", params=params)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def pd_on(client: TestClient, worker: int, op: str, tags: tuple[str, ...] = (TAG,)) -> float:
    """PD of `op` this worker finished today on these spools (the demo data has others)."""
    items = registro(client, worker)["uniones"]
    return round(
        sum(x["dn_union"] for x in items if x["tag_spool"] in tags and x["operacion"] == op), 1
    )


def who(found: dict[str, Any], op: str) -> dict[int, str | None]:
    """n_union → the worker who finished `op` on it (None: not done)."""
    return {x["n_union"]: (x[op.lower()] or {}).get("worker") for x in found["uniones"]}


def acciones(client: TestClient, worker: int, tag: str = TAG) -> dict[tuple[str, str], Any]:
    response = client.get(f"/api/spools/{tag}/acciones", params={"worker_id": worker})
    assert response.status_code == 200, response.text
    return {(a["operacion"], a["accion"]): a for a in response.json()["acciones"]}


def test_a_spool_without_unions_answers_an_empty_list(client: TestClient) -> None:
    found = uniones(client)
    assert found["uniones"] == []
    assert found["resumen"] == {
        "total": 0, "arm_hechas": 0, "sold_requeridas": 0, "sold_hechas": 0,
        "pd_arm": 0.0, "pd_sold": 0.0, "texto": "ARM 0/0 · SOLD 0/0 · 0 PD",
    }  # fmt: skip


def test_unknown_spool_and_worker_are_404(client: TestClient) -> None:
    assert_error(client.get("/api/spools/FAKE-999/uniones"), 404, "SPOOL_NO_ENCONTRADO")
    assert_error(client.get("/api/registro/4242"), 404, "WORKER_NO_ENCONTRADO")
    assert_validation_error(client.get("/api/registro/93", params={"fecha": "2099-01-01"}))
    assert_validation_error(client.get("/api/registro/93", params={"fecha": "31-02-2026"}))
    assert_validation_error(client.get("/api/registro/0"))


def test_the_unions_resource_shape(client: TestClient, with_unions: str) -> None:
    found = uniones(client)
    assert found["tag_spool"] == TAG
    first = found["uniones"][0]
    assert first == {
        "n_union": 1, "dn_union": 2.0, "tipo_union": "BW", "requiere_sold": True,
        "arm": None, "sold": None, "ndt_union": None, "r_ndt_union": None,
        "ndt_fecha": None, "ndt_status": None,
    }  # fmt: skip
    assert [x["requiere_sold"] for x in found["uniones"]] == [True] * 5 + [False] * 2
    assert found["resumen"]["total"] == 7 and found["resumen"]["sold_requeridas"] == 5
    assert found["abiertas"] == {"ARM": [1, 2, 3, 4, 5, 6, 7], "SOLD": [1, 2, 3, 4, 5]}


def test_welder_pauses_after_three_and_another_finishes_the_other_four(
    client: TestClient, with_unions: str
) -> None:
    assert tomar(client, TAG, 93).status_code == 200
    paused = pausar(client, 93, uniones=[1, 2, 3])
    assert paused.status_code == 200, paused.text
    assert paused.json()["uniones"] == [1, 2, 3] and paused.json()["pd"] == 6.5
    assert "uniones 1, 2, 3: 6.5 PD" in paused.json()["message"]

    after_pause = uniones(client)
    assert who(after_pause, "ARM") == {1: "MR(93)", 2: "MR(93)", 3: "MR(93)",
                                       4: None, 5: None, 6: None, 7: None}  # fmt: skip
    assert after_pause["abiertas"]["ARM"] == [4, 5, 6, 7]
    assert after_pause["resumen"]["texto"] == "ARM 3/7 · SOLD 0/5 · 6.5 PD"
    first = after_pause["uniones"][0]["arm"]
    assert first["worker_id"] == 93 and first["fecha_inicio"] and first["fecha_fin"]

    assert tomar(client, TAG, 94).status_code == 200
    done = completar(client, 94, uniones=[4, 5, 6, 7])
    assert done.status_code == 200, done.text
    assert spool(client, TAG)["estado"]["arm"] == "COMPLETADO"
    assert set(who(uniones(client), "ARM").values()) == {"MR(93)", "JP(94)"}

    mine, theirs = registro(client, 93), registro(client, 94)
    assert (pd_on(client, 93, "ARM"), pd_on(client, 93, "SOLD")) == (6.5, 0.0)
    here = [(x["n_union"], x["operacion"]) for x in mine["uniones"] if x["tag_spool"] == TAG]
    assert here == [(1, "ARM"), (2, "ARM"), (3, "ARM")]
    # the day's totals are the sums of its unions (the demo data's and these)
    for day in (mine, theirs):
        arm = sum(x["dn_union"] for x in day["uniones"] if x["operacion"] == "ARM")
        assert day["pd_arm"] == round(arm, 1)
        assert day["pd_total"] == round(day["pd_arm"] + day["pd_sold"], 1)
    assert pd_on(client, 94, "ARM") == 11.5 and theirs["worker"] == "JP(94)"
    assert theirs["fecha"] == TODAY and registro(client, 94, fecha=TODAY) == theirs

    trail = [
        e for e in events(client, TAG) if e["evento_tipo"] in ("PAUSAR_SPOOL", "COMPLETAR_ARM")
    ]
    assert [(e["metadata"]["uniones"], e["metadata"]["pd"]) for e in trail] == [
        ([1, 2, 3], 6.5),
        ([4, 5, 6, 7], 11.5),
    ]


def test_completar_missing_unions_is_refused_naming_them_and_changes_nothing(
    client: TestClient, with_unions: str
) -> None:
    assert tomar(client, TAG, 93).status_code == 200
    before = (spool(client, TAG), uniones(client), events(client, TAG))
    # Shown before acting: the tablet's COMPLETAR preview with the selection is the refusal.
    body = assert_error(
        completar(client, 93, uniones=[1, 2, 3]), 400, "DEPENDENCIAS_NO_SATISFECHAS"
    )
    assert "faltan las uniones 4, 5, 6 y 7" in body["message"]
    assert body["data"]["uniones"] == [4, 5, 6, 7]
    assert (spool(client, TAG), uniones(client), events(client, TAG)) == before


def test_v3_completar_without_unions_finishes_the_rest_in_the_workers_name(
    client: TestClient, with_unions: str
) -> None:
    assert tomar(client, TAG, 93).status_code == 200
    assert pausar(client, 93, uniones=[1]).status_code == 200
    assert tomar(client, TAG, 94).status_code == 200
    done = completar(client, 94, op=None)  # a v3.0 tablet: no operacion, no uniones
    assert done.status_code == 200, done.text
    assert done.json()["uniones"] == [2, 3, 4, 5, 6, 7]
    assert who(uniones(client), "ARM") == {1: "MR(93)", **{n: "JP(94)" for n in range(2, 8)}}


def test_pausar_without_unions_records_none(client: TestClient, with_unions: str) -> None:
    assert tomar(client, TAG, 93).status_code == 200
    paused = pausar(client, 93)
    assert paused.status_code == 200 and paused.json()["uniones"] == []
    assert uniones(client)["resumen"]["arm_hechas"] == 0


def test_a_spool_without_unions_behaves_as_before(client: TestClient) -> None:
    assert tomar(client, TAG, 93).status_code == 200
    done = completar(client, 93)
    assert done.status_code == 200 and done.json()["uniones"] is None
    assert "uniones" not in events(client, TAG)[-1]["metadata"]
    assert tomar(client, TAG, 93, "SOLD").status_code == 200
    body = assert_error(pausar(client, 93, "SOLD", uniones=[1]), 400, "UNION_NO_VALIDA")
    assert "no tiene uniones" in body["message"]


@pytest.mark.parametrize(
    ("selection", "status", "code", "text"),
    [
        ([8], 400, "UNION_NO_VALIDA", "no tiene la unión 8"),
        ([1, 1], 422, "VALIDATION_ERROR", "repetidas"),
        ([0], 422, "VALIDATION_ERROR", ""),
        (["1"], 422, "VALIDATION_ERROR", ""),
        ([2], 409, "UNION_YA_REGISTRADA", "JP(94)"),
    ],
)
def test_bad_selections_are_refused_and_change_nothing(
    client: TestClient, with_unions: str, selection: list[Any], status: int, code: str, text: str
) -> None:
    assert tomar(client, TAG, 94).status_code == 200
    assert pausar(client, 94, uniones=[2]).status_code == 200
    assert tomar(client, TAG, 93).status_code == 200
    before = (spool(client, TAG), uniones(client), events(client, TAG))
    response = pausar(client, 93, uniones=selection)
    if status == 422:
        body = assert_validation_error(response)
    else:
        body = assert_error(response, status, code)
    assert text in body["message"]
    assert (spool(client, TAG), uniones(client), events(client, TAG)) == before


def test_sold_per_union_needs_its_arm_and_the_preview_says_so(
    client: TestClient, with_unions: str
) -> None:
    assert tomar(client, TAG, 93).status_code == 200
    assert pausar(client, 93, uniones=[1, 2]).status_code == 200
    assert tomar(client, TAG, 93, "SOLD").status_code == 200
    preview = acciones(client, 93)[("SOLD", "COMPLETAR")]
    assert not preview["permitida"] and "3, 4 y 5" in preview["message"]
    assert preview["error"] == "DEPENDENCIAS_NO_SATISFECHAS"
    body = assert_error(
        pausar(client, 93, "SOLD", uniones=[2, 3]), 400, "DEPENDENCIAS_NO_SATISFECHAS"
    )
    assert "unión 3" in body["message"] and "ARM" in body["message"]
    body = assert_error(pausar(client, 93, "SOLD", uniones=[6]), 400, "UNION_NO_VALIDA")
    assert "6 (MIT)" in body["message"]
    welded = pausar(client, 93, "SOLD", uniones=[1, 2])
    assert welded.status_code == 200 and welded.json()["pd"] == 5.0
    assert pd_on(client, 93, "SOLD") == 5.0 and pd_on(client, 93, "ARM") == 5.0


def test_metrologia_needs_every_weld_shown_before_acting(
    client: TestClient, container: Container
) -> None:
    # A spool already ARM and SOLD complete whose union sheet came later, with a weld open.
    rows = [Union(SOLDADO, 1, 20, "BW"), Union(SOLDADO, 2, 10, "MIT")]
    with container.store.write() as tx:
        tx.put_unions(SOLDADO, rows)
    preview = acciones(client, 93, SOLDADO)[("METROLOGIA", "COMPLETAR")]
    assert not preview["permitida"] and "falta la unión 1" in preview["message"]
    response = client.post(
        "/api/metrologia/completar",
        json={"tag_spool": SOLDADO, "worker_id": 93, "resultado": "APROBADO"},
    )
    body = assert_error(response, 400, "DEPENDENCIAS_NO_SATISFECHAS")
    assert body["data"]["uniones"] == [1]


def test_a_repeated_key_replays_and_counts_once(client: TestClient, with_unions: str) -> None:
    assert tomar(client, TAG, 93).status_code == 200
    body = {"tag_spool": TAG, "worker_id": 93, "operacion": "ARM", "uniones": [1, 2]}
    headers = {"Idempotency-Key": "pausa-uniones-1"}
    first = client.post("/api/occupation/pausar", json=body, headers=headers)
    again = client.post("/api/occupation/pausar", json=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert pd_on(client, 93, "ARM") == 5.0
    assert len([e for e in events(client, TAG) if e["evento_tipo"] == "PAUSAR_SPOOL"]) == 1


def test_two_workers_ticking_the_same_union_at_once_one_wins(
    client: TestClient, container: Container, clock: FakeClock
) -> None:
    """MR(93)'s hold lapsed with nobody moving the spool on, so he may still PAUSAR it with the
    unions he did; at the same moment JP(94) takes the spool and ticks the same unions. Whoever
    is first is credited; the other is told (410 for MR, 409 naming MR for JP); nothing is
    counted twice. Repeated on several spools so both orders happen."""
    tags = [f"TEST-0{i}" for i in range(1, 6)]
    for tag in tags:
        put_unions(container, tag)
        assert tomar(client, tag, 93).status_code == 200
    clock.advance(container.settings.lease_ttl_seconds + 60)
    answers: dict[str, dict[str, int]] = {}

    def race(tag: str) -> None:
        start = threading.Barrier(2)
        found: dict[str, int] = {}

        def mauricio() -> None:
            start.wait()
            found["MR"] = pausar(client, 93, tag=tag, uniones=[1, 2]).status_code

        def juan() -> None:
            start.wait()
            taken = tomar(client, tag, 94).status_code
            found["JP"] = (
                pausar(client, 94, tag=tag, uniones=[1, 2]).status_code if taken == 200 else taken
            )

        threads = [threading.Thread(target=mauricio), threading.Thread(target=juan)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        answers[tag] = found

    for tag in tags:
        race(tag)
    for tag, found in answers.items():
        assert sorted(found.values()) in ([200, 409], [200, 410]), (tag, found)
        credited = who(uniones(client, tag), "ARM")
        winner = "MR(93)" if found["MR"] == 200 else "JP(94)"
        assert credited[1] == credited[2] == winner, (tag, found, credited)
    total = pd_on(client, 93, "ARM", tuple(tags)) + pd_on(client, 94, "ARM", tuple(tags))
    assert total == 5.0 * len(tags)  # unions 1 and 2 (DN 2 + 3) once per spool


def test_a_test_spool_reset_clears_union_progress_not_the_unions(
    client: TestClient, container: Container
) -> None:
    put_unions(container, "TEST-01")
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert pausar(client, 93, tag="TEST-01", uniones=[1, 2]).status_code == 200
    reset = client.post("/api/admin/spools/TEST-01/reset", headers=ADMIN_HEADERS)
    assert reset.status_code == 200, reset.text
    found = uniones(client, "TEST-01")
    assert found["resumen"]["total"] == 7 and found["resumen"]["arm_hechas"] == 0
    # what was credited on the day stays in the audit trail, not in the unions
    assert pd_on(client, 93, "ARM", ("TEST-01",)) == 0.0


def _welded_unions(container: Container, tag: str) -> None:
    done = UnionWork(94, "JP(94)", None, datetime(2026, 11, 20, 12, tzinfo=UTC))
    rows = [Union(tag, n, dn, tipo, arm=done, sold=done if tipo != "MIT" else None)
            for n, (tipo, dn) in enumerate(KINDS, start=1)]  # fmt: skip
    with container.store.write() as tx:
        tx.put_unions(tag, rows)


def test_a_rejection_names_the_defect_and_the_unions_for_the_repair_crew(
    client: TestClient, container: Container
) -> None:
    _welded_unions(container, SOLDADO)
    body = {"tag_spool": SOLDADO, "worker_id": 93, "resultado": "RECHAZADO",
            "defecto": "Porosidad en raíz", "uniones": [5, 2]}  # fmt: skip
    response = client.post("/api/metrologia/completar", json=body)
    assert response.status_code == 200, response.text
    found = uniones(client, SOLDADO)["rechazo"]
    assert (found["defecto"], found["uniones"], found["ciclo"]) == ("Porosidad en raíz", [2, 5], 1)
    assert found["worker"] == "MR(93)"
    last = events(client, SOLDADO)[-1]
    assert last["metadata"]["rechazo"] == {"defecto": "Porosidad en raíz", "uniones": [2, 5]}
    # once repaired and approved, nothing is pending
    assert tomar(client, SOLDADO, 96, "REPARACION").status_code == 200
    repaired = client.post(
        "/api/completar-reparacion", json={"tag_spool": SOLDADO, "worker_id": 96}
    )
    assert repaired.status_code == 200, repaired.text
    assert uniones(client, SOLDADO)["rechazo"] is None


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"resultado": "APROBADO", "defecto": "x"}, 422, "VALIDATION_ERROR"),
        ({"resultado": "APROBADO", "uniones": [1]}, 422, "VALIDATION_ERROR"),
        ({"defecto": ""}, 422, "VALIDATION_ERROR"),
        ({"uniones": [9]}, 400, "UNION_NO_VALIDA"),
        ({"uniones": [1, 1]}, 422, "VALIDATION_ERROR"),
    ],
)
def test_bad_rejection_fields_are_refused_and_change_nothing(
    client: TestClient, container: Container, changes: dict[str, Any], status: int, code: str
) -> None:
    _welded_unions(container, SOLDADO)
    before = (spool(client, SOLDADO), events(client, SOLDADO))
    body = {"tag_spool": SOLDADO, "worker_id": 93, "resultado": "RECHAZADO", **changes}
    response = client.post("/api/metrologia/completar", json=body)
    if status == 422:
        assert_validation_error(response)
    else:
        assert_error(response, status, code)
    # the same rule on /api/occupation/completar
    again = completar(
        client, 93, "METROLOGIA", tag=SOLDADO, **{"resultado": "RECHAZADO", **changes}
    )
    assert again.status_code == status, again.text
    assert (spool(client, SOLDADO), events(client, SOLDADO)) == before


def test_the_supervisor_sees_pd_per_worker_and_operation_by_day_and_week(
    client: TestClient, with_unions: str, clock: FakeClock
) -> None:
    def pd_view(**params: Any) -> dict[str, Any]:
        response = client.get("/api/supervisor/pd", params=params, headers=ADMIN_HEADERS)
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    before = pd_view()
    assert tomar(client, TAG, 93).status_code == 200
    assert pausar(client, 93, uniones=[1, 2, 3]).status_code == 200
    clock.advance(24 * 3600)  # the next business day
    assert tomar(client, TAG, 94).status_code == 200
    assert (
        completar(client, 94, uniones=[4, 5, 6, 7], fecha_operacion="2026-11-24").status_code == 200
    )

    day = pd_view()
    assert day["desde"] == day["hasta"] == "2026-11-24"
    mine = [f for f in day["filas"] if f["worker_id"] == 94 and f["operacion"] == "ARM"]
    assert [(f["fecha"], f["uniones"]) for f in mine] == [("2026-11-24", 4)]
    assert not [f for f in day["filas"] if f["worker_id"] == 93 and f["operacion"] == "ARM"]
    yesterday = pd_view(fecha="2026-11-23")
    grew = {f["worker_id"]: f for f in yesterday["filas"] if f["operacion"] == "ARM"}
    was = {f["worker_id"]: f for f in before["filas"] if f["operacion"] == "ARM"}
    assert round(grew[93]["pd"] - (was[93]["pd"] if 93 in was else 0), 1) == 6.5
    week = pd_view(dias=7)
    assert (week["desde"], week["hasta"]) == ("2026-11-18", "2026-11-24")
    assert week["pd_total"] == round(sum(w["pd_total"] for w in week["trabajadores"]), 1)
    assert week["pd_total"] == round(sum(f["pd"] for f in week["filas"]), 1)
    assert [w["pd_total"] for w in week["trabajadores"]] == sorted(
        (w["pd_total"] for w in week["trabajadores"]), reverse=True
    )
    assert client.get("/api/supervisor/pd").status_code == 401
    assert_validation_error(
        client.get("/api/supervisor/pd", params={"dias": 40}, headers=ADMIN_HEADERS)
    )


def test_the_board_summary_has_the_pd_finished_today(client: TestClient, with_unions: str) -> None:
    def pd_hoy() -> float:
        found: float = client.get("/api/dashboard/resumen").json()["pd_hoy"]
        return found

    before = pd_hoy()
    assert tomar(client, TAG, 93).status_code == 200
    assert pausar(client, 93, uniones=[5, 6]).status_code == 200  # 4" + 6"
    assert round(pd_hoy() - before, 1) == 10.0


def test_the_history_shows_which_unions_each_session_finished(
    client: TestClient, with_unions: str
) -> None:
    assert tomar(client, TAG, 93).status_code == 200
    assert pausar(client, 93, uniones=[1, 2, 3]).status_code == 200
    assert tomar(client, TAG, 94).status_code == 200
    assert completar(client, 94).status_code == 200
    sessions = client.get(f"/api/history/{TAG}").json()["sessions"]
    assert [(s["worker_id"], s["end_reason"], s["uniones"], s["pd"]) for s in sessions] == [
        (93, "PAUSAR", [1, 2, 3], 6.5),
        (94, "COMPLETAR", [4, 5, 6, 7], 11.5),
    ]


def test_notes_are_appended_signed_and_audited(client: TestClient) -> None:
    url = f"/api/spools/{TAG}/notas"
    first = client.post(url, json={"texto": ' Falta brida 6" ', "worker_id": 93, "autor": "x"})
    assert first.status_code == 200, first.text
    assert (first.json()["texto"], first.json()["autor"]) == ('Falta brida 6"', "MR(93)")
    headers = {"Idempotency-Key": "nota-1"}
    second = client.post(
        url, json={"texto": "Revisar plano rev. B", "autor": "Planificación"}, headers=headers
    )
    again = client.post(
        url, json={"texto": "Revisar plano rev. B", "autor": "Planificación"}, headers=headers
    )
    assert second.status_code == again.status_code == 200 and second.content == again.content
    found = client.get(url).json()
    assert [(n["texto"], n["autor"], n["worker_id"]) for n in found["notas"]] == [
        ('Falta brida 6"', "MR(93)", 93),
        ("Revisar plano rev. B", "Planificación", None),
    ]
    trail = [e for e in events(client, TAG) if e["evento_tipo"] == "NOTA"]
    assert [e["metadata"]["texto"] for e in trail] == ['Falta brida 6"', "Revisar plano rev. B"]
    assert trail[0]["worker_nombre"] == "MR(93)"


@pytest.mark.parametrize(
    ("tag", "body", "status", "code"),
    [
        ("FAKE-999", {"texto": "hola"}, 404, "SPOOL_NO_ENCONTRADO"),
        (TAG, {"texto": "hola", "worker_id": 4242}, 404, "WORKER_NO_ENCONTRADO"),
        (TAG, {"texto": ""}, 422, "VALIDATION_ERROR"),
        (TAG, {"texto": "   "}, 422, "VALIDATION_ERROR"),
        (TAG, {"texto": "x" * 1001}, 422, "VALIDATION_ERROR"),
        (TAG, {}, 422, "VALIDATION_ERROR"),
    ],
)
def test_bad_notes_are_refused_and_write_nothing(
    client: TestClient, tag: str, body: dict[str, Any], status: int, code: str
) -> None:
    response = client.post(f"/api/spools/{tag}/notas", json=body)
    if status == 422:
        assert_validation_error(response)
    else:
        assert_error(response, status, code)
    assert client.get(f"/api/spools/{TAG}/notas").json()["total"] == 0
    assert not [e for e in events(client, TAG) if e["evento_tipo"] == "NOTA"]


def test_the_admin_sets_unions_only_on_test_spools(client: TestClient) -> None:
    body = {"uniones": [{"n_union": 1, "dn_union": 2.5, "tipo_union": "bw"}]}
    done = client.put("/api/admin/spools/TEST-03/uniones", json=body, headers=ADMIN_HEADERS)
    assert done.status_code == 200 and done.json()["total"] == 1, done.text
    assert uniones(client, "TEST-03")["uniones"][0]["tipo_union"] == "BW"
    refused = client.put(f"/api/admin/spools/{TAG}/uniones", json=body, headers=ADMIN_HEADERS)
    assert_error(refused, 403, "RESET_NO_PERMITIDO")
    assert uniones(client)["uniones"] == []
    assert client.put("/api/admin/spools/TEST-03/uniones", json=body).status_code == 401
    twice = {"uniones": [body["uniones"][0], body["uniones"][0]]}
    bad = client.put("/api/admin/spools/TEST-03/uniones", json=twice, headers=ADMIN_HEADERS)
    assert_validation_error(bad)
    empty = client.put(
        "/api/admin/spools/TEST-03/uniones", json={"uniones": []}, headers=ADMIN_HEADERS
    )
    assert empty.status_code == 200 and uniones(client, "TEST-03")["uniones"] == []


def test_a_wrong_method_on_the_notes_names_both_methods(client: TestClient) -> None:
    response = client.request("OPTIONS", f"/api/spools/{TAG}/notas")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert client.delete("/api/spools/TEST-01").headers["allow"] == "GET"
