"""Per-union progress (zeues.domain.unions, union_actions): partial PAUSAR, the COMPLETAR gate
naming the missing unions, SOLD needing each union's ARM, METROLOGIA needing every weld, PD sums,
and a spool without unions behaving exactly as before. Table-driven: one row per case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pytest

from tests.unit import builders as b
from zeues.domain import errors, occupation
from zeues.domain import union_actions as ua
from zeues.domain import unions as u
from zeues.domain.model import EstadoOp, Operacion, Resultado, Worker

ARM, SOLD = Operacion.ARM, Operacion.SOLD
DONE = u.UnionWork(94, "JP(94)", b.at(-60), b.at(-30))

# TEST-01's unions: 1-5 BW/SO/BR/FILL/LET need SOLD, 6 and 7 (MIT, XX) are ARM-only.
# DN 2, 3, 1.5, 0.5, 4, 6, 1 → 18 inches in all, 11 of them in SOLD-required unions.
KINDS = [("BW", 20), ("SO", 30), ("BR", 15), ("FILL", 5), ("LET", 40), ("MIT", 60), ("XX", 10)]


def unions(armed: Sequence[int] = (), welded: Sequence[int] = ()) -> list[u.Union]:
    return [
        u.Union(
            b.TAG,
            n,
            dn,
            tipo,
            arm=DONE if n in armed else None,
            sold=DONE if n in welded else None,
        )
        for n, (tipo, dn) in enumerate(KINDS, start=1)
    ]


ARM_HELD = b.fresh(arm=EstadoOp.EN_PROGRESO, holder=b.occupation(b.MAURICIO, ARM))
SOLD_HELD = b.fresh(
    arm=EstadoOp.COMPLETADO, sold=EstadoOp.EN_PROGRESO, holder=b.occupation(b.MAURICIO, SOLD)
)
SOLD_HELD_ARM_PAUSED = SOLD_HELD.evolve(arm=EstadoOp.PAUSADO)
ALL = range(1, 8)
WELDABLE = range(1, 6)


@dataclass(frozen=True)
class Row:
    id: str
    completing: bool
    spool: object
    operacion: Operacion
    rows: list[u.Union]
    seleccion: list[int] | None
    recorded: list[int] | None = None  # the unions recorded; None: refused
    error: type[errors.DomainError] | None = None
    names: tuple[str, ...] = ()  # text the refusal must contain


ROWS = [
    # PAUSAR: partial progress, or none
    Row("pausar 3 of 7", False, ARM_HELD, ARM, unions(), [1, 2, 3], [1, 2, 3]),
    Row("pausar without selection records none", False, ARM_HELD, ARM, unions(), None, []),
    Row("pausar with an empty selection records none", False, ARM_HELD, ARM, unions(), [], []),
    Row("pausar the rest after another worker", False, ARM_HELD, ARM, unions([1, 2]), [3], [3]),
    Row(
        "a union done by someone else is named",
        False,
        ARM_HELD,
        ARM,
        unions([1, 2]),
        [2, 3],
        None,
        errors.UnionYaRegistrada,
        ("unión 2", "JP(94)"),
    ),
    Row(
        "a union the spool lacks",
        False,
        ARM_HELD,
        ARM,
        unions(),
        [8],
        None,
        errors.UnionNoValida,
        ("unión 8", "tiene 7"),
    ),
    # COMPLETAR: only when every required union is done after the selection
    Row(
        "completar with all open ticked",
        True,
        ARM_HELD,
        ARM,
        unions([1, 2]),
        [3, 4, 5, 6, 7],
        [3, 4, 5, 6, 7],
    ),
    Row(
        "completar names the missing unions",
        True,
        ARM_HELD,
        ARM,
        unions(),
        [1, 2, 3],
        None,
        errors.DependenciasNoSatisfechas,
        ("faltan las uniones 4, 5, 6 y 7", "PAUSAR"),
    ),
    Row(
        "completar names one missing union",
        True,
        ARM_HELD,
        ARM,
        unions(),
        [1, 2, 3, 4, 5, 6],
        None,
        errors.DependenciasNoSatisfechas,
        ("falta la unión 7",),
    ),
    Row(
        "v3.0 completar finishes the rest",
        True,
        ARM_HELD,
        ARM,
        unions([1]),
        None,
        [2, 3, 4, 5, 6, 7],
    ),
    Row("completar when all were done before", True, ARM_HELD, ARM, unions(ALL), [], []),
    # SOLD: only weldable unions, each after its ARM
    Row("sold of weldable unions", False, SOLD_HELD, SOLD, unions(ALL), [1, 5], [1, 5]),
    Row(
        "sold of an ARM-only union",
        False,
        SOLD_HELD,
        SOLD,
        unions(ALL),
        [6],
        None,
        errors.UnionNoValida,
        ("6 (MIT)", "no lleva soldadura"),
    ),
    Row(
        "sold needs the union's ARM",
        False,
        SOLD_HELD_ARM_PAUSED,
        SOLD,
        unions([1, 2]),
        [2, 3],
        None,
        errors.DependenciasNoSatisfechas,
        ("unión 3", "ARM"),
    ),
    Row(
        "v3.0 sold completar needs only weldable unions",
        True,
        SOLD_HELD,
        SOLD,
        unions(ALL),
        None,
        [1, 2, 3, 4, 5],
    ),
    Row(
        "v3.0 sold completar refused while unions lack ARM",
        True,
        SOLD_HELD_ARM_PAUSED,
        SOLD,
        unions([1, 2, 3]),
        None,
        None,
        errors.DependenciasNoSatisfechas,
        ("4 y 5", "ARM"),
    ),
    Row(
        "sold completar names missing welds only",
        True,
        SOLD_HELD,
        SOLD,
        unions(ALL, [1]),
        [2, 3],
        None,
        errors.DependenciasNoSatisfechas,
        ("faltan las uniones 4 y 5",),
    ),
    # A spool without unions: exactly as before
    Row("no unions: pausar", False, ARM_HELD, ARM, [], None, []),
    Row("no unions: v3.0 completar", True, ARM_HELD, ARM, [], None, []),
    Row(
        "no unions: a selection is refused",
        True,
        ARM_HELD,
        ARM,
        [],
        [1],
        None,
        errors.UnionNoValida,
        ("no tiene uniones",),
    ),
]


def _decide(row: Row) -> tuple[object, u.UnionChange]:
    given = ua.Unions(row.rows, row.seleccion)
    spool = row.spool
    if row.completing:
        return ua.completar(spool, b.MAURICIO, row.operacion, b.at(30), b.FECHA, given)  # type: ignore[arg-type]
    return ua.pausar(spool, b.MAURICIO, row.operacion, b.at(30), given)  # type: ignore[arg-type]


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_union_rules(row: Row) -> None:
    if row.error is not None:
        with pytest.raises(row.error) as refused:
            _decide(row)
        for text in row.names:
            assert text in refused.value.message, refused.value.message
        return
    change, recorded = _decide(row)
    assert [r.n_union for r in recorded.recorded] == row.recorded
    for r in recorded.recorded:
        assert r.operacion is row.operacion
        # in this worker's name, from the start of their hold to now
        assert r.work == u.UnionWork(93, "MR(93)", b.T0, b.at(30))
    event = change.events[-1]  # type: ignore[attr-defined]
    if row.rows:
        assert event.metadata["uniones"] == row.recorded
        assert event.metadata["pd"] == recorded.pd
    else:
        assert "uniones" not in event.metadata and "pd" not in event.metadata


def test_no_unions_is_exactly_the_old_decision() -> None:
    for completing in (False, True):
        row = Row("", completing, ARM_HELD, ARM, [], None)
        change, _ = _decide(row)
        old = (
            occupation.completar(ARM_HELD, b.MAURICIO, ARM, b.at(30), b.FECHA)
            if completing
            else occupation.pausar(ARM_HELD, b.MAURICIO, ARM, b.at(30))
        )
        assert change == old


def test_spool_refusals_come_before_union_refusals() -> None:
    """Someone else's PAUSAR with a bad selection is told it is not theirs (403), not 'union'."""
    with pytest.raises(errors.NoAutorizado):
        ua.pausar(ARM_HELD, b.JUAN, ARM, b.at(1), ua.Unions(unions(), [99]))


