"""Small helpers to drive the API in tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

# A worker command by (client, tag, worker[, op]): tomar, pausar or completar.
Command = Callable[..., Response]

TODAY = "2026-11-23"  # the FakeClock's date in America/Santiago


def tomar(client: TestClient, tag: str, worker: int, op: str = "ARM") -> Response:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": op}
    return client.post("/api/occupation/tomar", json=body)


def pausar(client: TestClient, tag: str, worker: int, op: str = "ARM") -> Response:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": op}
    return client.post("/api/occupation/pausar", json=body)


def completar(client: TestClient, tag: str, worker: int, op: str = "ARM", **extra: Any) -> Response:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": op, "fecha_operacion": TODAY}
    return client.post("/api/occupation/completar", json={**body, **extra})


def inspeccionar(client: TestClient, tag: str, resultado: str, worker: int = 93) -> Response:
    return completar(client, tag, worker, "METROLOGIA", resultado=resultado)


def spool(client: TestClient, tag: str) -> dict[str, Any]:
    response = client.get(f"/api/spools/{tag}")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def events(client: TestClient, tag: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get(f"/api/history/{tag}/events").json()["events"]
    return found


def welded(client: TestClient, tag: str, worker: int = 93) -> None:
    """ARM and SOLD completed, ready for METROLOGIA."""
    for op in ("ARM", "SOLD"):
        assert tomar(client, tag, worker, op).status_code == 200
        assert completar(client, tag, worker, op).status_code == 200


# --- Demo spools by their index in services/demo.py (the seed is deterministic) ---------------


def demo_tag(i: int) -> str:
    """The tag of the i-th generated demo spool (same formula as src/zeues/services/demo.py)."""
    return f"MK-{1300 + i // 50}-CW-{25000 + i * 7}-{i % 40 + 1:03d}"


SIN_MATERIALES = demo_tag(0)  # no fecha_materiales
ARM_TOMADO = demo_tag(1)  # ARM EN_PROGRESO, held by a demo worker (lease < 1 h left)
ARM_PAUSADO = demo_tag(2)
ARM_COMPLETADO = demo_tag(4)  # SOLD PENDIENTE
BLOQUEADO = demo_tag(7)  # RECHAZADO three times
SOLDADO = demo_tag(8)  # ARM and SOLD COMPLETADO, METROLOGIA PENDIENTE
RECHAZADO = demo_tag(9)  # RECHAZADO, ciclo 2, repair pending
APROBADO = demo_tag(10)
FRESCO = demo_tag(12)  # materials, nothing started


# --- Error assertions -----------------------------------------------------------------------

_SPANISH_WORDS = {
    "el", "la", "los", "las", "de", "del", "no", "que", "se", "en", "un", "una", "por",
    "para", "es", "está", "falta", "debe", "use", "solicitud", "tiene", "ya", "nadie",
}  # fmt: skip


def looks_spanish(text: str) -> bool:
    words = {w.strip(".,;:()¿?¡!'\"").lower() for w in text.split()}
    return bool(words & _SPANISH_WORDS)


def assert_error(response: Response, status: int, code: str) -> dict[str, Any]:
    """The single error shape of CONTRACT §2.1 for a non-validation error."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["error"] == code, body
    assert isinstance(body["detail"], str) and body["detail"].strip(), body
    assert body["message"] == body["detail"], body
    assert looks_spanish(body["message"]), body["message"]
    assert isinstance(body["data"], dict), body
    return body


def assert_validation_error(response: Response) -> dict[str, Any]:
    """422 VALIDATION_ERROR: FastAPI's `detail` list plus a readable Spanish `message`."""
    assert response.status_code == 422, response.text
    body: dict[str, Any] = response.json()
    assert body["error"] == "VALIDATION_ERROR", body
    assert isinstance(body["detail"], list) and body["detail"], body
    assert all({"loc", "msg", "type"} <= set(item) for item in body["detail"]), body
    assert isinstance(body["message"], str) and body["message"].strip(), body
    assert looks_spanish(body["message"]), body["message"]
    assert isinstance(body["data"], dict), body
    return body


