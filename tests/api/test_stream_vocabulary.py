"""The SSE payload speaks the v3.0 stream vocabulary in `type`/`event_type` (what existing
clients switch on) and carries the audit name in `evento_tipo` (CONTRACT §2.5)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from zeues.api.presenters.stream import stream_payload
from zeues.domain.model import AuditEvent, EventoTipo, Operacion

V3_TYPE = {
    "TOMAR_SPOOL": "TOMAR",
    "PAUSAR_SPOOL": "PAUSAR",
    "COMPLETAR_ARM": "COMPLETAR",
    "COMPLETAR_SOLD": "COMPLETAR",
    "COMPLETAR_METROLOGIA": "COMPLETAR_METROLOGIA",
    "TOMAR_REPARACION": "TOMAR_REPARACION",
    "PAUSAR_REPARACION": "PAUSAR_REPARACION",
    "COMPLETAR_REPARACION": "COMPLETAR_REPARACION",
    "CANCELAR_REPARACION": "CANCELAR_REPARACION",
    "LEASE_EXPIRADO": "STATE_CHANGE",
    "LIBERACION_FORZADA": "STATE_CHANGE",
    "SUPERVISOR_OVERRIDE": "STATE_CHANGE",
    "SPOOL_RESET": "STATE_CHANGE",
    "IMPORTACION": "STATE_CHANGE",
    "NOTA": "STATE_CHANGE",
}


def test_the_table_covers_every_audit_type() -> None:
    assert set(V3_TYPE) == {t.value for t in EventoTipo}


@pytest.mark.parametrize("tipo", list(EventoTipo))
def test_each_audit_type_streams_with_its_v3_type_and_its_audit_name(tipo: EventoTipo) -> None:
    event = AuditEvent(
        7, tipo, "TEST-01", 93, "MR(93)", Operacion.ARM, "X",
        datetime(2026, 11, 23, 12, tzinfo=UTC), None, {"estado_detalle": "d"},
    )  # fmt: skip
    payload = stream_payload(event, ZoneInfo("America/Santiago"))
    assert payload["type"] == payload["event_type"] == V3_TYPE[tipo.value]
    assert payload["evento_tipo"] == tipo.value
    assert payload["worker"] == payload["worker_nombre"] == "MR(93)"
    assert payload["timestamp"] == "2026-11-23T09:00:00-03:00"
