"""`Idempotency-Key` on the occupation POSTs: a repeated key with the same body within 24 h
replays the first response and writes nothing (CONTRACT §2.2)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta, tzinfo

from fastapi.responses import JSONResponse
from pydantic import BaseModel

from zeues.api.errors import domain_response, validation_response
from zeues.container import Container
from zeues.domain.errors import DomainError

WINDOW = timedelta(hours=24)
KEY_COLUMN_LENGTH = 200


async def command(
    container: Container,
    key: str | None,
    route: str,
    request: BaseModel,
    run: Callable[[], BaseModel],
) -> JSONResponse:
    """A command's answer (replayed for a repeated key), worked out on the command threads."""
    return await container.run_command(lambda: respond(container, key, route, request, run))


def respond(
    container: Container,
    key: str | None,
    route: str,
    request: BaseModel,
    run: Callable[[], BaseModel],
) -> JSONResponse:
    if key is None:
        return _execute(run, container.settings.tz)
    digest = hashlib.sha256((route + "\n" + request.model_dump_json()).encode()).hexdigest()
    now = container.clock()
    key = _scoped(route, key)
    stored = container.idempotency.idempotent_response(key)
    stale = stored is not None and now - stored[3] > WINDOW
    if stored is not None and not stale:
        request_hash, status, content, _ = stored
        if request_hash != digest:
            message = "Esta Idempotency-Key ya se usó con otra solicitud. Use una clave nueva."
            detail = [
                {
                    "type": "idempotency_key_reused",
                    "loc": ["header", "Idempotency-Key"],
                    "msg": message,
                }
            ]
            return validation_response(detail, message)
        return JSONResponse(json.loads(content), status_code=status)
    response = _execute(run, container.settings.tz)
    container.idempotency.remember_response(
        key, digest, response.status_code, bytes(response.body).decode(), now, stale
    )
    return response


def _scoped(route: str, key: str) -> str:
    """Keys are per route: the same key on TOMAR and on PAUSAR names two different attempts
    (a tablet may number its attempts per action). Stored within the column's 200 characters."""
    scoped = f"{route}:{key}"
    if len(scoped) <= KEY_COLUMN_LENGTH:
        return scoped
    return f"{route}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def _execute(run: Callable[[], BaseModel], tz: tzinfo) -> JSONResponse:
    try:
        return JSONResponse(run().model_dump(mode="json"))
    except DomainError as exc:
        return domain_response(exc, tz)
