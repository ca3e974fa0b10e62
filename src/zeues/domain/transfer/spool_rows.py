"""One row of an Operaciones sheet → the spool it describes, and what importing it would
change. Pure: the use case gives it the stored spool (if any) and the time.

State is derived from the dates and names present (materials → ARM done → SOLD done →
inspection). A blank cell never erases a stored value, so a file with some columns updates
only those, and re-importing a file changes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from zeues.domain.model import (
    EstadoMetrologia,
    EstadoOp,
    Occupation,
    Operacion,
    Spool,
    Worker,
)
from zeues.domain.tags import clean_tag, tag_problem
from zeues.domain.transfer.dates import FechaInvalida, check_range, parse_fecha
from zeues.domain.transfer.limits import MAX_EXTRA_CHARS, shown, thousands
from zeues.domain.transfer.note_cells import CellNote, read_cell

TEXT_FIELDS = ("nv", "ot", "proyecto", "armador", "soldador")
# The column sizes of the spools table.
MAX_LENGTH = {"nv": 50, "ot": 50, "proyecto": 100, "armador": 100, "soldador": 100}
DATE_FIELDS = ("fecha_materiales", "fecha_armado", "fecha_soldadura", "fecha_qc_metrologia")
# Read but never stored as such: derived (estado_detalle) or live (occupation, opt-in).
DERIVED_FIELDS = ("estado_detalle", "total_uniones", "pulgadas_arm", "pulgadas_sold")
OCCUPATION_FIELDS = ("ocupado_por", "fecha_ocupacion")
_WORKER_ID = re.compile(r"\((\d+)\)\s*$")
# Invisible control characters: never typed on purpose, and no xlsx can hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_REASON = "tiene caracteres de control invisibles: bórrelos y vuelva a importar"
_RANK = {EstadoOp.PENDIENTE: 0, EstadoOp.PAUSADO: 1, EstadoOp.EN_PROGRESO: 1}


@dataclass(frozen=True)
class RowError:
    """A problem of one cell; the value and column as echoed, cut to a sane length (a 64 KB
    cell is not repeated in every report)."""

    column: str
    value: str
    reason: str
    # The same problem on many rows (a repeated tag): error files and listings show it once.
    once: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column", shown(self.column, 80))
        object.__setattr__(self, "value", shown(self.value))


@dataclass
class SpoolRow:
    row: int
    tag: str
    values: dict[str, Any] = field(default_factory=dict)  # canonical → str | date
    extra: dict[str, str] = field(default_factory=dict)
    occupation: tuple[str, str] | None = None  # (Ocupado_Por, Fecha_Ocupacion) raw text
    notas: list[CellNote] = field(default_factory=list)  # the Notas cell, one a line
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class Decision:
    after: Spool
    extra: dict[str, str]
    changed: list[str]  # canonical fields and extra headers that change
    errors: list[RowError]
    new: bool


def cell_text(raw: object) -> str:
    """A cell as text: whole floats lose `.0`, dates become ISO, blanks become ''."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "SI" if raw else "NO"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw).strip()


def _dmy(day: date | None) -> str:
    """A date as the report shows it (DD-MM-YYYY, the shop's way)."""
    return f"{day:%d-%m-%Y}" if day else ""


def _shown(raw: object) -> str:
    """A cell as the report shows it: a date cell as DD-MM-YYYY, anything else as written."""
    if isinstance(raw, datetime) and raw.time() == datetime.min.time():
        return _dmy(raw.date())
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return _dmy(raw)
    return cell_text(raw)


def read_row(
    row: int,
    cells: Mapping[str, object],
    extra: Mapping[str, object],
    labels: Mapping[str, str],
    today: date,
    ambiguous: Mapping[str, int],
) -> SpoolRow:
    """Parses one row; `ambiguous` maps a date field to a row whose value reads only
    month-first (the whole column is then refused)."""
    written = cell_text(cells.get("tag_spool"))
    parsed = SpoolRow(row=row, tag=clean_tag(written))
    if (problem := tag_problem(parsed.tag)) is not None:
        label = labels.get("tag_spool", "TAG_SPOOL")
        parsed.errors.append(RowError(label, shown(written), problem))
    for name in TEXT_FIELDS:
        text = cell_text(cells.get(name))
        if len(text) > MAX_LENGTH[name]:
            reason = f"más de {MAX_LENGTH[name]} caracteres"
            parsed.errors.append(RowError(labels.get(name, name), shown(text), reason))
        elif _CONTROL.search(text):
            parsed.errors.append(RowError(labels.get(name, name), shown(text), CONTROL_REASON))
        elif text:
            parsed.values[name] = text
    for name in DATE_FIELDS:
        raw = cells.get(name)
        _read_date(parsed, name, raw, labels.get(name, name), today, ambiguous)
    occupant = cell_text(cells.get("ocupado_por"))
    if occupant:
        parsed.occupation = (occupant, cell_text(cells.get("fecha_ocupacion")))
    _read_notes(parsed, cell_text(cells.get("notas")), labels.get("notas", "Notas"))
    for header, raw in extra.items():
        text = cell_text(raw)
        if len(text) > MAX_EXTRA_CHARS:
            reason = f"más de {thousands(MAX_EXTRA_CHARS)} caracteres"
            parsed.errors.append(RowError(header, shown(text), reason))
        elif _CONTROL.search(text):
            parsed.errors.append(RowError(header, shown(text), CONTROL_REASON))
        elif text:
            parsed.extra[header] = text
    return parsed


