"""Request examples shown in the OpenAPI document (and `/api/docs` "Try it out"). They name spools
and workers of the demo (`zeues serve --demo`), each chosen so that it works on a fresh demo
whatever order they are tried in (the fuzzing in tests/integration relies on it)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from zeues.domain.model import Spool
from zeues.services.demo import demo_spools, demo_tag, demo_workers


@cache
def _demo() -> list[Spool]:
    return demo_spools(datetime(2026, 1, 1, tzinfo=UTC), date(2026, 1, 1), 3600, demo_workers())


def _holder(i: int) -> int:
    """The demo worker holding the i-th generated spool (the demo is deterministic)."""
    holder = _demo()[5 + i].holder  # after TEST-01..05
    assert holder is not None, i
    return holder.worker_id


_FECHA = "2026-01-15"
_SOLDADO = demo_tag(8)  # ARM and SOLD completed, waiting for METROLOGIA
_SOLDADO_2 = demo_tag(27)
_RECHAZADO = demo_tag(9)  # rejected once, repair pending
_BLOQUEADO = demo_tag(7)
_TOMADO = demo_tag(1)  # held for ARM by a demo worker
_ARM_A, _ARM_B = 41, 81  # held for ARM by demo workers
_REPARANDO, _REPARANDO_2, _REPARACION_PAUSADA = demo_tag(13), demo_tag(33), demo_tag(53)

TOMAR: list[Any] = [
    {"tag_spool": "TEST-02", "worker_id": 93, "worker_nombre": "MR(93)", "operacion": "ARM"},
    {"tag_spool": "TEST-03", "worker_id": 93, "operacion": "ARM"},
]
PAUSAR: list[Any] = [{"tag_spool": demo_tag(_ARM_A), "worker_id": _holder(_ARM_A)}]
COMPLETAR: list[Any] = [
    {"tag_spool": demo_tag(_ARM_B), "worker_id": _holder(_ARM_B), "fecha_operacion": _FECHA},
    {
        "tag_spool": _SOLDADO_2,
        "worker_id": 95,
        "operacion": "METROLOGIA",
        "resultado": "APROBADO",
        "fecha_operacion": _FECHA,
    },
]
BATCH_TOMAR: list[Any] = [
    {"tag_spools": ["TEST-04", "TEST-05"], "worker_id": 94, "operacion": "ARM"}
]
RENOVAR: list[Any] = [{"tag_spools": [_TOMADO], "worker_id": _holder(1)}]
METROLOGIA: list[Any] = [{"tag_spool": _SOLDADO, "worker_id": 95, "resultado": "RECHAZADO"}]
TOMAR_REPARACION: list[Any] = [{"tag_spool": _RECHAZADO, "worker_id": 96}]
PAUSAR_REPARACION: list[Any] = [{"tag_spool": _REPARANDO, "worker_id": 96}]
COMPLETAR_REPARACION: list[Any] = [{"tag_spool": _REPARANDO_2, "worker_id": 96}]
CANCELAR_REPARACION: list[Any] = [{"tag_spool": _REPARACION_PAUSADA, "worker_id": 96}]
DESBLOQUEAR: list[Any] = [
    {"tag_spool": _BLOQUEADO, "supervisor_id": 97, "motivo": "Revisado con calidad: se repara"}
]
LIBERAR: list[Any] = [
    {"tag_spool": _TOMADO, "supervisor_id": 97, "motivo": "Tablet olvidada en el turno anterior"}
]
NOTA_SUPERVISOR: list[Any] = [
    {
        "tag_spool": _SOLDADO,
        "texto": "Priorizar: el cliente lo retira el lunes",
        "supervisor_id": 97,
    }
]
ADMIN_SPOOL: list[Any] = [
    {"tag_spool": "MK-1400-CW-40001-001", "fecha_materiales": "2026-01-10", "nv": "NV-5001"}
]
ADMIN_WORKER: list[Any] = [
    {"id": 500, "nombre": "Ana", "apellido": "Soto", "roles": ["Armador"], "activo": True}
]

# Floor identity (issue 22): the demo's PINs are each worker's number twice. Setting a PIN
# uses another worker than signing in, so either works whatever ran first.
SIGN_IN = [{"worker_id": 93, "pin": "9393"}]
ADMIN_SESSION = [{"worker_id": 94}]
SET_PIN = [{"pin": "2468"}]
CREW_SHEET: list[dict[str, Any]] = [{}]
ENROL_START = [{"nombre": "Tablet ARM 2"}]
ENROL = [{"codigo": "ABCD-2345"}]
SUPERVISOR_SIGN_IN = [{"worker_id": 97, "pin": "9797"}]
