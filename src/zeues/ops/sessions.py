"""Worker sessions for the operator tools (issue 22): where the floor asks for a worker's PIN
(`ZEUES_FLOOR_AUTH=pin` or `dispositivo+pin`), `zeues e2e` and `zeues loadtest` open a test
session per worker with the admin token; in `abierto` they open none."""

from __future__ import annotations

from collections.abc import Iterable

from zeues.ops import calls as api
from zeues.ops.client import AsyncZeuesClient, Worker, ZeuesClient, needs_sessions, session_token


class SessionsRefused(Exception):
    """The floor asks for sessions and the admin token could not open them."""


def _refused(worker: Worker, summary: str) -> SessionsRefused:
    return SessionsRefused(
        f"El taller exige la sesión de cada trabajador (ZEUES_FLOOR_AUTH) y no se pudo abrir la "
        f"de {worker.nombre_completo} con el token de administración: {summary}"
    )


def open_sessions(http: ZeuesClient, workers: Iterable[Worker]) -> bool:
    """True when sessions were needed (and opened, into `http.sessions`)."""
    if not needs_sessions(http.send(api.acceso())):
        return False
    for worker in workers:
        opened = http.send(api.admin_session(worker))
        token = session_token(opened)
        if token is None:
            raise _refused(worker, opened.summary())
        http.sessions[worker.id] = token
    return True


async def open_sessions_async(http: AsyncZeuesClient, workers: Iterable[Worker]) -> bool:
    if not needs_sessions(await http.send(api.acceso())):
        return False
    for worker in workers:
        opened = await http.send(api.admin_session(worker))
        token = session_token(opened)
        if token is None:
            raise _refused(worker, opened.summary())
        http.sessions[worker.id] = token
    return True
