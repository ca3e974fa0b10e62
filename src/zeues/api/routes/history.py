"""/api/history and /api/dashboard: sessions, raw audit, who holds what (CONTRACT §2.4)."""

from __future__ import annotations

from fastapi import APIRouter

from zeues.api.deps import Deps
from zeues.api.errors import responses_for
from zeues.api.models import responses as r
from zeues.api.models.parameters import TagPath
from zeues.api.presenters.history import events_out, history_out, occupied_out, resumen_out
from zeues.services import history

router = APIRouter(prefix="/api", tags=["history"])


@router.get("/history/{tag}", response_model=r.HistoryResponse, responses=responses_for(404))
def sessions(tag: TagPath, container: Deps) -> r.HistoryResponse:
    """Sesiones de trabajo, de la más antigua a la más reciente, derivadas de la auditoría."""
    found = history.sessions(container.read, tag, container.clock())
    return history_out(tag, found, container.settings.tz)


@router.get("/history/{tag}/events", response_model=r.EventsResponse, responses=responses_for(404))
def events(tag: TagPath, container: Deps) -> r.EventsResponse:
    """Eventos de auditoría del spool, tal como se registraron."""
    return events_out(tag, history.events(container.read, tag), container.settings.tz)


@router.get("/dashboard/occupied", response_model=list[r.OccupiedItem], responses=responses_for())
def occupied(container: Deps) -> list[r.OccupiedItem]:
    """Spools ocupados ahora (una toma vencida nunca aparece), la más reciente primero."""
    now, tz = container.clock(), container.settings.tz
    return [occupied_out(spool, tz) for spool in container.read.occupied_now(now)]


@router.get("/dashboard/resumen", response_model=r.ResumenResponse, responses=responses_for())
def resumen(container: Deps) -> r.ResumenResponse:
    """Cantidad de spools por estado de cada operación."""
    now = container.clock()
    return resumen_out(container.read.resumen(now), now, container.settings.tz)
