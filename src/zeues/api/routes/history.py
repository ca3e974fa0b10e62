"""/api/history and /api/dashboard: sessions, raw audit, who holds what (CONTRACT §2.4)."""

from __future__ import annotations

from fastapi import APIRouter

from zeues.api import responses as r
from zeues.api.deps import Deps
from zeues.api.errors import responses_for
from zeues.api.presenters import event_out, occupied_out, session_out
from zeues.api.routes.spools import TagPath
from zeues.services import history

router = APIRouter(prefix="/api", tags=["history"])


@router.get("/history/{tag}", response_model=r.HistoryResponse, responses=responses_for(404))
def sessions(tag: TagPath, c: Deps) -> r.HistoryResponse:
    """Sesiones de trabajo, de la más antigua a la más reciente, derivadas de la auditoría."""
    found = history.sessions(c.read, tag, c.clock())
    out = [session_out(s, c.settings.tz) for s in found]
    return r.HistoryResponse(tag_spool=tag, sessions=out, total=len(out))


@router.get("/history/{tag}/events", response_model=r.EventsResponse, responses=responses_for(404))
def events(tag: TagPath, c: Deps) -> r.EventsResponse:
    """Eventos de auditoría del spool, tal como se registraron."""
    found = [event_out(e, c.settings.tz) for e in history.events(c.read, tag)]
    return r.EventsResponse(tag_spool=tag, events=found, total=len(found))


@router.get("/dashboard/occupied", response_model=list[r.OccupiedItem], responses=responses_for())
def occupied(c: Deps) -> list[r.OccupiedItem]:
    """Spools ocupados ahora (una toma vencida nunca aparece), la más reciente primero."""
    now = c.clock()
    return [occupied_out(spool, c.settings.tz) for spool in c.read.occupied_now(now)]


@router.get("/dashboard/resumen", response_model=r.ResumenResponse, responses=responses_for())
def resumen(c: Deps) -> r.ResumenResponse:
    """Cantidad de spools por estado de cada operación."""
    now = c.clock()
    return r.ResumenResponse(**c.read.resumen(now), timestamp=now.astimezone(c.settings.tz))
