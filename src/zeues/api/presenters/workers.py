"""Workers and their roles (CONTRACT §2.4)."""

from __future__ import annotations

from collections.abc import Iterable

from zeues.api.models import responses as r
from zeues.domain.model import Worker


def worker_out(worker: Worker) -> r.WorkerOut:
    roles = [role.value for role in worker.roles]
    return r.WorkerOut(
        id=worker.id,
        nombre=worker.nombre,
        apellido=worker.apellido,
        rol=roles[0] if roles else None,
        roles=roles,
        activo=worker.activo,
        nombre_completo=worker.nombre_completo,
    )


def workers_out(workers: Iterable[Worker]) -> r.WorkersResponse:
    found = [worker_out(w) for w in workers]
    return r.WorkersResponse(workers=found, total=len(found))


def roles_out(worker: Worker) -> r.RolesResponse:
    return r.RolesResponse(worker_id=worker.id, roles=[role.value for role in worker.roles])