def _read_notes(parsed: SpoolRow, text: str, label: str) -> None:
    if _CONTROL.search(text):
        parsed.errors.append(RowError(label, shown(text), CONTROL_REASON))
        return
    parsed.notas, problems = read_cell(text)
    parsed.errors.extend(RowError(label, line, reason) for line, reason in problems)


def _read_date(
    parsed: SpoolRow,
    name: str,
    raw: object,
    label: str,
    today: date,
    ambiguous: Mapping[str, int],
) -> None:
    try:
        fecha = parse_fecha(raw)
    except FechaInvalida as exc:
        parsed.errors.append(RowError(label, _shown(raw), str(exc)))
        return
    if fecha is None:
        return
    if name in ambiguous and (fecha.month_first or fecha.order_matters):
        mixed = (
            f"la columna mezcla día/mes y mes/día (la fila {ambiguous[name]} solo se lee "
            "como mes/día); no se adivina: use DD-MM-AAAA o AAAA-MM-DD en toda la columna"
        )
        parsed.errors.append(RowError(label, _shown(raw), mixed))
        return
    if reason := check_range(fecha.value, today):
        parsed.errors.append(RowError(label, _shown(raw), reason))
        return
    parsed.values[name] = fecha.value


def decide(
    parsed: SpoolRow,
    existing: Spool | None,
    existing_extra: Mapping[str, str],
    labels: Mapping[str, str],
    now: datetime,
    occupation: Callable[[str], Worker | None] | None = None,
    lease_ttl_seconds: int = 0,
) -> Decision:
    """What importing the row does to the stored spool. `occupation` (opt-in) looks up the
    worker named in Ocupado_Por, whose lease is then imported as live."""
    base = existing or Spool(tag_spool=parsed.tag)
    merged = base.evolve(**parsed.values)
    errors = list(parsed.errors)
    after = _derive(merged, errors, labels)
    if occupation is not None and parsed.occupation and not errors:
        after = _occupy(
            after, parsed.occupation, occupation, now, lease_ttl_seconds, errors, labels
        )
    extra = {**existing_extra, **parsed.extra}
    changed = _changes(existing, after, existing_extra, extra)
    live = existing is not None and existing.holder is not None and not existing.holder.expired(now)
    if live and changed and existing is not None and existing.holder is not None:
        errors.append(
            RowError(
                labels.get("tag_spool", "TAG_SPOOL"),
                parsed.tag,
                f"el spool está tomado ahora por {existing.holder.worker_nombre}; "
                "impórtelo cuando lo libere",
            )
        )
    if changed and existing is not None:
        after = after.evolve(version=existing.version + 1)
    return Decision(after, extra, changed, errors, new=existing is None)


