"""Rows of the Trabajadores sheet (and the optional Roles sheet: one row per worker and
role) → workers. Pure. A blank cell keeps the stored value."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from zeues.domain.model import Rol, Worker
from zeues.domain.transfer.headers import normalize
from zeues.domain.transfer.spool_rows import RowError, cell_text

_ROLES = {normalize(r.value): r for r in Rol}
_TRUE = {"si", "s", "true", "verdadero", "1", "x", "yes", "activo", "vigente"}
_FALSE = {"no", "n", "false", "falso", "0", "inactivo"}


@dataclass
class WorkerRow:
    row: int
    worker_id: int | None
    nombre: str = ""
    apellido: str = ""
    roles: tuple[Rol, ...] | None = None
    activo: bool | None = None
    errors: list[RowError] = field(default_factory=list)


@dataclass
class RoleChanges:
    """From the Roles sheet: roles to add and to remove, per worker id."""

    add: dict[int, list[Rol]] = field(default_factory=dict)
    remove: dict[int, set[Rol]] = field(default_factory=dict)
    errors: list[tuple[int, RowError]] = field(default_factory=list)


def parse_bool(raw: object) -> bool | None:
    """None for a blank cell; raises ValueError for anything not yes/no."""
    text = normalize(cell_text(raw))
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(text)


def parse_roles(raw: object) -> tuple[list[Rol], list[str]]:
    """Roles from a cell that may list several (`Armador, Soldador`); unknown names apart."""
    roles: list[Rol] = []
    unknown: list[str] = []
    for part in re.split(r"[,;/]", cell_text(raw)):
        if not part.strip():
            continue
        rol = _ROLES.get(normalize(part))
        if rol is None:
            unknown.append(part.strip())
        else:
            roles.append(rol)
    return roles, unknown


MAX_ID = 2_147_483_647  # the workers table's integer
MAX_NAME = 100


def _worker_id(raw: object) -> int | None:
    text = cell_text(raw)
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID else None


def read_role(
    row: int, cells: Mapping[str, object], labels: Mapping[str, str], changes: RoleChanges
) -> None:
    if not any(cell_text(v) for v in cells.values()):
        return
    worker_id = _worker_id(cells.get("id"))
    roles, unknown = parse_roles(cells.get("rol"))
    try:
        activo = parse_bool(cells.get("activo"))
    except ValueError:
        changes.errors.append(
            (
                row,
                RowError(
                    labels.get("activo", "Activo"), cell_text(cells.get("activo")), "use SI o NO"
                ),
            )
        )
        return
    if worker_id is None:
        changes.errors.append(
            (
                row,
                RowError(
                    labels.get("id", "Id"), cell_text(cells.get("id")), "Id de trabajador no válido"
                ),
            )
        )
        return
    if unknown or len(roles) != 1:
        changes.errors.append(
            (
                row,
                RowError(
                    labels.get("rol", "Rol"),
                    cell_text(cells.get("rol")),
                    "rol desconocido (Armador, Soldador, Metrologia, Ayudante, Supervisor)",
                ),
            )
        )
        return
    if activo is False:
        changes.remove.setdefault(worker_id, set()).add(roles[0])
    else:
        changes.add.setdefault(worker_id, []).append(roles[0])


def read_worker(row: int, cells: Mapping[str, object], labels: Mapping[str, str]) -> WorkerRow:
    def label(name: str) -> str:
        return labels.get(name, name)

    parsed = WorkerRow(row=row, worker_id=_worker_id(cells.get("id")))
    if parsed.worker_id is None:
        parsed.errors.append(
            RowError(
                label("id"),
                cell_text(cells.get("id")),
                "Id de trabajador no válido (entero positivo)",
            )
        )
    parsed.nombre = cell_text(cells.get("nombre"))
    parsed.apellido = cell_text(cells.get("apellido"))
    for name in ("nombre", "apellido"):
        if len(getattr(parsed, name)) > MAX_NAME:
            parsed.errors.append(
                RowError(label(name), getattr(parsed, name)[:120], f"más de {MAX_NAME} caracteres")
            )
    if "rol" in labels and cell_text(cells.get("rol")):
        roles, unknown = parse_roles(cells.get("rol"))
        if unknown:
            parsed.errors.append(
                RowError(
                    label("rol"),
                    cell_text(cells.get("rol")),
                    f"rol desconocido: {', '.join(unknown)}",
                )
            )
        parsed.roles = tuple(roles)
    try:
        parsed.activo = parse_bool(cells.get("activo"))
    except ValueError:
        parsed.errors.append(
            RowError(label("activo"), cell_text(cells.get("activo")), "use SI o NO")
        )
    return parsed


def decide_worker(
    parsed: WorkerRow, existing: Worker | None, roles: RoleChanges, labels: Mapping[str, str]
) -> tuple[Worker | None, list[str], list[RowError]]:
    """(worker after the import, changed fields, errors)."""
    errors = list(parsed.errors)
    if parsed.worker_id is None:
        return None, [], errors
    wid = parsed.worker_id
    nombre = parsed.nombre or (existing.nombre if existing else "")
    apellido = parsed.apellido or (existing.apellido if existing else "")
    if not nombre:
        errors.append(RowError(labels.get("nombre", "Nombre"), "", "falta el nombre"))
    current = list(
        parsed.roles if parsed.roles is not None else (existing.roles if existing else ())
    )
    current += roles.add.get(wid, [])
    removed = roles.remove.get(wid, set())
    final = tuple(dict.fromkeys(r for r in current if r not in removed))
    activo = parsed.activo if parsed.activo is not None else (existing.activo if existing else True)
    after = Worker(wid, nombre, apellido, final, activo)
    if existing is None:
        return after, ["nombre", "apellido", "roles", "activo"], errors
    changed = [
        name
        for name in ("nombre", "apellido", "activo")
        if getattr(existing, name) != getattr(after, name)
    ]
    if set(existing.roles) != set(after.roles):
        changed.append("roles")
    if not changed:
        after = existing
    return after, changed, errors
