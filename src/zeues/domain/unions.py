"""Unions (welds) of a spool and the rules of per-union progress (CONTRACT §2.9).

A union is the unit of work and of pay: ARM (fit-up) of every union, SOLD (welding) of the
unions whose type needs it. Production is counted in pulgadas-diámetro (PD), the sum of the
diameters of the unions finished. Diameters are kept in tenths of an inch so sums are exact.

These rules run after the spool's own rules (occupation.py, inspection.py): a union refusal
never hides a refusal of the spool. A spool without unions is untouched by every rule here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from zeues.domain import errors
from zeues.domain.model import Operacion, Worker

# Which types need welding: configuration (ZEUES_TIPOS_SOLD); MIT and others are ARM-only.
DEFAULT_TIPOS_SOLD: frozenset[str] = frozenset({"BW", "BR", "SO", "FILL", "LET"})
UNION_OPS = (Operacion.ARM, Operacion.SOLD)
MAX_UNIONS = 20


@dataclass(frozen=True)
class UnionWork:
    """One operation done on one union: who finished it and when."""

    worker_id: int | None  # None: an imported name that names no known worker
    worker: str | None  # `MR(93)`
    fecha_inicio: datetime | None
    fecha_fin: datetime


@dataclass(frozen=True)
class Union:
    tag_spool: str
    n_union: int
    dn_decimas: int  # the diameter in tenths of an inch
    tipo_union: str
    arm: UnionWork | None = None
    sold: UnionWork | None = None
    ndt_union: str | None = None
    r_ndt_union: str | None = None
    ndt_fecha: date | None = None
    ndt_status: str | None = None
    id_externo: str | None = None  # the sheet's ID column, kept to be exported back

    @property
    def dn_union(self) -> float:
        return pd(self.dn_decimas)

    def requiere_sold(self, tipos_sold: frozenset[str]) -> bool:
        return self.tipo_union.strip().upper() in tipos_sold

    def work(self, operacion: Operacion) -> UnionWork | None:
        return self.arm if operacion is Operacion.ARM else self.sold


def pd(decimas: int) -> float:
    """Tenths of an inch as inches, one decimal."""
    return round(decimas / 10, 1)


def parse_dn(value: float | int | str) -> int:
    """A diameter in inches (> 0, at most 24, one decimal; a comma is a decimal point) as tenths.
    Raises ValueError with a reason in Spanish."""
    text = str(value).strip().replace(",", ".").replace('"', "")
    try:
        number = float(text)
    except ValueError as exc:
        raise ValueError(f"DN «{value}» no es un número de pulgadas") from exc
    decimas = round(number * 10)
    if abs(number * 10 - decimas) > 1e-6:
        raise ValueError(f"DN {text} tiene más de un decimal")
    if not 0 < decimas <= 240:
        raise ValueError(f"DN {text} fuera de rango (mayor que 0 y hasta 24 pulgadas)")
    return decimas


@dataclass(frozen=True)
class Resumen:
    total: int
    arm_hechas: int
    sold_requeridas: int
    sold_hechas: int
    pd_arm: float
    pd_sold: float

    def texto(self) -> str:
        """`ARM 3/7 · SOLD 0/6 · 12.5 PD` (PD finished, ARM and SOLD together)."""
        total_pd = pd(round((self.pd_arm + self.pd_sold) * 10))
        return (
            f"ARM {self.arm_hechas}/{self.total} · SOLD {self.sold_hechas}/{self.sold_requeridas}"
            f" · {total_pd:g} PD"
        )


def resumen(unions: Sequence[Union], tipos_sold: frozenset[str]) -> Resumen:
    """Derived from the union rows every time: never a stored counter."""
    armed = [u for u in unions if u.arm is not None]
    needing = [u for u in unions if u.requiere_sold(tipos_sold)]
    welded = [u for u in unions if u.sold is not None]
    return Resumen(
        total=len(unions),
        arm_hechas=len(armed),
        sold_requeridas=len(needing),
        sold_hechas=len([u for u in needing if u.sold is not None]),
        pd_arm=pd(sum(u.dn_decimas for u in armed)),
        pd_sold=pd(sum(u.dn_decimas for u in welded)),
    )


def required(
    unions: Iterable[Union], operacion: Operacion, tipos_sold: frozenset[str]
) -> list[Union]:
    """The unions `operacion` must do on its spool: all for ARM, those needing it for SOLD."""
    if operacion is Operacion.ARM:
        return list(unions)
    if operacion is Operacion.SOLD:
        return [u for u in unions if u.requiere_sold(tipos_sold)]
    return []


def open_for(
    unions: Iterable[Union], operacion: Operacion, tipos_sold: frozenset[str]
) -> list[Union]:
    """The unions still to do for `operacion` (what the tablet offers to tick)."""
    return [u for u in required(unions, operacion, tipos_sold) if u.work(operacion) is None]


@dataclass(frozen=True)
class Recorded:
    """One union finished by this action."""

    n_union: int
    operacion: Operacion
    dn_decimas: int
    work: UnionWork


@dataclass(frozen=True)
class UnionChange:
    """What an action records on the spool's unions; empty for a spool without unions."""

    has_unions: bool
    recorded: tuple[Recorded, ...] = ()

    @property
    def pd(self) -> float:
        return pd(sum(r.dn_decimas for r in self.recorded))

    def metadata(self) -> dict[str, Any]:
        """Added to the action's audit event: the unions finished and their PD."""
        if not self.has_unions:
            return {}
        return {"uniones": [r.n_union for r in self.recorded], "pd": self.pd}

    def message(self) -> str:
        if not self.recorded:
            return ""
        numbers = ", ".join(str(r.n_union) for r in self.recorded)
        word = "unión" if len(self.recorded) == 1 else "uniones"
        return f" ({word} {numbers}: {self.pd:g} PD)"