def _derive(spool: Spool, errors: list[RowError], labels: Mapping[str, str]) -> Spool:
    def label(name: str) -> str:
        return labels.get(name, name)

    arm = (
        EstadoOp.COMPLETADO
        if spool.fecha_armado
        else (EstadoOp.PAUSADO if spool.armador else EstadoOp.PENDIENTE)
    )
    sold = (
        EstadoOp.COMPLETADO
        if spool.fecha_soldadura
        else (EstadoOp.PAUSADO if spool.soldador else EstadoOp.PENDIENTE)
    )
    # Never step back from what the floor already recorded (a paused ARM stays paused).
    arm = _forward(spool.arm, arm)
    sold = _forward(spool.sold, sold)
    if arm is not EstadoOp.PENDIENTE and spool.fecha_materiales is None:
        errors.append(RowError(label("fecha_materiales"), "", "hay armado sin Fecha_Materiales"))
    if sold is EstadoOp.COMPLETADO and arm is not EstadoOp.COMPLETADO:
        errors.append(
            RowError(
                label("fecha_soldadura"),
                _dmy(spool.fecha_soldadura),
                "hay Fecha_Soldadura sin Fecha_Armado",
            )
        )
    elif sold is not EstadoOp.PENDIENTE and arm is EstadoOp.PENDIENTE:
        errors.append(RowError(label("soldador"), spool.soldador or "", "hay soldador sin armado"))
    _order(
        spool.fecha_materiales,
        spool.fecha_armado,
        "fecha_armado",
        "Fecha_Materiales",
        errors,
        label,
    )
    _order(
        spool.fecha_armado, spool.fecha_soldadura, "fecha_soldadura", "Fecha_Armado", errors, label
    )
    _order(
        spool.fecha_soldadura,
        spool.fecha_qc_metrologia,
        "fecha_qc_metrologia",
        "Fecha_Soldadura",
        errors,
        label,
    )
    metrologia = spool.metrologia
    reparacion, ciclo = spool.reparacion, spool.ciclo
    if spool.fecha_qc_metrologia and metrologia is not EstadoMetrologia.APROBADO:
        if sold is not EstadoOp.COMPLETADO:
            errors.append(
                RowError(
                    label("fecha_qc_metrologia"),
                    _dmy(spool.fecha_qc_metrologia),
                    "hay inspección sin Fecha_Soldadura",
                )
            )
        metrologia, reparacion, ciclo = EstadoMetrologia.APROBADO, None, 0
    return spool.evolve(
        arm=arm, sold=sold, metrologia=metrologia, reparacion=reparacion, ciclo=ciclo
    )


def _forward(stored: EstadoOp, derived: EstadoOp) -> EstadoOp:
    if stored is EstadoOp.COMPLETADO or derived is EstadoOp.COMPLETADO:
        return EstadoOp.COMPLETADO
    return stored if _RANK[stored] >= _RANK[derived] else derived


def _order(
    before: date | None,
    after: date | None,
    name: str,
    before_label: str,
    errors: list[RowError],
    label: Callable[[str], str],
) -> None:
    if before and after and after < before:
        errors.append(RowError(label(name), _dmy(after), f"es anterior a {before_label}"))


def _occupy(
    spool: Spool,
    raw: tuple[str, str],
    lookup: Callable[[str], Worker | None],
    now: datetime,
    ttl: int,
    errors: list[RowError],
    labels: Mapping[str, str],
) -> Spool:
    label = labels.get("ocupado_por", "Ocupado_Por")
    match = _WORKER_ID.search(raw[0])
    worker = lookup(match[1]) if match else None
    if worker is None or not worker.activo:
        errors.append(RowError(label, raw[0], "no es un trabajador activo (use el formato MR(93))"))
        return spool
    if spool.holder is not None and spool.holder.worker_id == worker.id:
        return spool
    if spool.arm is not EstadoOp.COMPLETADO:
        op, changes = Operacion.ARM, {"arm": EstadoOp.EN_PROGRESO}
        changes_name = {"armador": spool.armador or worker.nombre_completo}
    elif spool.sold is not EstadoOp.COMPLETADO:
        op, changes = Operacion.SOLD, {"sold": EstadoOp.EN_PROGRESO}
        changes_name = {"soldador": spool.soldador or worker.nombre_completo}
    else:
        errors.append(RowError(label, raw[0], "ARM y SOLD ya están completos: nada que ocupar"))
        return spool
    holder = Occupation(
        worker.id,
        worker.nombre_completo,
        op,
        now,
        now + timedelta(seconds=ttl) if ttl else None,
    )
    return spool.evolve(holder=holder, **changes, **changes_name)


def after_fields(spool: Spool) -> list[str]:
    return [name for name in (*TEXT_FIELDS, *DATE_FIELDS) if getattr(spool, name) is not None]


_COMPARED = (*TEXT_FIELDS, *DATE_FIELDS, "arm", "sold", "metrologia", "holder")


def _changes(
    existing: Spool | None,
    after: Spool,
    before_extra: Mapping[str, str],
    extra: Mapping[str, str],
) -> list[str]:
    if existing is None:
        return sorted({*after_fields(after), *extra})
    changed = [name for name in _COMPARED if getattr(existing, name) != getattr(after, name)]
    changed += [key for key, value in extra.items() if before_extra.get(key) != value]
    return changed
