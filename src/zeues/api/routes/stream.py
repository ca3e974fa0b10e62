"""/api/sse/stream: live `spool_update` events with Last-Event-ID replay (CONTRACT §2.5)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import anyio
from fastapi import APIRouter, Header, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from zeues.api.deps import Floor, Live, Shop
from zeues.api.errors import body, responses_for
from zeues.api.models.requests import MAX_DB_INT, TAG_PATTERN
from zeues.api.presenters.board import board_payload
from zeues.api.presenters.stream import stream_payload
from zeues.api.presenters.worker_app import cola_delta, placed_item
from zeues.domain.model import AuditEvent, Operacion, Worker
from zeues.services.actions import Placed
from zeues.services.board import BoardChange, BoardFeed
from zeues.services.floor import FloorQueues, RowInfo, TabletFeed
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


REPLAY_TAGS = 2000


async def _missed_tags(live: LiveStream, last: int) -> tuple[list[str], int] | None:
    """The spools changed after event `last`, and the last event's id; None when there are
    too many to be worth it (the tablet's own re-read on opening covers them)."""
    tags: dict[str, None] = {}
    while True:
        missed = await run_in_threadpool(live.events.events_after, last, None, REPLAY_BATCH)
        tags.update((e.tag_spool, None) for e in missed if e.tag_spool)
        if missed:
            last = missed[-1].id
        if len(tags) > REPLAY_TAGS:
            return None
        if len(missed) < REPLAY_BATCH:
            return list(tags), last


# A change reaches every tablet of the floor; for all but the workers on that spool its row is
# the same (only the totals differ), so its JSON is written once per change and operation, not
# once per tablet (kept in `floor.shared_rows`, so no two apps share it). Valid while the floor
# keeps that very row (a change replaces it) and, for a held spool, until the lease lapses (the
# row then reads differently).
SHARED_ROWS_MAX = 4096


def _shared_item(
    floor: FloorQueues,
    op: Operacion,
    tag: str,
    placed: Placed,
    now: datetime,
    tz: ZoneInfo,
    info: RowInfo | None,
) -> str:
    shared = floor.shared_rows
    key = (floor.epoch, op, tag)
    kept = shared.get(key)
    if (
        kept is not None
        and kept[0] is placed
        and kept[1] == info
        and (kept[2] is None or now < kept[2])
    ):
        return kept[3]
    # The viewer is no one on the spool: the row reads the same for every such worker (its
    # progress and rejection too).
    text = json.dumps(placed_item(placed, now, tz, 0, info), ensure_ascii=False)
    holder = placed.spool.holder
    lapses = holder.lease_expires_at if holder is not None and not holder.expired(now) else None
    if len(shared) >= SHARED_ROWS_MAX:
        shared.clear()
    shared[key] = (placed, info, lapses, text)
    return text


def cola_frames(
    floor: FloorQueues,
    tz: ZoneInfo,
    now: datetime,
    worker: Worker,
    op: Operacion,
    tags: list[str],
    event_id: int | None,
) -> bytes:
    rows, totals = floor.rows(worker, op, tags)
    info = floor.info(tags)
    head = f"id: {event_id}\r\n" if event_id is not None else ""
    # Written as ServerSentEvent.encode writes it (JSON has no raw line breaks), and as
    # json.dumps(cola_delta(...)) writes the data.
    tail = (
        f', "totales": {json.dumps(totals)}, '
        f'"timestamp": {json.dumps(now.astimezone(tz).isoformat())}}}'
    )
    frames = []
    for t, p in rows:
        if p is not None and floor.is_shared(op, t, p):
            tag = json.dumps(t, ensure_ascii=False)
            item = _shared_item(floor, op, t, p, now, tz, info.get(t))
            data = f'{{"tag_spool": {tag}, "grupo": "{p.group}", "item": {item}{tail}'
        else:
            delta = cola_delta(t, p, totals, now, tz, worker.id, info.get(t))
            data = json.dumps(delta, ensure_ascii=False)
        frames.append(f"{head}event: cola\r\ndata: {data}\r\n\r\n")
    return "".join(frames).encode()


async def _cola_events(
    floor: FloorQueues,
    live: LiveStream,
    tz: ZoneInfo,
    clock: Callable[[], datetime],
    feed: TabletFeed,
    worker: Worker,
    last: int | None,
    shutdown: anyio.Event,
) -> AsyncIterator[ServerSentEvent | bytes]:
    """A tablet's own stream: one `cola` event per spool that changed, with its row for this
    worker and operation, decided on the server; `id` is the audit event's. Reconnecting with
    Last-Event-ID sends first the rows of the spools changed since (the tablet also re-reads
    its first screen, /api/cola?limite= with ETag, every time the stream opens)."""
    op = feed.operacion
    ender = asyncio.create_task(_end_feed_on_shutdown(shutdown, feed))
    try:
        yield ServerSentEvent(comment="conectado", retry=RETRY_MS)
        if last is not None:
            missed = await _missed_tags(live, last)
            if missed and missed[0]:
                await run_in_threadpool(floor.catch_up)
                floor.notify(*floor.take_unsent())
                yield cola_frames(floor, tz, clock(), worker, op, missed[0], missed[1])
        deadline = time.monotonic() + live.max_stream_seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                async with asyncio.timeout(remaining):
                    received = await feed.queue.get()
            except TimeoutError:
                break
            if received is None:
                break
            tags = dict.fromkeys(received[1])
            last_id = received[0]
            while not feed.queue.empty():
                more = feed.queue.get_nowait()
                if more is None:
                    feed.lagged = True
                    break
                tags.update(dict.fromkeys(more[1]))
                last_id = more[0] if more[0] is not None else last_id
            yield cola_frames(floor, tz, clock(), worker, op, list(tags), last_id)
            if feed.lagged:
                break
    finally:
        ender.cancel()
        floor.unsubscribe(feed)


BOARD_ENCODED_MAX = 64


def _board_frame(live: LiveStream, tz: ZoneInfo, now: datetime, change: BoardChange) -> bytes:
    # One change goes to every board: its frame is encoded once (by its version), not per board.
    cache = live.board_encoded
    frame = cache.get(change.version)
    if frame is None:
        data = json.dumps(board_payload(change, now, tz), ensure_ascii=False)
        frame = ServerSentEvent(data=data, event="tablero").encode()
        if not change.full:
            cache[change.version] = frame
            if len(cache) > BOARD_ENCODED_MAX:
                cache.popitem(last=False)
    return frame


async def _board_events(
    floor: FloorQueues,
    live: LiveStream,
    tz: ZoneInfo,
    clock: Callable[[], datetime],
    feed: BoardFeed,
    last: int | None,
    shutdown: anyio.Event,
) -> AsyncIterator[ServerSentEvent | bytes]:
    """A board's stream: the whole board (`tablero`, `completo: true`; with Last-Event-ID then
    the missed `spool_update` events, its activity list), then per change one `tablero` with
    only what changed and the change's `spool_update` events."""
    ender = asyncio.create_task(_end_board_on_shutdown(shutdown, feed))
    try:
        yield ServerSentEvent(comment="conectado", retry=RETRY_MS)
        missed: list[AuditEvent] = []
        if last is not None:
            found = await run_in_threadpool(live.events.events_after, last, None, REPLAY_BATCH)
            missed = [e for e in found if e.tag_spool != "*"]
        replayed = {e.id for e in missed}
        await run_in_threadpool(floor.catch_up)
        floor.notify(*floor.take_unsent())
        snapshot = await run_in_threadpool(floor.board_snapshot)
        # One write, the events last: a client that has read the last id has read it all.
        yield b"".join(
            [_board_frame(live, tz, clock(), snapshot), *(_frame(live, tz, e) for e in missed)]
        )
        deadline = time.monotonic() + live.max_stream_seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                async with asyncio.timeout(remaining):
                    change = await feed.queue.get()
            except TimeoutError:
                break
            if change is None:
                break
            parts: list[bytes] = []
            if change.version > snapshot.version and (change.held or change.freed or change.counts):
                parts.append(_board_frame(live, tz, clock(), change))
            # The events last: a client that has read the last id has read the whole change.
            parts += [_frame(live, tz, e) for e in change.events if e.id not in replayed]
            if parts:
                yield b"".join(parts)
    finally:
        ender.cancel()
        floor.unsubscribe_board(feed)


async def _end_board_on_shutdown(shutdown: anyio.Event, feed: BoardFeed) -> None:
    await shutdown.wait()
    feed.end()


async def _end_feed_on_shutdown(shutdown: anyio.Event, feed: TabletFeed) -> None:
    await shutdown.wait()
    feed.end()


@router.get(
    "/stream",
    response_class=EventSourceResponse,
    responses={
        **responses_for(403, 404),
        200: {"content": {"text/event-stream": {}}, "description": "Flujo SSE"},
        503: {"description": "DEMASIADAS_CONEXIONES: el proceso ya sirve su máximo de flujos"},
    },
)
async def stream(
    live: Live,
    shop: Shop,
    floor: Floor,
    tag_spool: Annotated[
        str | None, Query(min_length=1, max_length=100, pattern=TAG_PATTERN)
    ] = None,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=30)] = None,
    worker_id: Annotated[
        int | None, Query(gt=0, le=MAX_DB_INT, description="Tablet de este trabajador.")
    ] = None,
    operacion: Annotated[
        Operacion | None, Query(description="Con worker_id: la cola de esta operación.")
    ] = None,
    tablero: Annotated[
        bool, Query(description="El tablero en vivo: `tablero` con lo que cambió.")
    ] = False,
) -> Response:
    """`event: spool_update` tras cada cambio confirmado; `id` = id del evento de auditoría.
    Reconectando con Last-Event-ID se reciben primero los eventos perdidos.

    `data`: `{type, event_type, evento_tipo, tag_spool, worker_id, worker, worker_nombre,
    operacion, estado_detalle, timestamp}`. `type`/`event_type` usan el vocabulario de v3.0:
    TOMAR, PAUSAR, COMPLETAR (ARM y SOLD), COMPLETAR_METROLOGIA, TOMAR_REPARACION,
    PAUSAR_REPARACION, COMPLETAR_REPARACION, CANCELAR_REPARACION y STATE_CHANGE para todo lo
    demás (toma vencida, liberación forzada, desbloqueo, reinicio); `evento_tipo` es el nombre
    del evento de auditoría (TOMAR_SPOOL, COMPLETAR_ARM, ...).

    Con `worker_id` y `operacion` (la tablet de un trabajador, issue 17): en vez de
    `spool_update`, `event: cola` por cada spool que cambia, con su fila en la cola de ese
    trabajador: `{tag_spool, grupo, item, totales, timestamp}` (`grupo` null: ya no está en
    su cola; `item` como en /api/cola). Con Last-Event-ID, primero las filas de los spools que
    cambiaron desde entonces; la tablet además vuelve a leer `/api/cola?limite=` (ETag) cada vez
    que el flujo se abre.

    Con `tablero=true` (el tablero en vivo, issue 17): los `spool_update` de siempre y
    `event: tablero`: primero el tablero entero,
    `{completo: true, ocupados: [...], libres: [], resumen: {...}, timestamp}` (`ocupados` como
    /api/dashboard/occupied, `resumen` como /api/dashboard/resumen sin `timestamp`; con
    Last-Event-ID le siguen los `spool_update` perdidos), y luego uno
    por cambio con `completo: false`: solo las filas que cambiaron (`ocupados`), los spools que
    ya nadie tiene (`libres`) y los campos de `resumen` que cambiaron (el valor entero). Decidido
    una vez en el servidor para todos los tableros.

    Con ZEUES_SSE_MAX_CLIENTS flujos abiertos en el proceso, 503 `DEMASIADAS_CONEXIONES` con
    Retry-After: cada flujo es un archivo abierto, y sin tope los flujos dejarían sin
    conexiones a las acciones de la planta."""
    if live.hub.client_count + len(floor.feeds) + len(floor.boards) >= live.max_clients:
        return _full(live.max_clients)
    if tablero and (worker_id is not None or tag_spool is not None):
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("query", "tablero"),
                    "msg": "tablero va solo: sin worker_id, operacion ni tag_spool",
                    "input": None,
                }
            ]
        )
    if (worker_id is None) != (operacion is None):
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("query", "operacion" if operacion is None else "worker_id"),
                    "msg": "worker_id y operacion van juntos: indique ambos o ninguno",
                    "input": None,
                }
            ]
        )
    shutdown = anyio.Event()
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    if worker_id is not None and operacion is not None:
        worker = await run_in_threadpool(floor.worker, worker_id, operacion)
        # The floor is built on its first use (every change after this one reaches the feed).
        await run_in_threadpool(floor.catch_up)
        floor.notify(*floor.take_unsent())
        feed = floor.subscribe(worker_id, operacion)
        return EventSourceResponse(
            _cola_events(
                floor, live, shop.tz, shop.now, feed, worker, _last_id(last_event_id), shutdown
            ),
            ping=live.ping_seconds,
            shutdown_event=shutdown,
            shutdown_grace_period=SHUTDOWN_GRACE_SECONDS,
            headers=headers,
            send_timeout=30,
        )
    if tablero:
        board = floor.subscribe_board()  # before the snapshot: no change falls in between
        return EventSourceResponse(
            _board_events(floor, live, shop.tz, shop.now, board, _last_id(last_event_id), shutdown),
            ping=live.ping_seconds,
            shutdown_event=shutdown,
            shutdown_grace_period=SHUTDOWN_GRACE_SECONDS,
            headers=headers,
            send_timeout=30,
        )
    sub = live.hub.subscribe(tag_spool)
    return EventSourceResponse(
        _events(live, shop.tz, sub, tag_spool, _last_id(last_event_id), shutdown),
        ping=live.ping_seconds,
        shutdown_event=shutdown,
        shutdown_grace_period=SHUTDOWN_GRACE_SECONDS,
        headers=headers,
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
