"""An existing ZEUES v3.0 tablet frontend, pointed at a real `zeues serve --demo`: exactly the
request shapes that client sends, from its own origin (http://localhost:3000), and its live
updates read by switching on the SSE payload's `type`."""

from __future__ import annotations

import json
import queue
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.infra.auth import ADMIN_TOKEN
from tests.infra.live import HANG_SECONDS, SseClient, live_server
from tests.infra.processes import run_cli, zeues_env

V3_ORIGIN = "http://localhost:3000"
WORKER = {"worker_id": 93, "worker_nombre": "MR(93)"}


class Floor:
    """The server and what a v3.0 tablet would hold of it."""

    def __init__(self, base: str, log: Path) -> None:
        self.base, self.log = base, log
        self.http = httpx.Client(base_url=base, timeout=10, headers={"Origin": V3_ORIGIN})

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self.http.post(path, json=body)


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Floor]:
    workdir = tmp_path_factory.mktemp("compat")
    with live_server(workdir, ZEUES_SSE_PING_SECONDS="1") as base:
        port = base.rsplit(":", 1)[1]
        found = Floor(base, workdir / f"serve-{port}.log")
        yield found
        found.http.close()


def _today_dd_mm_yyyy() -> str:
    """What the v3.0 tablet sends as fecha_operacion: today in the shop, DD-MM-YYYY."""
    return datetime.now(ZoneInfo("America/Santiago")).strftime("%d-%m-%Y")


def test_completar_without_operacion_and_a_dd_mm_yyyy_date_finishes_arm_and_sold(
    floor: Floor,
) -> None:
    for op in ("ARM", "SOLD"):
        taken = floor.post(
            "/api/occupation/tomar", {"tag_spool": "TEST-01", **WORKER, "operacion": op}
        )
        assert taken.status_code == 200, taken.text
        body = {"tag_spool": "TEST-01", **WORKER, "fecha_operacion": _today_dd_mm_yyyy()}
        done = floor.post("/api/occupation/completar", body)
        assert done.status_code == 200, done.text
        assert done.json()["operacion"] == op
    estado = floor.http.get("/api/spools/TEST-01").json()["estado"]
    assert (estado["arm"], estado["sold"]) == ("COMPLETADO", "COMPLETADO")


def test_completar_without_operacion_on_a_spool_the_worker_does_not_hold_is_400(
    floor: Floor,
) -> None:
    body = {"tag_spool": "TEST-02", **WORKER, "fecha_operacion": _today_dd_mm_yyyy()}
    response = floor.post("/api/occupation/completar", body)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "OPERACION_NO_INICIADA"


@pytest.mark.parametrize(
    "path",
    [
        "/api/spools/iniciar?operacion=ARM",
        "/api/spools/disponible?operacion=SOLD",
        "/api/spools/ocupados",
        "/api/spools/completar?worker_id=93",
        "/api/spools/cancelar",
        "/api/spools/reparacion",
    ],
)
def test_list_calls_without_limit_load_every_match(floor: Floor, path: str) -> None:
    response = floor.http.get(path)
    assert response.status_code == 200, response.text
    found = response.json()
    assert len(found["spools"]) == found["total"]


def test_the_tablet_finds_a_test_spool_in_the_full_arm_list_it_loaded(floor: Floor) -> None:
    found = floor.http.get("/api/spools/iniciar", params={"operacion": "ARM"}).json()
    assert found["total"] > 1000  # the demo; v3.0 loaded them all, so must we
    loaded = [s["tag_spool"] for s in found["spools"]]
    assert len(loaded) == found["total"]
    assert [t for t in loaded if t.startswith("TEST-0")]  # its local search finds them


def _preflight(floor: Floor, origin: str) -> httpx.Response:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    return floor.http.options("/api/occupation/tomar", headers=headers)


def test_a_cross_origin_preflight_from_the_v3_frontend_is_allowed(floor: Floor) -> None:
    response = _preflight(floor, V3_ORIGIN)
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == V3_ORIGIN
    assert "POST" in response.headers["access-control-allow-methods"]
    listed = floor.http.get("/api/workers")
    assert listed.headers["access-control-allow-origin"] == V3_ORIGIN


