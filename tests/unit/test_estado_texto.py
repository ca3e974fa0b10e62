"""The state in plain words for screens (issue 20, item 4): the facts of estado_detalle without
its codes, and «usted» for the worker who holds the spool."""

from __future__ import annotations

import re

import pytest

from tests.unit import builders as b
from tests.unit.builders import (
    ARMADOR,
    JUAN,
    SIN_ROL,
    approved,
    arm_done,
    blocked,
    fresh,
    held,
    rejected,
    repair_paused,
    repaired,
)
from zeues.domain import errors, occupation
from zeues.domain.estado import texto
from zeues.domain.model import Operacion, Spool

ARM, SOLD, REP = Operacion.ARM, Operacion.SOLD, Operacion.REPARACION
CODES = re.compile(r"EN_REPARACION|REPARACION_PAUSADA|PENDIENTE_METROLOGIA|\(Ciclo \d/\d\)|_")


HELD_ARM = held(fresh(), ARMADOR, ARM)
IN_REPAIR = held(rejected(2), SIN_ROL, REP)
AA_ARM = "ARM en progreso, SOLD pendiente"
DONE = "ARM completado, SOLD completado"
PLAIN = [
    (fresh(), None, "Disponible · ARM pendiente, SOLD pendiente"),
    (HELD_ARM, None, f"AA(1) trabajando en ARM · {AA_ARM}"),
    (HELD_ARM, ARMADOR.id, f"Usted trabajando en ARM · {AA_ARM}"),
    (
        held(arm_done(), JUAN, SOLD),
        1,
        "JP(94) trabajando en SOLD · ARM completado, SOLD en progreso",
    ),
    (approved(), None, f"Disponible · {DONE} · metrología aprobada"),
    (
        rejected(1),
        None,
        f"Disponible · {DONE} · rechazado en metrología (ciclo 1 de 3), espera reparación",
    ),
    (IN_REPAIR, None, "En reparación (ciclo 2 de 3), la tiene NN(6)"),
    (IN_REPAIR, SIN_ROL.id, "En reparación (ciclo 2 de 3), la tiene usted"),
    (repair_paused(1), None, "Reparación pausada (ciclo 1 de 3)"),
    (repaired(2), None, "Reparado, espera metrología (ciclo 2 de 3)"),
    (blocked(), None, "Bloqueado tras 3 rechazos de metrología: avise al supervisor"),
]


@pytest.mark.parametrize(("spool", "viewer", "text"), PLAIN)
def test_the_state_in_plain_words_has_no_codes(spool: Spool, viewer: int | None, text: str) -> None:
    assert texto(spool, viewer) == text
    assert not CODES.search(text)


def test_taking_another_operation_of_ones_own_spool_says_usted_not_ones_own_name() -> None:
    spool = held(b.arm_paused(), b.MAURICIO, SOLD)
    with pytest.raises(errors.SpoolOcupado) as found:
        occupation.tomar(spool, b.MAURICIO, ARM, b.at(10), b.TTL)
    assert found.value.message == (
        "Usted ya tiene el spool TEST-01 tomado para SOLD: páuselo o complételo antes de "
        "tomarlo para ARM."
    )
    assert "MR(93)" not in found.value.message


def test_a_completed_repair_is_said_in_the_feminine() -> None:
    spool = held(rejected(1), SIN_ROL, REP)
    done = occupation.completar(spool, SIN_ROL, REP, b.at(10), b.FECHA)
    assert done.message == "Reparación completada en el spool TEST-01 por NN(6)"
    arm = occupation.completar(held(fresh(), ARMADOR, ARM), ARMADOR, ARM, b.at(10), b.FECHA)
    assert arm.message == "ARM completado en el spool TEST-01 por AA(1)"
