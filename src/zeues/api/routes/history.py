"""/api/history and /api/dashboard: sessions, raw audit, who holds what (CONTRACT §2.4)."""

from __future__ import annotations

from fastapi import APIRouter

from zeues.api.deps import Reads, Shop
from zeues.api.errors import responses_for
from zeues.api.models import responses as r
from zeues.api.models.parameters import TagPath
from zeues.api.presenters.history import events_out, history_out, occupied_out, resumen_out

router = APIRouter(prefix="/api", tags=["history"])


@router.get("/history/{tag}", response_model=r.HistoryResponse, responses=responses_for(404))
def sessions(tag: TagPath, reads: Reads, shop: Shop) -> r.HistoryResponse:
    """Sesiones de trabajo, de la más antigua a la más reciente, derivadas de la auditoría."""
    return history_out(tag, reads.sessions(tag, shop.now()), shop.tz)


@router.get("/history/{tag}/events", response_model=r.EventsResponse, responses=responses_for(404))
def events(tag: TagPath, reads: Reads, shop: Shop) -> r.EventsResponse:
    """Eventos de auditoría del spool, tal como se registraron."""
    return events_out(tag, reads.events(tag), shop.tz)


@router.get("/dashboard/occupied", response_model=list[r.OccupiedItem], responses=responses_for())
def occupied(reads: Reads, shop: Shop) -> list[r.OccupiedItem]:
    """Spools ocupados ahora (una toma vencida nunca aparece), la más reciente primero."""
    return [occupied_out(spool, shop.tz) for spool in reads.occupied_now(shop.now())]


@router.get("/dashboard/resumen", response_model=r.ResumenResponse, responses=responses_for())
def resumen(reads: Reads, shop: Shop) -> r.ResumenResponse:
    """Cantidad de spools por estado de cada operación, y las pulgadas-diámetro (PD)
    terminadas hoy."""
    now, today = shop.now(), shop.today()
    return resumen_out(reads.resumen(now), now, shop.tz, reads.pd_total(today, today, shop.tz))
