"""Prerequisite checks (zeues.domain.guards): dependency errors name what is missing."""

from __future__ import annotations

import re

import pytest

from tests.unit.builders import (
    ARMADOR,
    METROLOGO,
    SIN_ROL,
    SOLDADOR,
    arm_done,
    arm_paused,
    fresh,
    rejected,
    welded,
)
from tests.unit.rule_acts import (
    APROBADO,
    ARM,
    REP,
    SOLD,
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
            fresh(fecha_materiales=None), tomar(ARMADOR, ARM), "materiales", id="materials"
        ),
        pytest.param(fresh(), tomar(SOLDADOR, SOLD), "ARM", id="arm_for_sold"),
        pytest.param(
            arm_done(), inspeccionar(METROLOGO, APROBADO), r"falta\W+SOLD\b", id="sold_for_met"
        ),
        pytest.param(
            arm_paused(sold=EstadoOp.COMPLETADO),
            inspeccionar(METROLOGO, APROBADO),
            r"falta\W+ARM\W*$",
            id="arm_for_met",
        ),
        pytest.param(welded(), tomar(SIN_ROL, REP), r"(?i)rechaz", id="rejection_for_repair"),
        pytest.param(rejected(1), inspeccionar(METROLOGO, APROBADO), "REPARACION", id="repair"),
    ],
)
def test_dependency_error_message_names_what_is_missing(
    spool: Spool, act: Act, missing: str
) -> None:
    with pytest.raises(errors.DependenciasNoSatisfechas) as excinfo:
        act(spool)

    assert re.search(missing, excinfo.value.message)
