"""Spreadsheet header matching: case, spaces vs underscores and accents do not matter
(`Fecha_QC_Metrología` = `fecha qc metrologia`). Standard library only."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s_\-.]+")


def normalize(header: str) -> str:
    decomposed = unicodedata.normalize("NFKD", header)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", plain).strip().casefold()


# Canonical field → the header it is exported under (the Operaciones sheet of v3.0).
SPOOL_HEADERS: dict[str, str] = {
    "tag_spool": "TAG_SPOOL",
    "nv": "NV",
    "ot": "OT",
    "proyecto": "Proyecto",
    "fecha_materiales": "Fecha_Materiales",
    "armador": "Armador",
    "fecha_armado": "Fecha_Armado",
    "soldador": "Soldador",
    "fecha_soldadura": "Fecha_Soldadura",
    "fecha_qc_metrologia": "Fecha_QC_Metrología",
    "ocupado_por": "Ocupado_Por",
    "fecha_ocupacion": "Fecha_Ocupacion",
    "estado_detalle": "Estado_Detalle",
    # Computed from the unions on export, never read on import (counters beside the rows they
    # count drift: SHOP-NOTES).
    "total_uniones": "Total_Uniones",
    "pulgadas_arm": "Pulgadas_ARM",
    "pulgadas_sold": "Pulgadas_SOLD",
    # The spool's notes, one a line (domain/transfer/note_cells.py); each line a note added once.
    "notas": "Notas",
}
SPOOL_ALIASES = {
    "tag": "tag_spool",
    "spool": "tag_spool",
    "fecha qc": "fecha_qc_metrologia",
    "nota": "notas",
}

WORKER_HEADERS: dict[str, str] = {
    "id": "Id",
    "nombre": "Nombre",
    "apellido": "Apellido",
    "rol": "Rol",
    "activo": "Activo",
}
WORKER_ALIASES = {"worker id": "id", "roles": "rol"}
ROLE_HEADERS: dict[str, str] = {"id": "Id", "rol": "Rol", "activo": "Activo"}


def is_known(header: str, headers: Mapping[str, str], aliases: Mapping[str, str]) -> bool:
    """Whether `header` names one of `headers` (an extra column must never repeat one)."""
    return normalize(header) in _lookup(headers, aliases)


class HeaderError(ValueError):
    """The header row cannot be used (Spanish message for the supervisor)."""


@dataclass(frozen=True)
class HeaderMap:
    """Column index → canonical field (known) or original header text (extra)."""

    known: dict[int, str]
    extra: dict[int, str]
    labels: dict[str, str]  # canonical field → header as written in the file

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.known.values())


def _lookup(headers: Mapping[str, str], aliases: Mapping[str, str]) -> dict[str, str]:
    lookup = {normalize(label): field for field, label in headers.items()}
    lookup.update({normalize(field): field for field in headers})
    lookup.update(aliases)
    return lookup


def names_column(
    cells: Sequence[object],
    headers: Mapping[str, str],
    aliases: Mapping[str, str],
    required: str,
) -> bool:
    """Whether this row names the required column: the header row, not a title above it."""
    lookup = _lookup(headers, aliases)
    return any(lookup.get(normalize(str(c))) == required for c in cells if c not in (None, ""))


def match_headers(
    cells: Sequence[object],
    headers: Mapping[str, str],
    aliases: Mapping[str, str],
    required: str,
) -> HeaderMap:
    lookup = _lookup(headers, aliases)
    known: dict[int, str] = {}
    extra: dict[int, str] = {}
    labels: dict[str, str] = {}
    seen_extra: dict[str, str] = {}
    for index, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        key = normalize(text)
        field = lookup.get(key)
        if field is not None:
            if field in labels:
                raise HeaderError(
                    f"Las columnas «{labels[field]}» y «{text}» son la misma columna "
                    f"({headers[field]}); deje solo una."
                )
            known[index], labels[field] = field, text
        else:
            if key in seen_extra:
                raise HeaderError(
                    f"La columna «{text}» está repetida (también «{seen_extra[key]}»); "
                    "deje solo una."
                )
            seen_extra[key] = text
            extra[index] = text
    if required not in labels:
        found = ", ".join(str(c) for c in cells if c not in (None, "")) or "ninguna"
        raise HeaderError(
            f"No se encontró la columna {headers[required]} en la fila de encabezados "
            f"(columnas leídas: {found})."
        )
    return HeaderMap(known, extra, labels)
