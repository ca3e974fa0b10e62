"""The display string estado_detalle (CONTRACT §1.5) and nombre_completo (CONTRACT §1.4)."""

from __future__ import annotations

import pytest

from tests.unit.builders import (
    ARMADOR,
    AYUDANTE,
    FECHA,
    JUAN,
    METROLOGO,
    SIN_ROL,
    SOLDADOR,
    TTL,
    approved,
    arm_done,
    arm_paused,
    at,
    blocked,
    fresh,
    held,
    rejected,
    repair_paused,
    repaired,
    welded,
)
from zeues.domain import inspection, occupation
from zeues.domain.estado import detalle, detalle_at
from zeues.domain.model import (
    EstadoOp,
    Operacion,
    Resultado,
    Rol,
    Spool,
    Worker,
    nombre_completo,
)

ARM, SOLD, REP = Operacion.ARM, Operacion.SOLD, Operacion.REPARACION


@pytest.mark.parametrize(
    ("spool", "text"),
    [
        pytest.param(fresh(), "Disponible - ARM pendiente, SOLD pendiente", id="fresh"),
        pytest.param(
            fresh(fecha_materiales=None),
            "Disponible - ARM pendiente, SOLD pendiente",
            id="fresh_without_materials",
        ),
        pytest.param(arm_paused(), "Disponible - ARM pausado, SOLD pendiente", id="arm_paused"),
        pytest.param(arm_done(), "Disponible - ARM completado, SOLD pendiente", id="arm_done"),
        pytest.param(
            arm_paused(sold=EstadoOp.PAUSADO),
            "Disponible - ARM pausado, SOLD pausado",
            id="both_paused",
        ),
        pytest.param(welded(), "Disponible - ARM completado, SOLD completado", id="welded"),
        pytest.param(
            held(fresh(), ARMADOR, ARM),
            "AA(1) trabajando ARM (ARM en progreso, SOLD pendiente)",
            id="occupied_arm",
        ),
        pytest.param(
            held(arm_done(), JUAN, SOLD),
            "JP(94) trabajando SOLD (ARM completado, SOLD en progreso)",
            id="occupied_sold",
        ),
        pytest.param(
            held(arm_paused(), SOLDADOR, SOLD),
            "SS(2) trabajando SOLD (ARM pausado, SOLD en progreso)",
            id="occupied_sold_with_arm_paused",
        ),
        pytest.param(
            approved(),
            "Disponible - ARM completado, SOLD completado, METROLOGIA APROBADO ✓",
            id="aprobado",
        ),
        pytest.param(
            rejected(1),
            "Disponible - ARM completado, SOLD completado, RECHAZADO (Ciclo 1/3) - "
            "Pendiente reparación",
            id="rechazado_ciclo_1",
        ),
        pytest.param(
            rejected(2),
            "Disponible - ARM completado, SOLD completado, RECHAZADO (Ciclo 2/3) - "
            "Pendiente reparación",
            id="rechazado_ciclo_2",
        ),
        pytest.param(
            rejected(0),
            "Disponible - ARM completado, SOLD completado, RECHAZADO (Ciclo 0/3) - "
            "Pendiente reparación",
            id="rechazado_after_override",
        ),
        pytest.param(
            held(rejected(2), SIN_ROL, REP),
            "EN_REPARACION (Ciclo 2/3) - Ocupado: NN(6)",
            id="en_reparacion",
        ),
        pytest.param(repair_paused(1), "REPARACION_PAUSADA (Ciclo 1/3)", id="reparacion_pausada"),
        pytest.param(repaired(2), "PENDIENTE_METROLOGIA (Ciclo 2/3)", id="pendiente_metrologia"),
        pytest.param(blocked(), "BLOQUEADO - Contactar supervisor", id="bloqueado"),
    ],
)
def test_estado_detalle_is_the_exact_spanish_string_of_the_spec(spool: Spool, text: str) -> None:
    assert detalle(spool) == text
    assert detalle_at(spool, at(10)) == text


@pytest.mark.parametrize(
    ("spool", "text"),
    [
        pytest.param(
            held(fresh(), ARMADOR, ARM),
            "Disponible - ARM pausado, SOLD pendiente",
            id="arm",
        ),
        pytest.param(
            held(arm_done(), AYUDANTE, SOLD),
            "Disponible - ARM completado, SOLD pausado",
            id="sold",
        ),
        pytest.param(
            held(rejected(1), SIN_ROL, REP), "REPARACION_PAUSADA (Ciclo 1/3)", id="reparacion"
        ),
    ],
)
def test_estado_detalle_never_shows_an_expired_lease_as_occupied(spool: Spool, text: str) -> None:
    assert detalle_at(spool, at(TTL / 60 + 1)) == text


def test_rejected_and_blocked_strings_keep_the_substrings_clients_match() -> None:
    assert "RECHAZADO" in detalle(rejected(2))
    assert "BLOQUEADO" in detalle(blocked())


@pytest.mark.parametrize(
    ("resultado", "text"),
    [
        pytest.param(
            Resultado.APROBADO,
            "Disponible - ARM completado, SOLD completado, METROLOGIA APROBADO ✓",
            id="aprobado",
        ),
        pytest.param(
            Resultado.RECHAZADO,
            "Disponible - ARM completado, SOLD completado, RECHAZADO (Ciclo 1/3) - "
            "Pendiente reparación",
            id="rechazado",
        ),
    ],
)
def test_inspection_event_records_estado_detalle_after_the_change(
    resultado: Resultado, text: str
) -> None:
    change = inspection.inspeccionar(welded(), METROLOGO, resultado, at(1), FECHA)

    assert change.events[0].metadata["estado_detalle"] == text


def test_third_rejection_event_records_bloqueado_detalle() -> None:
    change = inspection.inspeccionar(repaired(2), METROLOGO, Resultado.RECHAZADO, at(1), FECHA)

    assert change.events[0].metadata["estado_detalle"] == "BLOQUEADO - Contactar supervisor"


def test_tomar_event_records_occupied_detalle_with_server_side_nombre_completo() -> None:
    change = occupation.tomar(fresh(), ARMADOR, ARM, at(1), TTL)

    assert change.events[0].metadata["estado_detalle"] == (
        "AA(1) trabajando ARM (ARM en progreso, SOLD pendiente)"
    )


@pytest.mark.parametrize(
    ("worker_id", "nombre", "apellido", "expected"),
    [
        pytest.param(93, "Mauricio", "Rodriguez", "MR(93)", id="spec_example"),
        pytest.param(94, "Juan", "Perez", "JP(94)", id="demo_worker"),
        pytest.param(7, "María José", "de la Fuente", "MD(7)", id="multi_word_uses_first_words"),
        pytest.param(8, "juan pablo", "soto vera", "JS(8)", id="lower_case_is_upper_cased"),
        pytest.param(9, "  Ana  María ", " Álvarez", "AÁ(9)", id="surrounding_spaces_ignored"),
        pytest.param(1234, "Luis", "Ñuñez", "LÑ(1234)", id="accented_initial_and_long_id"),
    ],
)
def test_nombre_completo_is_initials_of_first_words_and_id(
    worker_id: int, nombre: str, apellido: str, expected: str
) -> None:
    assert nombre_completo(worker_id, nombre, apellido) == expected
    assert Worker(worker_id, nombre, apellido, (Rol.ARMADOR,)).nombre_completo == expected
