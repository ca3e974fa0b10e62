"""Domain commands bound to a worker and a minute ("acts"), the spools the rule tables start
from, and the two checks every table row runs (CONTRACT §1, precedence of §2.1).

Every spool is held (when held) since T0 with a 1-hour lease, so minute 10 is inside the
lease and minute 61 is after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.unit.builders import (
    ARMADOR,
    AYUDANTE,
    FECHA,
    JUAN,
    METROLOGO,
    SIN_ROL,
    SOLDADOR,
    TAG,
    TTL,
    arm_done,
    arm_paused,
    at,
    fresh,
    held,
    rejected,
)
from zeues.domain import inspection, occupation, supervision
from zeues.domain.errors import DomainError
from zeues.domain.estado import detalle
from zeues.domain.guards import Change
from zeues.domain.model import (
    EstadoOp,
    EventoTipo,
    Operacion,
    Resultado,
    Spool,
    Worker,
)

ARM, SOLD, MET, REP = (
    Operacion.ARM,
    Operacion.SOLD,
    Operacion.METROLOGIA,
    Operacion.REPARACION,
)
APROBADO, RECHAZADO = Resultado.APROBADO, Resultado.RECHAZADO

INSIDE = 10.0  # minutes after T0: inside every lease

AFTER = 61.0  # minutes after T0: past a lease taken at T0


Act = Callable[[Spool], Change]


def tomar(worker: Worker, op: Operacion, minutes: float = INSIDE, ttl: int = TTL) -> Act:
    return lambda s: occupation.tomar(s, worker, op, at(minutes), ttl)


def pausar(worker: Worker, op: Operacion, minutes: float = INSIDE) -> Act:
    return lambda s: occupation.pausar(s, worker, op, at(minutes))


def completar(worker: Worker, op: Operacion, minutes: float = INSIDE) -> Act:
    return lambda s: occupation.completar(s, worker, op, at(minutes), FECHA)


def inspeccionar(worker: Worker, resultado: Resultado, minutes: float = INSIDE) -> Act:
    return lambda s: inspection.inspeccionar(s, worker, resultado, at(minutes), FECHA)


def cancelar(worker: Worker, minutes: float = INSIDE) -> Act:
    return lambda s: occupation.cancelar_reparacion(s, worker, at(minutes))


def liberar(worker: Worker, minutes: float = INSIDE) -> Act:
    return lambda s: supervision.liberar(s, worker, "tablet abandonada", at(minutes))


def desbloquear(worker: Worker, minutes: float = INSIDE) -> Act:
    return lambda s: supervision.desbloquear(s, worker, "revisión con calidad", at(minutes))


def reset(minutes: float = INSIDE) -> Act:
    return lambda s: supervision.reset(s, at(minutes), FECHA)


def summary(spool: Spool) -> dict[str, Any]:
    """The observable state of a spool, holder reduced to (worker id, operation)."""
    return {
        "arm": spool.arm,
        "sold": spool.sold,
        "metrologia": spool.metrologia,
        "reparacion": spool.reparacion,
        "ciclo": spool.ciclo,
        "bloqueado": spool.bloqueado,
        "holder": (spool.holder.worker_id, spool.holder.operacion) if spool.holder else None,
        "armador": spool.armador,
        "soldador": spool.soldador,
        "fecha_armado": spool.fecha_armado,
        "fecha_soldadura": spool.fecha_soldadura,
        "fecha_qc_metrologia": spool.fecha_qc_metrologia,
        "fecha_rechazo": spool.fecha_rechazo,
        "fecha_materiales": spool.fecha_materiales,
    }


def arm_held(worker: Worker = ARMADOR) -> Spool:
    return held(fresh(), worker, ARM)


def sold_held(worker: Worker = SOLDADOR) -> Spool:
    return held(arm_done(), worker, SOLD)


def repair_held(worker: Worker = AYUDANTE, ciclo: int = 1) -> Spool:
    return held(rejected(ciclo), worker, REP)


SIN_ROLES_ANA = Worker(1, "Ana", "Araya", ())  # the ARM holder after losing her roles


def sold_done_arm_held_again() -> Spool:
    """SOLD completed while ARM was paused, then ARM taken again by ARMADOR."""
    return held(
        arm_paused(sold=EstadoOp.COMPLETADO, soldador="SS(2)", fecha_soldadura=FECHA),
        ARMADOR,
        ARM,
    )


def arm_taken_over_by_juan() -> Spool:
    """ARMADOR's lease ran out at minute 60; JUAN took ARM at minute 61."""
    return held(arm_held(ARMADOR).evolve(arm=EstadoOp.PAUSADO), JUAN, ARM, since=at(AFTER))


def reject_and_repair(spool: Spool, minute: float) -> Spool:
    spool = inspection.inspeccionar(spool, METROLOGO, RECHAZADO, at(minute), FECHA).after
    spool = occupation.tomar(spool, SIN_ROL, REP, at(minute + 1), TTL).after
    return occupation.completar(spool, SIN_ROL, REP, at(minute + 2), FECHA).after


def check_allowed(
    spool: Spool, act: Act, expected: dict[str, Any], tipos: list[EventoTipo]
) -> None:
    """An allowed command changes the state, bumps the version by one and is audited."""
    before = spool.evolve(version=7)

    change = act(before)

    got = summary(change.after)
    assert {k: got[k] for k in expected} == expected
    assert change.changed is True
    assert change.after.version == 8
    assert [e.evento_tipo for e in change.events] == tipos
    assert all(e.tag_spool == TAG for e in change.events)
    assert len({e.timestamp for e in change.events}) == 1
    last = change.events[-1]
    assert last.metadata["estado_detalle"] == detalle(change.after)


def check_rejected(spool: Spool, act: Act, error: type[DomainError]) -> None:
    """A rejected command raises exactly `error` with a message and changes nothing."""
    snapshot = summary(spool)

    with pytest.raises(DomainError) as excinfo:
        act(spool)

    assert type(excinfo.value) is error
    assert excinfo.value.message.strip()
    assert summary(spool) == snapshot
