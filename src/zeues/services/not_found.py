"""The one place the "does not exist" refusals are built, for commands and reads alike."""

from __future__ import annotations

from zeues.domain import errors


def spool_not_found(tag: str) -> errors.SpoolNoEncontrado:
    return errors.SpoolNoEncontrado(
        f"El spool {tag} no existe. Revise el código escaneado.", {"tag_spool": tag}
    )


def worker_not_found(worker_id: int) -> errors.WorkerNoEncontrado:
    return errors.WorkerNoEncontrado(
        f"El trabajador {worker_id} no existe o no está activo.", {"worker_id": worker_id}
    )