NONE = UnionChange(False)


def _names(numbers: Iterable[int]) -> str:
    items = [str(n) for n in sorted(numbers)]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} y {items[-1]}"


def _plural(numbers: Sequence[int]) -> str:
    return "la unión" if len(numbers) == 1 else "las uniones"


def _check_selection(
    tag: str,
    by_number: dict[int, Union],
    seleccion: Sequence[int],
    operacion: Operacion,
    tipos_sold: frozenset[str],
) -> None:
    unknown = sorted(set(seleccion) - by_number.keys())
    if unknown:
        raise errors.UnionNoValida(
            f"El spool {tag} no tiene {_plural(unknown)} {_names(unknown)} "
            f"(tiene {len(by_number)}).",
            {"tag_spool": tag, "uniones": unknown},
        )
    if operacion is Operacion.SOLD:
        no_weld = [n for n in seleccion if not by_number[n].requiere_sold(tipos_sold)]
        if no_weld:
            tipos = ", ".join(f"{n} ({by_number[n].tipo_union})" for n in sorted(no_weld))
            raise errors.UnionNoValida(
                f"En el spool {tag} {_plural(no_weld)} {tipos} no lleva soldadura: "
                "solo se registra en ARM.",
                {"tag_spool": tag, "uniones": sorted(no_weld)},
            )
    done = [n for n in seleccion if by_number[n].work(operacion) is not None]
    if done:
        who = ", ".join(
            f"{n} por {by_number[n].work(operacion).worker or 'otro'}"  # type: ignore[union-attr]
            for n in sorted(done)
        )
        raise errors.UnionYaRegistrada(
            f"En el spool {tag} {_plural(done)} {_names(done)} ya tiene {operacion} registrado "
            f"({who}). Desmarque {'esa unión' if len(done) == 1 else 'esas uniones'}.",
            {"tag_spool": tag, "operacion": operacion.value, "uniones": sorted(done)},
        )


def _check_armed(tag: str, chosen: Sequence[Union]) -> None:
    """Per union, SOLD needs its ARM."""
    unarmed = [u.n_union for u in chosen if u.arm is None]
    if unarmed:
        raise errors.DependenciasNoSatisfechas(
            f"En el spool {tag} {_plural(unarmed)} {_names(unarmed)} aún no tiene ARM: "
            "no se puede registrar su soldadura.",
            {"faltante": "ARM", "uniones": unarmed},
        )


