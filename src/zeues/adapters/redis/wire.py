"""AuditEvent <-> JSON on the `zeues:events` channel: one message per committed event."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from zeues.domain.model import AuditEvent, EventoTipo, Operacion

WIRE_VERSION = 1


def encode(event: AuditEvent, origin: str) -> str:
    # `origin` lets a process tell its own events apart (for monitoring only: it still
    # receives and delivers them, so every process follows the same path).
    return json.dumps(
        {
            "v": WIRE_VERSION,
            "origin": origin,
            "id": event.id,
            "evento_tipo": event.evento_tipo.value,
            "tag_spool": event.tag_spool,
            "worker_id": event.worker_id,
            "worker_nombre": event.worker_nombre,
            "operacion": event.operacion.value if event.operacion else None,
            "accion": event.accion,
            "timestamp": event.timestamp.isoformat(),
            "fecha_operacion": event.fecha_operacion.isoformat() if event.fecha_operacion else None,
            "metadata": event.metadata,
        },
        ensure_ascii=False,
        default=str,
    )


def decode(raw: str | bytes) -> AuditEvent:
    """Raises ValueError (json errors included), KeyError or TypeError on a malformed message."""
    data: dict[str, Any] = json.loads(raw)
    if not isinstance(data, dict):
        raise TypeError("el mensaje no es un objeto JSON")
    operacion = data["operacion"]
    fecha = data["fecha_operacion"]
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise TypeError("metadata debe ser un objeto")
    return AuditEvent(
        id=int(data["id"]),
        evento_tipo=EventoTipo(data["evento_tipo"]),
        tag_spool=str(data["tag_spool"]),
        worker_id=None if data["worker_id"] is None else int(data["worker_id"]),
        worker_nombre=data["worker_nombre"],
        operacion=Operacion(operacion) if operacion else None,
        accion=str(data["accion"]),
        timestamp=datetime.fromisoformat(data["timestamp"]),
        fecha_operacion=date.fromisoformat(fecha) if fecha else None,
        metadata=metadata,
    )