def test_the_server_names_its_origins_at_start_and_logs_a_refused_one_once(floor: Floor) -> None:
    log = floor.log.read_text()
    assert "CORS: orígenes permitidos http://localhost:3000, http://127.0.0.1:3000" in log
    for _ in range(3):
        assert _preflight(floor, "http://tablet-9:3000").status_code == 400
    log = floor.log.read_text()
    assert log.count("origen http://tablet-9:3000") == 1, log[-2000:]


def test_an_undecodable_body_is_a_spanish_422(floor: Floor) -> None:
    response = floor.http.post(
        "/api/occupation/batch-tomar",
        content=b"\xff\x10e",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert body["message"].startswith("Solicitud no válida")


class V3Board:
    """What the v3.0 client does with the stream: a switch on `type`, an update per case."""

    def __init__(self) -> None:
        self.handled: list[tuple[str, str]] = []
        self.unknown: list[str] = []
        handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            kind: self._apply
            for kind in (
                "TOMAR",
                "PAUSAR",
                "COMPLETAR",
                "COMPLETAR_METROLOGIA",
                "TOMAR_REPARACION",
                "PAUSAR_REPARACION",
                "COMPLETAR_REPARACION",
                "CANCELAR_REPARACION",
                "STATE_CHANGE",
            )
        }
        self.handlers = handlers

    def _apply(self, data: dict[str, Any]) -> None:
        self.handled.append((data["tag_spool"], data["type"]))

    def on_message(self, data: dict[str, Any]) -> None:
        handler = self.handlers.get(data["type"])
        if handler is None:
            self.unknown.append(data["type"])
        else:
            handler(data)


def _drain(client: SseClient, board: V3Board, tag: str, until: int) -> None:
    while len([h for h in board.handled if h[0] == tag]) < until:
        try:
            board.on_message(client.next()["data"])
        except queue.Empty:
            break


def test_an_sse_reader_switching_on_type_applies_every_change(floor: Floor) -> None:
    tag = "TEST-03"
    client = SseClient(f"{floor.base}/api/sse/stream?tag_spool={tag}")
    try:
        assert client.connected.wait(HANG_SECONDS), client.status
        board = V3Board()
        fecha = _today_dd_mm_yyyy()
        steps = [
            ("/api/occupation/tomar", {"operacion": "ARM"}),
            ("/api/occupation/pausar", {"operacion": "ARM"}),
            ("/api/occupation/tomar", {"operacion": "ARM"}),
            ("/api/occupation/completar", {"fecha_operacion": fecha}),
            ("/api/occupation/tomar", {"operacion": "SOLD"}),
            ("/api/occupation/completar", {"fecha_operacion": fecha}),
            ("/api/metrologia/completar", {"resultado": "RECHAZADO"}),
            ("/api/tomar-reparacion", {}),
            ("/api/pausar-reparacion", {}),
            ("/api/cancelar-reparacion", {}),
        ]
        for path, extra in steps:
            response = floor.post(path, {"tag_spool": tag, **WORKER, **extra})
            assert response.status_code == 200, (path, response.text)
        reset = floor.http.post(
            f"/api/admin/spools/{tag}/reset", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        )
        assert reset.status_code == 200, reset.text
        _drain(client, board, tag, 11)
    finally:
        client.close()
    assert board.unknown == []
    assert [kind for _, kind in board.handled] == [
        "TOMAR",
        "PAUSAR",
        "TOMAR",
        "COMPLETAR",
        "TOMAR",
        "COMPLETAR",
        "COMPLETAR_METROLOGIA",
        "TOMAR_REPARACION",
        "PAUSAR_REPARACION",
        "CANCELAR_REPARACION",
        "STATE_CHANGE",
    ]


def test_the_smoke_scenarios_still_pass(floor: Floor, tmp_path: Path) -> None:
    env = zeues_env("sqlite:///unused.db", None, ADMIN_TOKEN)
    run_cli(
        env, "e2e", "--base-url", floor.base, "--admin-token", ADMIN_TOKEN,
        "--report-dir", str(tmp_path),
    )  # fmt: skip
    (report,) = tmp_path.glob("e2e-*.json")
    found = json.loads(report.read_text(encoding="utf-8"))
    assert (found["passed"], found["verdict"]) == (8, "STABLE"), found
