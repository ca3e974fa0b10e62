"""The requests of the ZEUES public HTTP API (CONTRACT §2), as :class:`~zeues.ops.client.Call`
values.

Each function only describes a request; :class:`~zeues.ops.client.ZeuesClient` and
:class:`~zeues.ops.client.AsyncZeuesClient` send it.
"""

from __future__ import annotations

from typing import Any

from zeues.ops.client import Call, Params, Worker


def health() -> Call:
    return Call("GET /api/health", "GET", "/api/health")


def health_live() -> Call:
    return Call("GET /api/health/live", "GET", "/api/health/live")


def redis_health() -> Call:
    return Call("GET /api/redis-health", "GET", "/api/redis-health")


def redis_stats() -> Call:
    return Call("GET /api/redis-connection-stats", "GET", "/api/redis-connection-stats")


def workers() -> Call:
    return Call("GET /api/workers", "GET", "/api/workers")


def spool(tag: str) -> Call:
    return Call("GET /api/spools/{tag}", "GET", f"/api/spools/{tag}")


def history(tag: str) -> Call:
    return Call("GET /api/history/{tag}", "GET", f"/api/history/{tag}")


def spools_iniciar(operacion: str, limit: int = 20) -> Call:
    params: Params = {"operacion": operacion, "limit": limit}
    return Call("GET /api/spools/iniciar", "GET", "/api/spools/iniciar", params=params)


def dashboard_occupied() -> Call:
    return Call("GET /api/dashboard/occupied", "GET", "/api/dashboard/occupied")


def _occupation(action: str, tag: str, worker: Worker, operacion: str) -> Call:
    body: dict[str, Any] = {
        "tag_spool": tag,
        "worker_id": worker.id,
        "worker_nombre": worker.nombre_completo,
        "operacion": operacion,
    }
    path = f"/api/occupation/{action}"
    return Call(f"POST {path}", "POST", path, body=body)


def tomar(tag: str, worker: Worker, operacion: str) -> Call:
    return _occupation("tomar", tag, worker, operacion)


def pausar(tag: str, worker: Worker, operacion: str) -> Call:
    return _occupation("pausar", tag, worker, operacion)


def completar(
    tag: str, worker: Worker, operacion: str, fecha: str, resultado: str | None = None
) -> Call:
    call = _occupation("completar", tag, worker, operacion)
    body = dict(call.body or {}, fecha_operacion=fecha)
    if resultado is not None:
        body["resultado"] = resultado
    return Call(call.endpoint, call.method, call.path, body=body)


def reset_spool(tag: str) -> Call:
    path = f"/api/admin/spools/{tag}/reset"
    return Call("POST /api/admin/spools/{tag}/reset", "POST", path, admin=True)


def upsert_spool(tag: str, fecha_materiales: str | None) -> Call:
    body: dict[str, Any] = {
        "tag_spool": tag,
        "fecha_materiales": fecha_materiales,
        "proyecto": "LOADTEST",
    }
    return Call("POST /api/admin/spools", "POST", "/api/admin/spools", body=body, admin=True)


def acceso() -> Call:
    return Call("GET /api/acceso", "GET", "/api/acceso")


def admin_session(worker: Worker) -> Call:
    """A worker session opened with the admin token (CONTRACT §2.8): how operator tools act
    when the floor asks for a worker's PIN."""
    body = {"worker_id": worker.id}
    return Call("POST /api/admin/sesiones", "POST", "/api/admin/sesiones", body=body, admin=True)


def with_unions(call: Call, uniones: list[int]) -> Call:
    """PAUSAR/COMPLETAR naming the unions finished (CONTRACT §2.9)."""
    return Call(call.endpoint, call.method, call.path, body=dict(call.body or {}, uniones=uniones))


def put_unions(tag: str, rows: list[tuple[int, float, str]]) -> Call:
    body = {"uniones": [{"n_union": n, "dn_union": dn, "tipo_union": t} for n, dn, t in rows]}
    path = f"/api/admin/spools/{tag}/uniones"
    return Call("PUT /api/admin/spools/{tag}/uniones", "PUT", path, body=body, admin=True)


def uniones(tag: str) -> Call:
    return Call("GET /api/spools/{tag}/uniones", "GET", f"/api/spools/{tag}/uniones")


def registro(worker: Worker) -> Call:
    path = f"/api/registro/{worker.id}"
    return Call("GET /api/registro/{worker_id}", "GET", path)