def test_pd_of_the_recorded_unions() -> None:
    _, recorded = _decide(Row("", False, ARM_HELD, ARM, unions(), [1, 3, 4]))
    assert recorded.pd == 4.0  # 2 + 1.5 + 0.5
    change, _ = _decide(Row("", False, ARM_HELD, ARM, unions(), [1, 3, 4]))
    assert "uniones 1, 3, 4: 4 PD" in change.message  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("welded", "missing"),
    [
        (WELDABLE, None),
        ([1, 2, 3, 4], "falta la unión 5"),
        ([], "faltan las uniones 1, 2, 3, 4 y 5"),
    ],
)
def test_metrologia_needs_every_weld(welded: Sequence[int], missing: str | None) -> None:
    spool = b.fresh(arm=EstadoOp.COMPLETADO, sold=EstadoOp.COMPLETADO)
    given = ua.Unions(unions(ALL, welded))
    if missing is None:
        change = ua.inspeccionar(spool, b.MAURICIO, Resultado.APROBADO, b.at(1), b.FECHA, given)
        assert change.after.metrologia.value == "APROBADO"
        return
    with pytest.raises(errors.DependenciasNoSatisfechas, match=missing):
        ua.inspeccionar(spool, b.MAURICIO, Resultado.APROBADO, b.at(1), b.FECHA, given)


