"""Domain commands bound to a worker and a minute ("acts"), the spools the rule tables start
from, and the two checks every table row runs (CONTRACT §1, precedence of §2.1).

Every spool is held (when held) since T0 with a 1-hour lease, so minute 10 is inside the
lease and minute 61 is after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.unit import builders as b
from zeues.domain import inspection, occupation, supervision
from zeues.domain.errors import DomainError
from zeues.domain.estado import detalle
from zeues.domain.model import (
    Change,
    EstadoOp,
    EventoTipo,
    Lapse,
    Operacion,
    Resultado,
    Spool,
    Worker,
)

APROBADO, RECHAZADO = Resultado.APROBADO, Resultado.RECHAZADO
INSIDE = 10.0  # minutes after T0: inside every lease

AFTER = 61.0  # minutes after T0: past a lease taken at T0


Act = Callable[[Spool], Change]


def tomar(worker: Worker, op: Operacion, minutes: float = INSIDE, ttl: int = b.TTL) -> Act:
    return lambda s: occupation.tomar(s, worker, op, b.at(minutes), ttl)


def pausar(worker: Worker, op: Operacion, minutes: float = INSIDE) -> Act:
    return lambda s: occupation.pausar(s, worker, op, b.at(minutes))


def completar(worker: Worker, op: Operacion, minutes: float = INSIDE) -> Act:
    return lambda s: occupation.completar(s, worker, op, b.at(minutes), b.FECHA)


def inspeccionar(worker: Worker, resultado: Resultado, minutes: float = INSIDE) -> Act:
    return lambda s: inspection.inspeccionar(s, worker, resultado, b.at(minutes), b.FECHA)


def cancelar(worker: Worker, minutes: float = INSIDE) -> Act:
    return lambda s: occupation.cancelar_reparacion(s, worker, b.at(minutes))


def liberar(worker: Worker, minutes: float = INSIDE) -> Act:
    return lambda s: supervision.liberar(s, worker, "tablet abandonada", b.at(minutes))


def desbloquear(worker: Worker, minutes: float = INSIDE) -> Act:
    return lambda s: supervision.desbloquear(s, worker, "revisión con calidad", b.at(minutes))


def reset(minutes: float = INSIDE) -> Act:
    return lambda s: supervision.reset(s, b.at(minutes), b.FECHA)


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


def arm_held(worker: Worker = b.ARMADOR) -> Spool:
    return b.held(b.fresh(), worker, b.ARM)


def sold_held(worker: Worker = b.SOLDADOR) -> Spool:
    return b.held(b.arm_done(), worker, b.SOLD)


def repair_held(worker: Worker = b.AYUDANTE, ciclo: int = 1) -> Spool:
    return b.held(b.rejected(ciclo), worker, b.REP)


SIN_ROLES_ANA = Worker(1, "Ana", "Araya", ())  # the ARM holder after losing her roles


def sold_done_arm_held_again() -> Spool:
    """SOLD completed while ARM was paused, then ARM taken again by ARMADOR."""
    return b.held(
        b.arm_paused(sold=EstadoOp.COMPLETADO, soldador="SS(2)", fecha_soldadura=b.FECHA),
        b.ARMADOR,
        b.ARM,
    )


def arm_taken_over_by_juan() -> Spool:
    """ARMADOR's lease ran out at minute 60; JUAN took ARM at minute 61 (the row remembers
    ARMADOR's lapse)."""
    return b.held(
        arm_held(b.ARMADOR).evolve(arm=EstadoOp.PAUSADO, lapsed=Lapse(1, b.ARM, b.at(60))),
        b.JUAN,
        b.ARM,
        since=b.at(AFTER),
    )


def reject_and_repair(spool: Spool, minute: float) -> Spool:
    spool = inspection.inspeccionar(spool, b.METROLOGO, RECHAZADO, b.at(minute), b.FECHA).after
    spool = occupation.tomar(spool, b.SIN_ROL, b.REP, b.at(minute + 1), b.TTL).after
    return occupation.completar(spool, b.SIN_ROL, b.REP, b.at(minute + 2), b.FECHA).after


TableTest = Callable[..., None]


def table_tests(allowed: list[Any], rejected: list[Any]) -> tuple[TableTest, TableTest]:
    """The two table tests of one rule family, for its module to bind to `test_*` names: each
    allowed row changes the state, bumps the version by one and is audited; each rejected row
    raises exactly its error with a message and changes nothing."""

    @pytest.mark.parametrize(("spool", "act", "expected", "tipos"), allowed)
    def allowed_row(
        spool: Spool, act: Act, expected: dict[str, Any], tipos: list[EventoTipo]
    ) -> None:
        before = spool.evolve(version=7)

        change = act(before)

        got = summary(change.after)
        assert {k: got[k] for k in expected} == expected
        assert change.changed is True
        assert change.after.version == 8
        assert [e.evento_tipo for e in change.events] == tipos
        assert all(e.tag_spool == b.TAG for e in change.events)
        assert len({e.timestamp for e in change.events}) == 1
        last = change.events[-1]
        assert last.metadata["estado_detalle"] == detalle(change.after)

    @pytest.mark.parametrize(("spool", "act", "error"), rejected)
    def rejected_row(spool: Spool, act: Act, error: type[DomainError]) -> None:
        snapshot = summary(spool)

        with pytest.raises(DomainError) as excinfo:
            act(spool)

        assert type(excinfo.value) is error
        assert excinfo.value.message.strip()
        assert summary(spool) == snapshot

    return allowed_row, rejected_row
