"""/api/sse/stream: live `spool_update` events with Last-Event-ID replay (CONTRACT §2.5)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated
from zoneinfo import ZoneInfo

import anyio
from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse, Response
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from zeues.api.deps import Live, Shop
from zeues.api.errors import body
from zeues.api.models.requests import TAG_PATTERN
from zeues.api.presenters.stream import stream_payload
from zeues.domain.model import AuditEvent
from zeues.services.live_ports import Subscription
from zeues.services.sources import LiveStream

router = APIRouter(prefix="/api/sse", tags=["stream"])
RETRY_MS = 3000
# On shutdown, sse-starlette sets the stream's event and waits this long for the generator to end
# by itself (a clean end of response) before cancelling it (uvicorn then logs an ERROR).
SHUTDOWN_GRACE_SECONDS = 1.0
REPLAY_BATCH = 500
# A refused stream retries after this long (EventSource reconnects by itself in ~3 s anyway).
FULL_RETRY_AFTER_SECONDS = 10


def _last_id(header: str | None) -> int | None:
    if header is None or not header.strip().isdigit():
        return None
    return int(header.strip())


ENCODED_MAX = 2048


def _frame(live: LiveStream, tz: ZoneInfo, event: AuditEvent) -> bytes:
    # One event goes to every client: its whole SSE frame is encoded once, not once per client.
    cache = live.encoded
    frame = cache.get(event.id)
    if frame is None:
        data = json.dumps(stream_payload(event, tz), ensure_ascii=False)
        frame = ServerSentEvent(data=data, event="spool_update", id=str(event.id)).encode()
        cache[event.id] = frame
        if len(cache) > ENCODED_MAX:
            cache.popitem(last=False)
    return frame


def _queued_behind(sub: Subscription, first: AuditEvent | None) -> list[AuditEvent | None]:
    """The event just received and every one already queued behind it: a client a few events
    behind (a burst of commits) catches up in one write instead of one write per event. A None
    (end of stream) can only be last."""
    batch = [first]
    while first is not None and not sub.queue.empty():
        first = sub.queue.get_nowait()
        batch.append(first)
    return batch


async def _end_on_shutdown(shutdown: anyio.Event, sub: Subscription) -> None:
    await shutdown.wait()
    sub.end()


async def _events(
    live: LiveStream,
    tz: ZoneInfo,
    sub: Subscription,
    tag: str | None,
    last: int | None,
    shutdown: anyio.Event,
) -> AsyncIterator[ServerSentEvent | bytes]:
    ender = asyncio.create_task(_end_on_shutdown(shutdown, sub))
    try:
        yield ServerSentEvent(comment="conectado", retry=RETRY_MS)
        # Subscribed before replaying, so nothing committed in between is missed; ids
        # already sent are skipped below.
        replayed: set[int] = set()
        while last is not None:
            missed = await run_in_threadpool(live.events.events_after, last, tag, REPLAY_BATCH)
            for event in missed:
                yield _frame(live, tz, event)
                replayed.add(event.id)
                last = event.id
            if len(missed) < REPLAY_BATCH:
                break
        # Live events arrive in commit order, which need not be id order (PostgreSQL hands out
        # ids before commit): an event with an id below the last replayed one may still be on
        # its way, so exactly the ids the replay sent are skipped, not everything below it.
        deadline = time.monotonic() + live.max_stream_seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                async with asyncio.timeout(remaining):
                    received = await sub.queue.get()
            except TimeoutError:
                break
            batch = _queued_behind(sub, received)
            fresh = [e for e in batch if e is not None and e.id not in replayed]
            if fresh:
                yield b"".join(_frame(live, tz, e) for e in fresh)
            if batch[-1] is None:  # fell too far behind, or the server stops: client reconnects
                break
    finally:
        ender.cancel()
        live.hub.unsubscribe(sub)


@router.get(
    "/stream",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "Flujo SSE"},
        503: {"description": "DEMASIADAS_CONEXIONES: el proceso ya sirve su máximo de flujos"},
    },
)
async def stream(
    live: Live,
    shop: Shop,
    tag_spool: Annotated[
        str | None, Query(min_length=1, max_length=100, pattern=TAG_PATTERN)
    ] = None,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=30)] = None,
) -> Response:
    """`event: spool_update` tras cada cambio confirmado; `id` = id del evento de auditoría.
    Reconectando con Last-Event-ID se reciben primero los eventos perdidos.

    `data`: `{type, event_type, evento_tipo, tag_spool, worker_id, worker, worker_nombre,
    operacion, estado_detalle, timestamp}`. `type`/`event_type` usan el vocabulario de v3.0:
    TOMAR, PAUSAR, COMPLETAR (ARM y SOLD), COMPLETAR_METROLOGIA, TOMAR_REPARACION,
    PAUSAR_REPARACION, COMPLETAR_REPARACION, CANCELAR_REPARACION y STATE_CHANGE para todo lo
    demás (toma vencida, liberación forzada, desbloqueo, reinicio); `evento_tipo` es el nombre
    del evento de auditoría (TOMAR_SPOOL, COMPLETAR_ARM, ...).

    Con ZEUES_SSE_MAX_CLIENTS flujos abiertos en el proceso, 503 `DEMASIADAS_CONEXIONES` con
    Retry-After: cada flujo es un archivo abierto, y sin tope los flujos dejarían sin
    conexiones a las acciones de la planta."""
    if live.hub.client_count >= live.max_clients:
        return _full(live.max_clients)
    sub = live.hub.subscribe(tag_spool)
    shutdown = anyio.Event()
    return EventSourceResponse(
        _events(live, shop.tz, sub, tag_spool, _last_id(last_event_id), shutdown),
        ping=live.ping_seconds,
        shutdown_event=shutdown,
        shutdown_grace_period=SHUTDOWN_GRACE_SECONDS,
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        send_timeout=30,
    )


def _full(limit: int) -> JSONResponse:
    return JSONResponse(
        body(
            "DEMASIADAS_CONEXIONES",
            f"El servidor ya tiene {limit} pantallas en vivo conectadas (ZEUES_SSE_MAX_CLIENTS). "
            f"Esta pantalla reintenta sola en {FULL_RETRY_AFTER_SECONDS} s; si pasa seguido, "
            "avise a soporte para subir el límite o agregar procesos.",
            {"max_clients": limit},
        ),
        status_code=503,
        headers={"Retry-After": str(FULL_RETRY_AFTER_SECONDS)},
    )
