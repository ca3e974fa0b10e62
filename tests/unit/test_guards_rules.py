"""Prerequisite checks (zeues.domain.guards): dependency errors name what is missing."""

from __future__ import annotations

import re

import pytest

from tests.unit import builders as b
from tests.unit.rule_acts import (
    APROBADO,
    Act,
    inspeccionar,
    tomar,
)
from zeues.domain import errors
from zeues.domain.model import (
    EstadoOp,
    Spool,
)


@pytest.mark.parametrize(
    ("spool", "act", "missing"),
    [
        pytest.param(
            b.fresh(fecha_materiales=None), tomar(b.ARMADOR, b.ARM), "materiales", id="materials"
        ),
        pytest.param(b.fresh(), tomar(b.SOLDADOR, b.SOLD), "ARM", id="arm_for_sold"),
        pytest.param(
            b.arm_done(),
            inspeccionar(b.METROLOGO, APROBADO),
            r"falta\W+SOLD\b",
            id="sold_for_met",
        ),
        pytest.param(
            b.arm_paused(sold=EstadoOp.COMPLETADO),
            inspeccionar(b.METROLOGO, APROBADO),
            r"falta\W+ARM\W*$",
            id="arm_for_met",
        ),
        pytest.param(b.welded(), tomar(b.SIN_ROL, b.REP), r"(?i)rechaz", id="rejection_for_repair"),
        pytest.param(b.rejected(1), inspeccionar(b.METROLOGO, APROBADO), "REPARACION", id="repair"),
    ],
)
def test_dependency_error_message_names_what_is_missing(
    spool: Spool, act: Act, missing: str
) -> None:
    with pytest.raises(errors.DependenciasNoSatisfechas) as excinfo:
        act(spool)

    assert re.search(missing, excinfo.value.message)