def test_resumen_is_derived_from_the_rows() -> None:
    found = u.resumen(unions([1, 2, 6], [1]), u.DEFAULT_TIPOS_SOLD)
    assert found == u.Resumen(
        total=7, arm_hechas=3, sold_requeridas=5, sold_hechas=1, pd_arm=11.0, pd_sold=2.0
    )
    assert found.texto() == "ARM 3/7 · SOLD 1/5 · 13 PD"


def test_which_types_need_sold_is_configuration() -> None:
    only_bw = frozenset({"BW"})
    assert [x.n_union for x in u.open_for(unions(ALL), SOLD, only_bw)] == [1]
    assert u.resumen(unions(), only_bw).sold_requeridas == 1
    # lower case or padded types from a sheet still match
    assert replace(unions()[0], tipo_union=" bw ").requiere_sold(u.DEFAULT_TIPOS_SOLD)


@pytest.mark.parametrize(
    ("given", "decimas"), [("2", 20), (0.5, 5), ("12,5", 125), ('24"', 240), (1.0, 10)]
)
def test_parse_dn(given: object, decimas: int) -> None:
    assert u.parse_dn(given) == decimas  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("0", "fuera de rango"),
        ("25", "fuera de rango"),
        ("1.25", "un decimal"),
        ("dos", "no es un número"),
        ("-2", "fuera de rango"),
    ],
)
def test_parse_dn_refuses(given: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        u.parse_dn(given)


def test_lapsed_own_hold_still_records_from_its_start() -> None:
    """A worker whose hold lapsed with nobody moving the spool on may still PAUSAR (CONTRACT
    §1.2): the unions are theirs, started when the hold started."""
    late = b.at(b.TTL / 60 + 5)
    _, recorded = ua.pausar(ARM_HELD, b.MAURICIO, ARM, late, ua.Unions(unions(), [1]))
    assert recorded.recorded[0].work.fecha_inicio == b.T0


def test_worker_name_is_the_servers() -> None:
    ana = Worker(1, "Ana", "Araya", b.ARMADOR.roles)
    spool = b.fresh(arm=EstadoOp.EN_PROGRESO, holder=b.occupation(ana, ARM))
    _, recorded = ua.pausar(spool, ana, ARM, b.at(1), ua.Unions(unions(), [7]))
    assert recorded.recorded[0].work.worker == "AA(1)"
