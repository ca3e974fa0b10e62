"""The `data:` of the live stream's events (CONTRACT §2.5)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from zeues.api.presenters.times import in_tz
from zeues.domain.model import AuditEvent, EventoTipo

# The v3.0 stream vocabulary existing clients switch on (CONTRACT §2.5); every audit type not
# listed (lease expiry, forced release, supervisor override, reset) is a STATE_CHANGE.
STREAM_TYPE: dict[EventoTipo, str] = {
    EventoTipo.TOMAR_SPOOL: "TOMAR",
    EventoTipo.PAUSAR_SPOOL: "PAUSAR",
    EventoTipo.COMPLETAR_ARM: "COMPLETAR",
    EventoTipo.COMPLETAR_SOLD: "COMPLETAR",
    EventoTipo.COMPLETAR_METROLOGIA: "COMPLETAR_METROLOGIA",
    EventoTipo.TOMAR_REPARACION: "TOMAR_REPARACION",
    EventoTipo.PAUSAR_REPARACION: "PAUSAR_REPARACION",
    EventoTipo.COMPLETAR_REPARACION: "COMPLETAR_REPARACION",
    EventoTipo.CANCELAR_REPARACION: "CANCELAR_REPARACION",
}
STATE_CHANGE = "STATE_CHANGE"


def stream_payload(event: AuditEvent, tz: ZoneInfo) -> dict[str, object]:
    """The SSE `data:` of CONTRACT §2.5: `type`/`event_type` in the v3.0 vocabulary, `evento_tipo`
    the audit name (both spellings existing clients read)."""
    stamp = in_tz(event.timestamp, tz)
    kind = STREAM_TYPE.get(event.evento_tipo, STATE_CHANGE)
    return {
        "id": event.id,
        "type": kind,
        "event_type": kind,
        "evento_tipo": event.evento_tipo.value,
        "tag_spool": event.tag_spool,
        "worker_id": event.worker_id,
        "worker": event.worker_nombre,
        "worker_nombre": event.worker_nombre,
        "operacion": event.operacion.value if event.operacion else None,
        "estado_detalle": event.metadata.get("estado_detalle"),
        # plain words for screens (events written before issue 20 have none)
        "estado_texto": event.metadata.get("estado_texto"),
        "timestamp": stamp.isoformat() if stamp else None,
    }
