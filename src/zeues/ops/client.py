"""One thin, typed httpx client of the ZEUES public HTTP API (CONTRACT §2).

Requests are described by :class:`Call` values (built by :mod:`zeues.ops.calls`), and executed
by :class:`ZeuesClient` (sync) or :class:`AsyncZeuesClient` (asyncio). Both return an
:class:`ApiResult` and never raise for HTTP or network errors: operator tools must report
failures, not crash on them.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import httpx

DEFAULT_TIMEOUT = 10.0
Params = dict[str, str | int]


@dataclass(frozen=True)
class Call:
    """One request of the public API. ``endpoint`` is a stable label for statistics."""

    endpoint: str
    method: str
    path: str
    body: dict[str, Any] | None = None
    params: Params | None = None
    admin: bool = False


def failed_on_server(status: int) -> bool:
    """5xx or no response at all (status 0): the deployment, not the request, is at fault."""
    return status >= 500 or status == 0


@dataclass(frozen=True)
class ApiResult:
    call: Call
    status: int  # 0 when no HTTP response arrived (connection refused, timeout...)
    body: Any
    elapsed_ms: float
    transport_error: str | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def failed_on_server(self) -> bool:
        return failed_on_server(self.status)

    def get(self, name: str, default: Any = None) -> Any:
        return self.body.get(name, default) if isinstance(self.body, dict) else default

    @property
    def error_code(self) -> str | None:
        code = self.get("error")
        return str(code) if code is not None else None

    def summary(self) -> str:
        """``"409 SPOOL_OCCUPIED: Spool ocupado por JP(94)"`` or the network error."""
        if self.transport_error:
            return f"sin respuesta ({self.transport_error})"
        message = self.get("message") or self.get("detail")
        if self.ok or not self.error_code:
            text = "" if self.ok or message is None else f": {message}"
            return f"{self.status}{text}"
        return f"{self.status} {self.error_code}: {message}"


@dataclass(frozen=True)
class Worker:
    id: int
    nombre_completo: str
    roles: tuple[str, ...] = field(default_factory=tuple)

    def can(self, operacion: str) -> bool:
        """CONTRACT §1.4: ARM needs Armador/Ayudante, SOLD Soldador/Ayudante, METROLOGIA
        Metrologia."""
        # Copied from the contract on purpose, not imported from zeues.domain: the tools know
        # the server only by its public API, whose role names these are.
        needed = {
            "ARM": {"Armador", "Ayudante"},
            "SOLD": {"Soldador", "Ayudante"},
            "METROLOGIA": {"Metrologia"},
        }.get(operacion)
        return needed is None or bool(needed & set(self.roles))


def parse_workers(result: ApiResult) -> list[Worker]:
    """Active workers of ``GET /api/workers``, sorted by id."""
    workers: list[Worker] = []
    for item in result.get("workers", []) or []:
        if not isinstance(item, dict) or item.get("activo") is False:
            continue
        roles = item.get("roles") or ([item["rol"]] if item.get("rol") else [])
        name = str(item.get("nombre_completo") or f"({item['id']})")
        workers.append(Worker(int(item["id"]), name, tuple(str(r) for r in roles)))
    return sorted(workers, key=lambda w: w.id)


def server_date(result: ApiResult) -> str:
    """Business date of the server (from the health ``timestamp``), else the local date.

    The server rejects future dates; its timezone may be behind ours, so ask it.
    """
    stamp = result.get("timestamp")
    if isinstance(stamp, str):
        try:
            return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            pass
    return dt.date.today().isoformat()


# --- Executors ------------------------------------------------------------------------------


def _request(call: Call, token: str | None, sessions: dict[int, str]) -> dict[str, Any]:
    """Keyword arguments of ``httpx.(Async)Client.request`` for ``call``: a call acting for a
    worker carries that worker's session, if one was opened (CONTRACT §2.8)."""
    headers = {"Authorization": f"Bearer {token}"} if call.admin and token else {}
    worker = (call.body or {}).get("worker_id")
    if isinstance(worker, int) and worker in sessions:
        headers["X-Worker-Session"] = sessions[worker]
    return {
        "method": call.method,
        "url": call.path,
        "json": call.body,
        "params": call.params,
        "headers": headers,
    }


def _answered(call: Call, start: float, response: httpx.Response) -> ApiResult:
    elapsed = (time.perf_counter() - start) * 1000  # measured before decoding the body
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text[:500]
    return ApiResult(call, response.status_code, body, elapsed)


def _unanswered(call: Call, start: float, exc: httpx.HTTPError) -> ApiResult:
    elapsed = (time.perf_counter() - start) * 1000
    return ApiResult(call, 0, None, elapsed, f"{type(exc).__name__}: {exc}".rstrip(": "))


class ZeuesClient:
    """Synchronous client for the e2e and monitor tools."""

    def __init__(self, base_url: str, admin_token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.admin_token = admin_token
        self.sessions: dict[int, str] = {}  # worker id → session token (floor_sessions)
        self.http = httpx.Client(base_url=self.base_url, timeout=DEFAULT_TIMEOUT)

    def send(self, call: Call) -> ApiResult:
        start = time.perf_counter()
        try:
            response = self.http.request(**_request(call, self.admin_token, self.sessions))
        except httpx.HTTPError as exc:
            return _unanswered(call, start, exc)
        return _answered(call, start, response)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncZeuesClient:
    """asyncio client for the load test; one connection pool shared by all simulated workers."""

    def __init__(
        self, base_url: str, admin_token: str | None = None, max_connections: int = 100
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.admin_token = admin_token
        self.sessions: dict[int, str] = {}  # worker id → session token (floor_sessions)
        limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
        self.http = httpx.AsyncClient(
            base_url=self.base_url, timeout=DEFAULT_TIMEOUT, limits=limits
        )

    async def send(self, call: Call) -> ApiResult:
        start = time.perf_counter()
        try:
            response = await self.http.request(**_request(call, self.admin_token, self.sessions))
        except httpx.HTTPError as exc:
            return _unanswered(call, start, exc)
        return _answered(call, start, response)

    async def aclose(self) -> None:
        await self.http.aclose()


def needs_sessions(acceso: ApiResult) -> bool:
    """Whether the floor asks for a worker session (`GET /api/acceso`; a server without that
    route predates floor identity and asks for none)."""
    return acceso.ok and acceso.get("requiere_sesion") is True


def session_token(opened: ApiResult) -> str | None:
    token = opened.get("token")
    return token if opened.ok and isinstance(token, str) else None
