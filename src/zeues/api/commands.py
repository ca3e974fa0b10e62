"""The one way in for every write, as routes see it: `await write(route, request, work)` (the
`Write` dependency of api/deps.py, which knows the request's Idempotency-Key). It runs the work
on the command lane (the write concurrency bound: the command threads, or SQLite's writer's
turn), through services/commands.py (one transaction, the Idempotency-Key claimed and answered
inside it), answers a refusal with api/errors.py's `domain_answer`, and a key reused for
another request with 422 (CONTRACT §2.2)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from zeues.api.errors import domain_answer, validation_response
from zeues.domain.errors import DomainError
from zeues.services.commands import Answer, Commands, Discard, Key, KeyReused
from zeues.services.ports import CommandLane
from zeues.services.runner import Runner

KEY_COLUMN_LENGTH = 200


@dataclass(frozen=True)
class RolledBack:
    """A command's answer after everything it wrote was rolled back (a dry run)."""

    model: BaseModel


Work = Callable[[Runner], BaseModel | RolledBack]


@dataclass(frozen=True)
class Long:
    """A work of many rows (an import step, issue 19): always run on a command thread, never
    inline on the event loop's thread, so tablets' requests keep being read meanwhile."""

    work: Work

    def __call__(self, runner: Runner) -> BaseModel | RolledBack:
        return self.work(runner)


# What a route calls: write(route, request, work), the request's key already known.
Write = Callable[[str, BaseModel | str, Work], Awaitable[Response]]


class CommandPath:
    def __init__(self, commands: Commands, lane: CommandLane, tz: tzinfo) -> None:
        self._commands = commands
        self._lane = lane
        self._tz = tz

    async def __call__(
        self, route: str, key: str | None, request: BaseModel | str, work: Work
    ) -> Response:
        """`request` identifies what was asked (the body, or the path of a bodiless POST): a key
        repeated with another request within 24 h is refused."""
        claim = None if key is None else Key(scoped(route, key), _digest(route, request))

        def respond(runner: Runner) -> Answer:
            result = work(runner)
            if isinstance(result, RolledBack):
                raise Discard(Answer(200, _json(result.model.model_dump(mode="json"))))
            return Answer(200, _json(result.model_dump(mode="json")))

        try:
            answer = await self._lane.submit(
                lambda: self._commands.execute(respond, self._refuse, claim),
                inline=not isinstance(work, Long),
            )
        except KeyReused:
            return _key_reused()
        return Response(answer.body, status_code=answer.status, media_type="application/json")

    def keyed(self, key: str | None) -> Write:
        """This path for one request, with its `Idempotency-Key` (None: no key)."""
        return lambda route, request, work: self(route, key, request, work)

    def _refuse(self, exc: DomainError) -> Answer:
        status, content = domain_answer(exc, self._tz)
        return Answer(status, _json(content))


def scoped(route: str, key: str) -> str:
    """Keys are per route: the same key on TOMAR and on PAUSAR names two different attempts
    (a tablet may number its attempts per action). Stored within the column's 200 characters."""
    name = f"{route}:{key}"
    if len(name) <= KEY_COLUMN_LENGTH:
        return name
    return f"{route}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def _digest(route: str, request: BaseModel | str) -> str:
    text = request if isinstance(request, str) else request.model_dump_json()
    return hashlib.sha256((route + "\n" + text).encode()).hexdigest()


def _json(content: Any) -> str:
    """As JSONResponse renders it, so a replay is the same bytes as the first answer."""
    return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _key_reused() -> JSONResponse:
    message = "Esta Idempotency-Key ya se usó con otra solicitud. Use una clave nueva."
    detail = [
        {"type": "idempotency_key_reused", "loc": ["header", "Idempotency-Key"], "msg": message}
    ]
    return validation_response(detail, message)
