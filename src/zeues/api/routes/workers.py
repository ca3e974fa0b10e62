"""/api/workers (CONTRACT §2.4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from zeues.api.deps import Reads
from zeues.api.errors import responses_for
from zeues.api.links import AFTER_WORKERS, with_links
from zeues.api.models import responses as r
from zeues.api.models.requests import MAX_DB_INT
from zeues.api.presenters.workers import roles_out, workers_out

router = APIRouter(prefix="/api/workers", tags=["workers"])


@router.get(
    "", response_model=r.WorkersResponse, responses=with_links(responses_for(), AFTER_WORKERS)
)
def workers(reads: Reads) -> r.WorkersResponse:
    """Trabajadores activos, por id."""
    return workers_out(reads.active_workers())


@router.get("/{worker_id}/roles", response_model=r.RolesResponse, responses=responses_for(404))
def roles(
    worker_id: Annotated[int, Path(gt=0, le=MAX_DB_INT, examples=[93])], reads: Reads
) -> r.RolesResponse:
    return roles_out(reads.worker(worker_id))