# --- "A rejected request changes nothing" ---------------------------------------------------


def snapshot(client: TestClient, tag: str) -> tuple[Any, ...]:
    """What a client can see of one spool: its row and its audit trail (or their 404s)."""
    found = client.get(f"/api/spools/{tag}")
    trail = client.get(f"/api/history/{tag}/events")
    return found.status_code, found.json(), trail.status_code, trail.json()


def resumen(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/dashboard/resumen")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


@contextmanager
def unchanged(client: TestClient, *tags: str, totals: bool = True) -> Iterator[None]:
    """Asserts the block left these spools and their audit trails as they were, and (with
    `totals`) the shop-wide counts of /api/dashboard/resumen too."""
    before = {tag: snapshot(client, tag) for tag in tags}
    counts = resumen(client) if totals else None
    yield
    for tag, seen in before.items():
        assert snapshot(client, tag) == seen, f"{tag} changed"
    if totals:
        assert resumen(client) == counts, "the shop totals changed"


# --- Other endpoints ------------------------------------------------------------------------


def metrologia(
    client: TestClient, tag: str, resultado: str, worker: int = 95, **extra: Any
) -> Response:
    body = {"tag_spool": tag, "worker_id": worker, "resultado": resultado}
    return client.post("/api/metrologia/completar", json={**body, **extra})


def reparacion(client: TestClient, accion: str, tag: str, worker: int = 96) -> Response:
    """accion: tomar, pausar, completar or cancelar (the /api/{accion}-reparacion paths)."""
    body = {"tag_spool": tag, "worker_id": worker}
    return client.post(f"/api/{accion}-reparacion", json=body)


def sessions(client: TestClient, tag: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/history/{tag}")
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["sessions"]
    return found


def event_types(client: TestClient, tag: str) -> list[str]:
    return [e["evento_tipo"] for e in events(client, tag)]


LEASE_SECONDS = 3600  # the root `settings` fixture's lease TTL
SANTIAGO_SUMMER = timedelta(hours=-3)  # the FakeClock's UTC offset in America/Santiago
SANTIAGO_SUMMER_TZ = timezone(SANTIAGO_SUMMER)

SPOOL_FIELDS = {
    "tag_spool", "nv", "ot", "proyecto", "fecha_materiales", "fecha_armado", "fecha_soldadura",
    "fecha_qc_metrologia", "armador", "soldador", "ocupado_por", "operacion_actual",
    "fecha_ocupacion", "lease_expires_at", "version", "estado_detalle", "estado",
}  # fmt: skip
EVENT_FIELDS = {
    "id", "timestamp", "evento_tipo", "tag_spool", "worker_id", "worker_nombre", "operacion",
    "accion", "fecha_operacion", "metadata",
}  # fmt: skip
SPEC_END_REASONS = {"PAUSAR", "COMPLETAR", "EXPIRADO", "LIBERADO", None}


def local_time(moment: datetime) -> str:
    """A FakeClock instant as the API writes it (America/Santiago, -03:00 in November)."""
    return moment.astimezone(SANTIAGO_SUMMER_TZ).isoformat()


def list_spools(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def spool_tags(listing: dict[str, Any]) -> list[str]:
    return [s["tag_spool"] for s in listing["spools"]]


def reject_and_repair(client: TestClient, tag: str, ciclo: int) -> None:
    """One rejection (checking its cycle number, not yet blocked) and a full repair."""
    rejected = metrologia(client, tag, "RECHAZADO")
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["ciclo"] == ciclo
    assert spool(client, tag)["estado"]["bloqueado"] is False
    assert reparacion(client, "tomar", tag).status_code == 200
    assert reparacion(client, "completar", tag).status_code == 200
