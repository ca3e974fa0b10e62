"""A small, in-memory imitation of the ZEUES public API, with switchable faults.

It exists so the operator tools can be tested against a *broken* deployment (500 on COMPLETAR,
Redis down, 500 everywhere) and, when healthy, as a fast sanity check of the tools' own logic.
It implements only what the tools call; the real server is tested in */test_live.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

TOKEN = "stub-secret"
WORKERS = [
    {
        "id": 93,
        "nombre": "Mauricio",
        "apellido": "Rodriguez",
        "nombre_completo": "MR(93)",
        "roles": ["Armador", "Soldador", "Metrologia"],
    },
    {
        "id": 94,
        "nombre": "Juan",
        "apellido": "Perez",
        "nombre_completo": "JP(94)",
        "roles": ["Armador", "Soldador"],
    },
] + [
    {
        "id": i,
        "nombre": "W",
        "apellido": str(i),
        "nombre_completo": f"W{i}({i})",
        "roles": ["Armador", "Soldador"],
    }
    for i in range(100, 110)
]


@dataclass
class Faults:
    complete_500: bool = False
    redis_down: bool = False
    all_500: bool = False
    pool_percent: float = 0.0


@dataclass
class Spool:
    tag: str
    ops: dict[str, str] = field(
        default_factory=lambda: {"ARM": "PENDIENTE", "SOLD": "PENDIENTE", "METROLOGIA": "PENDIENTE"}
    )
    holder: int | None = None
    holder_op: str | None = None


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"error": code, "detail": message, "message": message, "data": {}}, status_code=status
    )


def build_app(faults: Faults) -> FastAPI:
    app = FastAPI()
    spools = {f"TEST-0{i}": Spool(f"TEST-0{i}") for i in range(1, 6)}
    spools.update({f"DEMO-{i:03d}": Spool(f"DEMO-{i:03d}") for i in range(200)})
    queues: list[asyncio.Queue[str]] = []
    counter = {"event": 0}

    def publish(kind: str, evento_tipo: str, spool: Spool, worker: int, op: str) -> None:
        counter["event"] += 1
        data = {
            "type": kind,
            "event_type": kind,
            "evento_tipo": evento_tipo,
            "tag_spool": spool.tag,
            "worker_id": worker,
            "operacion": op,
            "estado_detalle": "x",
            "timestamp": time.time(),
        }
        frame = f"event: spool_update\nid: {counter['event']}\ndata: {json.dumps(data)}\n\n"
        for queue in queues:
            queue.put_nowait(frame)

    @app.middleware("http")
    async def broken(request: Request, call_next: Any) -> Any:
        if faults.all_500 and request.url.path != "/api/health/live":
            return _error(500, "INTERNAL", "stub: todo falla")
        return await call_next(request)

    @app.get("/api/health/live")
    async def live() -> dict[str, Any]:
        return {"status": "ok"}

    @app.get("/api/health")
    async def health() -> dict[str, Any]:
        status = "degraded" if faults.redis_down else "healthy"
        return {
            "status": status,
            "operational": True,
            "environment": "stub",
            "version": "stub",
            "database": "ok",
            "sheets_connection": "ok",
            "redis_connection": "error" if faults.redis_down else "disabled",
            "timestamp": dt.datetime.now().astimezone().isoformat(),
            "details": {},
        }

    @app.get("/api/redis-health")
    async def redis_health() -> dict[str, Any]:
        if faults.redis_down:
            return {"status": "unhealthy", "operational": False, "message": "Connection refused"}
        return {"status": "disabled", "operational": True, "message": "Redis no configurado"}

    @app.get("/api/redis-connection-stats")
    async def redis_stats() -> dict[str, Any]:
        status = "error" if faults.redis_down else "ok"
        active = int(faults.pool_percent / 5)
        return {
            "status": status,
            "max_connections": 20,
            "active_connections": active,
            "utilization_percent": faults.pool_percent,
            "alert": "HIGH_UTILIZATION" if faults.pool_percent > 80 else None,
        }

    @app.get("/api/workers")
    async def workers() -> dict[str, Any]:
        return {
            "workers": [dict(w, activo=True, rol=w["roles"][0]) for w in WORKERS],
            "total": len(WORKERS),
        }

    @app.get("/api/spools/iniciar")
    async def iniciar(operacion: str, limit: int = 50) -> dict[str, Any]:
        free = [
            s
            for s in spools.values()
            if s.tag.startswith("DEMO")
            and s.ops[operacion] in ("PENDIENTE", "PAUSADO")
            and s.holder is None
        ][:limit]
        return {
            "spools": [{"tag_spool": s.tag} for s in free],
            "total": len(free),
            "filtro_aplicado": operacion,
        }

    @app.get("/api/dashboard/occupied")
    async def occupied() -> list[dict[str, Any]]:
        return [{"tag_spool": s.tag, "worker_id": s.holder} for s in spools.values() if s.holder]

    @app.get("/api/spools/{tag}")
    async def spool(tag: str) -> Any:
        if tag not in spools:
            return _error(404, "SPOOL_NO_ENCONTRADO", f"Spool {tag} no existe")
        ops = spools[tag].ops
        return {
            "tag_spool": tag,
            "estado": {"arm": ops["ARM"], "sold": ops["SOLD"], "metrologia": ops["METROLOGIA"]},
        }

    @app.get("/api/history/{tag}")
    async def history(tag: str) -> Any:
        if tag not in spools:
            return _error(404, "SPOOL_NO_ENCONTRADO", f"Spool {tag} no existe")
        return {"tag_spool": tag, "sessions": []}

    def admin(request: Request) -> JSONResponse | None:
        auth = request.headers.get("authorization")
        if not auth:
            return _error(401, "UNAUTHENTICATED", "Falta token")
        return None if auth == f"Bearer {TOKEN}" else _error(403, "FORBIDDEN", "Token inválido")

    @app.post("/api/admin/spools/{tag}/reset")
    async def reset(tag: str, request: Request) -> Any:
        if (denied := admin(request)) is not None:
            return denied
        if tag not in spools:
            return _error(404, "SPOOL_NO_ENCONTRADO", f"Spool {tag} no existe")
        spools[tag] = Spool(tag)
        return {"success": True, "tag_spool": tag, "message": "reset", "estado_detalle": "x"}

    @app.post("/api/admin/spools")
    async def upsert(request: Request) -> Any:
        if (denied := admin(request)) is not None:
            return denied
        tag = (await request.json())["tag_spool"]
        created = tag not in spools
        spools.setdefault(tag, Spool(tag))
        return {"success": True, "tag_spool": tag, "created": created}

    @app.post("/api/occupation/{action}")
    async def occupation(action: str, request: Request) -> Any:
        body = await request.json()
        tag, worker, op = body["tag_spool"], body["worker_id"], body["operacion"]
        if action == "completar" and faults.complete_500:
            return _error(500, "INTERNAL", "stub: COMPLETAR roto")
        spool = spools.get(tag)
        if spool is None:
            return _error(404, "SPOOL_NO_ENCONTRADO", f"Spool {tag} no existe")
        state = spool.ops[op]
        if action == "tomar":
            if spool.holder == worker and spool.holder_op == op:
                return {"success": True, "tag_spool": tag, "message": "ya tomado"}
            if spool.holder is not None:
                return _error(409, "SPOOL_OCCUPIED", f"Ocupado por {spool.holder}")
            if state == "COMPLETADO":
                return _error(400, "OPERACION_YA_COMPLETADA", "ya completada")
            spool.holder, spool.holder_op, spool.ops[op] = worker, op, "EN_PROGRESO"
            publish("TOMAR", "TOMAR_SPOOL", spool, worker, op)
        elif op == "METROLOGIA":
            if (spool.ops["ARM"], spool.ops["SOLD"]) != ("COMPLETADO", "COMPLETADO"):
                return _error(400, "DEPENDENCIAS_NO_SATISFECHAS", "faltan ARM/SOLD")
            spool.ops[op] = body["resultado"]
        elif spool.holder is None or spool.holder_op != op:
            return _error(400, "OPERACION_NO_INICIADA", f"{op} no iniciada")
        elif spool.holder != worker:
            return _error(403, "NO_AUTORIZADO", "otro trabajador ocupa el spool")
        else:
            spool.ops[op] = "PAUSADO" if action == "pausar" else "COMPLETADO"
            spool.holder = spool.holder_op = None
        return {"success": True, "tag_spool": tag, "message": f"{action} ok"}

    @app.get("/api/sse/stream")
    async def stream() -> StreamingResponse:
        queue: asyncio.Queue[str] = asyncio.Queue()
        queues.append(queue)

        async def frames() -> AsyncIterator[str]:
            try:
                yield "retry: 3000\n\n"
                while True:
                    yield await queue.get()
            finally:
                queues.remove(queue)

        return StreamingResponse(frames(), media_type="text/event-stream")

    return app


class StubServer:
    """Runs the stub with uvicorn in a background thread."""

    def __init__(self, port: int, faults: Faults | None = None) -> None:
        self.faults = faults or Faults()
        self.port = port
        config = uvicorn.Config(
            build_app(self.faults), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StubServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("stub server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.server.force_exit = True
        self.thread.join(timeout=10)
