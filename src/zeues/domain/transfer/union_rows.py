"""Rows of the shop's Uniones sheet → unions (CONTRACT §2.9). Pure.

Headers as the shop writes them (`ID, OT, N_UNION, TAG_SPOOL, DN_UNION, TIPO_UNION,
ARM_FECHA_INICIO, ARM_FECHA_FIN, ARM_WORKER, SOL_FECHA_INICIO, SOL_FECHA_FIN, SOL_WORKER,
NDT_UNION, R_NDT_UNION, NDT_FECHA, NDT_STATUS`), matched tolerantly (headers.py). Workers are
written `MR(93)` (the id in brackets counts; a bare `93` too). Times are Excel serial numbers,
datetimes, or `DD-MM-YYYY HH:MM:SS` text, in the shop's timezone. A blank cell keeps the stored
value: an older sheet never erases progress recorded since."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo

from zeues.domain.model import Worker
from zeues.domain.transfer.dates import EXCEL_EPOCH, FechaInvalida, parse_fecha
from zeues.domain.transfer.spool_rows import RowError, cell_text
from zeues.domain.unions import Union, UnionWork, parse_dn

UNION_HEADERS: dict[str, str] = {
    "id_externo": "ID",
    "ot": "OT",
    "n_union": "N_UNION",
    "tag_spool": "TAG_SPOOL",
    "dn_union": "DN_UNION",
    "tipo_union": "TIPO_UNION",
    "arm_fecha_inicio": "ARM_FECHA_INICIO",
    "arm_fecha_fin": "ARM_FECHA_FIN",
    "arm_worker": "ARM_WORKER",
    "sold_fecha_inicio": "SOL_FECHA_INICIO",
    "sold_fecha_fin": "SOL_FECHA_FIN",
    "sold_worker": "SOL_WORKER",
    "ndt_union": "NDT_UNION",
    "r_ndt_union": "R_NDT_UNION",
    "ndt_fecha": "NDT_FECHA",
    "ndt_status": "NDT_STATUS",
}
UNION_ALIASES = {
    "tag": "tag_spool",
    "spool": "tag_spool",
    "n": "n_union",
    "union": "n_union",
    "numero union": "n_union",
    "nro union": "n_union",
    "dn": "dn_union",
    "diametro": "dn_union",
    "tipo": "tipo_union",
    "soldador": "sold_worker",
    "armador": "arm_worker",
}
_WORKER = re.compile(r"^(?:.*\()?\s*(\d+)\s*\)?$")
_DATETIME_TEXT = re.compile(
    r"^(?P<date>[^ T]+)[ T]+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?$"
)
_PREFIXES = (("arm", "ARM"), ("sold", "SOLD"))
MAX_N_UNION = 999
MAX_TEXT = 50


@dataclass
class UnionRow:
    """One sheet row as read: cell values by field, and what is wrong with them."""

    row: int
    tag: str
    n_union: int | None
    dn_decimas: int | None = None
    tipo_union: str = ""
    id_externo: str | None = None
    # per prefix: (worker id or None, worker text, inicio, fin); None when the cells are blank
    work: dict[str, tuple[int | None, str, datetime | None, datetime | None]] = field(
        default_factory=dict
    )
    ndt: dict[str, object] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.tag}#{self.n_union}" if self.n_union is not None else self.tag


def parse_fecha_hora(raw: object, tz: tzinfo) -> datetime | None:
    """A time of the shop: None for a blank cell; raises FechaInvalida with the reason."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=tz)
    if isinstance(raw, date):
        return datetime.combine(raw, time(0), tz)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _serial(float(raw), tz)
    text = str(raw).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _serial(float(text), tz)
    if m := _DATETIME_TEXT.match(text):
        day = parse_fecha(m["date"])
        assert day is not None
        hour, minute, second = int(m["h"]), int(m["m"]), int(m["s"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise FechaInvalida("la hora no existe (use HH:MM:SS)")
        return datetime.combine(day.value, time(hour, minute, second), tz)
    day = parse_fecha(text)
    assert day is not None
    return datetime.combine(day.value, time(0), tz)


def _serial(number: float, tz: tzinfo) -> datetime:
    day = parse_fecha(number)  # checks the range
    assert day is not None
    seconds = round((number - int(number)) * 86400)
    return datetime.combine(EXCEL_EPOCH, time(0), tz) + timedelta(days=int(number), seconds=seconds)


def parse_worker(raw: object) -> tuple[int | None, str]:
    """`MR(93)` → (93, "MR(93)"); `93` → (93, "93"); any other text → (None, text)."""
    text = cell_text(raw)
    m = _WORKER.match(text)
    return (int(m[1]) if m and 0 < int(m[1]) <= 2_147_483_647 else None), text


def _n_union(raw: object) -> int | None:
    text = cell_text(raw)
    return int(text) if text.isdigit() and 1 <= int(text) <= MAX_N_UNION else None


def read_union(
    row: int,
    cells: Mapping[str, object],
    labels: Mapping[str, str],
    now: datetime,
    tz: tzinfo,
) -> UnionRow:
    def label(name: str) -> str:
        return labels.get(name, UNION_HEADERS[name])

    def bad(name: str, reason: str) -> None:
        parsed.errors.append(RowError(label(name), cell_text(cells.get(name))[:120], reason))

    tag = cell_text(cells.get("tag_spool")).strip().upper()
    parsed = UnionRow(row=row, tag=tag, n_union=_n_union(cells.get("n_union")))
    if not tag:
        bad("tag_spool", "falta el TAG del spool")
    if parsed.n_union is None:
        bad("n_union", f"N_UNION debe ser un número entero de 1 a {MAX_N_UNION}")
    try:
        parsed.dn_decimas = parse_dn(cell_text(cells.get("dn_union")))
    except ValueError as exc:
        bad("dn_union", str(exc))
    parsed.tipo_union = cell_text(cells.get("tipo_union")).strip().upper()
    if not parsed.tipo_union:
        bad("tipo_union", "falta el tipo de unión (BW, SO, FILL, BR, LET, MIT…)")
    elif len(parsed.tipo_union) > 20:
        bad("tipo_union", "más de 20 caracteres")
    parsed.id_externo = cell_text(cells.get("id_externo"))[:100] or None
    for prefix, op in _PREFIXES:
        _read_work(parsed, cells, prefix, op, now, tz, bad)
    for name in ("ndt_union", "r_ndt_union", "ndt_status"):
        text = cell_text(cells.get(name))
        if len(text) > MAX_TEXT:
            bad(name, f"más de {MAX_TEXT} caracteres")
        elif text:
            parsed.ndt[name] = text
    try:
        ndt_fecha = parse_fecha(cells.get("ndt_fecha"))
    except FechaInvalida as exc:
        bad("ndt_fecha", str(exc))
    else:
        if ndt_fecha is not None:
            parsed.ndt["ndt_fecha"] = ndt_fecha.value
    return parsed


def _read_work(
    parsed: UnionRow,
    cells: Mapping[str, object],
    prefix: str,
    op: str,
    now: datetime,
    tz: tzinfo,
    bad: Callable[[str, str], None],
) -> None:
    times: dict[str, datetime | None] = {}
    for part in ("inicio", "fin"):
        name = f"{prefix}_fecha_{part}"
        try:
            times[part] = parse_fecha_hora(cells.get(name), tz)
        except FechaInvalida as exc:
            bad(name, str(exc))
            return
        value = times[part]
        if value is not None and value > now:
            bad(name, "la fecha está en el futuro")
            return
        if value is not None and value.year < 2000:
            bad(name, "la fecha es anterior al año 2000")
            return
    worker_id, worker = parse_worker(cells.get(f"{prefix}_worker"))
    inicio, fin = times["inicio"], times["fin"]
    if not worker and fin is None and inicio is None:
        return
    if fin is None:
        bad(f"{prefix}_fecha_fin", f"falta la fecha de fin de {op} (hay trabajador o inicio)")
        return
    if not worker:
        bad(f"{prefix}_worker", f"falta quién hizo {op} (como MR(93))")
        return
    if worker_id is None:
        bad(f"{prefix}_worker", "escriba el trabajador como MR(93): iniciales y número")
        return
    if inicio is not None and inicio > fin:
        bad(f"{prefix}_fecha_inicio", f"el inicio de {op} es posterior a su fin")
        return
    parsed.work[prefix] = (worker_id, worker, inicio, fin)


@dataclass(frozen=True)
class UnionDecision:
    after: Union | None
    new: bool
    changed: tuple[str, ...]
    errors: tuple[RowError, ...]


def decide_union(
    parsed: UnionRow,
    existing: Union | None,
    workers: Mapping[int, Worker],
    tipos_sold: frozenset[str],
    labels: Mapping[str, str],
) -> UnionDecision:
    """The union after this row, and which of its columns changed (by header)."""

    def label(name: str) -> str:
        return labels.get(name, UNION_HEADERS[name])

    errors = list(parsed.errors)
    if errors or parsed.n_union is None or parsed.dn_decimas is None:
        return UnionDecision(None, False, (), tuple(errors))
    after = existing or Union(parsed.tag, parsed.n_union, parsed.dn_decimas, parsed.tipo_union)
    after = replace(
        after,
        dn_decimas=parsed.dn_decimas,
        tipo_union=parsed.tipo_union,
        id_externo=parsed.id_externo or after.id_externo,
        **parsed.ndt,  # type: ignore[arg-type]
    )
    for prefix, _ in _PREFIXES:
        found = parsed.work.get(prefix)
        if found is None:
            continue
        worker_id, text, inicio, fin = found
        assert fin is not None, "read_union keeps only finished work"
        worker = workers.get(worker_id) if worker_id is not None else None
        if worker is None:
            errors.append(
                RowError(
                    label(f"{prefix}_worker"),
                    text,
                    f"el trabajador {worker_id} no existe: importe primero los trabajadores",
                )
            )
            continue
        work = UnionWork(worker.id, worker.nombre_completo, inicio, fin)
        after = replace(after, arm=work) if prefix == "arm" else replace(after, sold=work)
    if after.sold is not None and not after.requiere_sold(tipos_sold):
        errors.append(
            RowError(
                label("sold_worker"), parsed.tipo_union, "ese tipo de unión no lleva soldadura"
            )
        )
    if after.sold is not None and after.arm is None:
        errors.append(RowError(label("sold_fecha_fin"), "", "hay SOLD sin ARM en esta unión"))
    if errors:
        return UnionDecision(None, False, (), tuple(errors))
    if existing is None:
        return UnionDecision(after, True, tuple(label(n) for n in _COMPARED), ())
    changed = tuple(label(name) for name in _COMPARED if _get(existing, name) != _get(after, name))
    return UnionDecision(after if changed else existing, False, changed, ())


_COMPARED = (
    "dn_union",
    "tipo_union",
    "id_externo",
    "arm_worker",
    "arm_fecha_inicio",
    "arm_fecha_fin",
    "sold_worker",
    "sold_fecha_inicio",
    "sold_fecha_fin",
    "ndt_union",
    "r_ndt_union",
    "ndt_fecha",
    "ndt_status",
)


def _get(union: Union, name: str) -> object:
    if name == "dn_union":
        return union.dn_decimas
    prefix, _, rest = name.partition("_")
    if prefix in ("arm", "sold"):
        work = union.arm if prefix == "arm" else union.sold
        if work is None:
            return None
        return {"worker": work.worker_id, "fecha_inicio": work.fecha_inicio}.get(
            rest, work.fecha_fin
        )
    return getattr(union, name)
