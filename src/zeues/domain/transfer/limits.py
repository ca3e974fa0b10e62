"""How much one imported file may hold, and how much of a value a report echoes back
(issue 19). A shop's Operaciones sheet is a few thousand rows of short cells; a file far beyond
these is a mistake or an attack, refused with the reason before it can exhaust the server."""

from __future__ import annotations

MAX_ROWS = 100_000  # data rows (blank rows not counted) in one file
MAX_CELL_CHARS = 65_536  # 64 KB: no cell of a spool sheet is anywhere near
MAX_EXTRA_CHARS = 1_000  # a kept extra column's value (stored as JSON with the spool)
MAX_EXTRA_COLUMNS = 100  # extra columns kept with the spools
SHOWN_CHARS = 120  # a value echoed in a report, cut beyond this
SHOWN_ROWS = 5  # rows named for a repeated tag (then "y N más")


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """A value as a report echoes it: cut to `limit` characters, marked with '…'."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def thousands(n: int) -> str:
    """20.000, the way the shop writes numbers."""
    return f"{n:,}".replace(",", ".")


def cell_too_big(row: int, column: str, size: int) -> str:
    return (
        f"La celda de la fila {row}, columna «{shown(column, 60)}», tiene "
        f"{thousands(size)} caracteres: el máximo es {thousands(MAX_CELL_CHARS)} (64 KB). "
        "Corrija esa celda y vuelva a importar."
    )


def csv_cell_too_big(line: int) -> str:
    """The csv reader stops at a field far beyond the limit before we see the cell."""
    return (
        f"Una celda cerca de la línea {line} del CSV es demasiado grande: el máximo es "
        f"{thousands(MAX_CELL_CHARS)} caracteres (64 KB). ¿Falta una comilla de cierre? "
        "Corrija esa celda y vuelva a importar."
    )


def too_many_rows() -> str:
    return (
        f"El archivo tiene más de {thousands(MAX_ROWS)} filas de datos: divídalo en varios "
        "archivos e impórtelos uno tras otro."
    )


def repeated_tag(count: int, first_rows: list[int]) -> str:
    """One message for every row of a repeated tag: its count and the first rows, never the
    whole list (20,000 rows of one placeholder tag would make the report grow as its square)."""
    named = ", ".join(str(n) for n in first_rows)
    more = count - len(first_rows)
    tail = f" y {thousands(more)} más" if more > 0 else ""
    return f"TAG repetido en {thousands(count)} filas ({named}{tail}); deje una sola fila por spool"