def on_release(
    tag: str,
    unions: Sequence[Union],
    operacion: Operacion,
    completing: bool,
    seleccion: Sequence[int] | None,
    worker: Worker,
    since: datetime | None,
    now: datetime,
    tipos_sold: frozenset[str],
) -> UnionChange:
    """The unions a PAUSAR (`completing` False) or COMPLETAR of `operacion` records.

    `seleccion` None (a v3.0 client): PAUSAR records none, COMPLETAR records every union still
    open, in this worker's name (what completing means physically). COMPLETAR is allowed only
    when every union the operation requires is done after the selection."""
    if operacion not in UNION_OPS or not unions:
        if seleccion:
            where = (
                f"el spool {tag} no tiene uniones registradas"
                if operacion in UNION_OPS
                else f"las uniones se registran solo en ARM o SOLD, no en {operacion}"
            )
            raise errors.UnionNoValida(
                f"No se pueden registrar uniones: {where}.", {"tag_spool": tag}
            )
        return UnionChange(bool(unions) and operacion in UNION_OPS)
    by_number = {u.n_union: u for u in unions}
    open_now = open_for(unions, operacion, tipos_sold)
    if seleccion is None:
        chosen = open_now if completing else []
    else:
        _check_selection(tag, by_number, seleccion, operacion, tipos_sold)
        chosen = [by_number[n] for n in sorted(set(seleccion))]
    if operacion is Operacion.SOLD:
        _check_armed(tag, chosen)
    if completing:
        picked = {u.n_union for u in chosen}
        missing = [u.n_union for u in open_now if u.n_union not in picked]
        if missing:
            raise errors.DependenciasNoSatisfechas(
                f"No se puede completar {operacion} en el spool {tag}: "
                f"{'falta' if len(missing) == 1 else 'faltan'} {_plural(missing)} "
                f"{_names(missing)}. {'Márquela' if len(missing) == 1 else 'Márquelas'} si "
                "las terminó, o use PAUSAR.",
                {"faltante": "uniones", "operacion": operacion.value, "uniones": missing},
            )
    work = UnionWork(worker.id, worker.nombre_completo, since, now)
    return UnionChange(
        True, tuple(Recorded(u.n_union, operacion, u.dn_decimas, work) for u in chosen)
    )


def check_welded(tag: str, unions: Sequence[Union], tipos_sold: frozenset[str]) -> None:
    """METROLOGIA needs every SOLD-required union welded."""
    unwelded = [u.n_union for u in open_for(unions, Operacion.SOLD, tipos_sold)]
    if unwelded:
        raise errors.DependenciasNoSatisfechas(
            f"METROLOGIA requiere todas las uniones soldadas en el spool {tag}; "
            f"{'falta' if len(unwelded) == 1 else 'faltan'} {_plural(unwelded)} "
            f"{_names(unwelded)}.",
            {"faltante": "uniones", "operacion": "SOLD", "uniones": unwelded},
        )


def rejection(
    tag: str, unions: Sequence[Union], seleccion: Sequence[int] | None, defecto: str | None
) -> dict[str, Any]:
    """What a METROLOGIA RECHAZADO records for the repair crew: the defect and the unions it
    concerns (each must be a union of the spool)."""
    found: dict[str, Any] = {}
    if defecto and defecto.strip():
        found["defecto"] = defecto.strip()
    if seleccion:
        numbers = {u.n_union for u in unions}
        unknown = sorted(set(seleccion) - numbers)
        if unknown:
            where = (
                f"no tiene {_plural(unknown)} {_names(unknown)}"
                if numbers
                else ("no tiene uniones registradas")
            )
            raise errors.UnionNoValida(
                f"El spool {tag} {where}: revise las uniones rechazadas.",
                {"tag_spool": tag, "uniones": unknown},
            )
        found["uniones"] = sorted(set(seleccion))
    return found


def already_taken(tag: str, operacion: Operacion, numbers: Sequence[int]) -> errors.DomainError:
    """The refusal when a union was recorded by someone else between the read and the write
    (the store's conditional write found it done): nothing is counted twice."""
    return errors.UnionYaRegistrada(
        f"En el spool {tag} {_plural(numbers)} {_names(numbers)} acaba de quedar registrada por "
        "otro trabajador. Revise las uniones e intente de nuevo.",
        {"tag_spool": tag, "operacion": operacion.value, "uniones": sorted(numbers)},
    )
