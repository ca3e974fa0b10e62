"""Notes on a spool (CONTRACT §2.9 Notas): append-only text with an optional author; each note
is also an audit event. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from zeues.domain.model import EventDraft, EventoTipo, Spool, Worker

MAX_TEXTO = 1000
MAX_AUTOR = 100


@dataclass(frozen=True)
class Note:
    tag_spool: str
    timestamp: datetime
    texto: str
    autor: str | None
    worker_id: int | None
    id: int | None = None  # given by the store


def nota(
    spool: Spool, texto: str, autor: str | None, worker: Worker | None, now: datetime
) -> tuple[Note, EventDraft]:
    """The note and its audit event. A known worker signs with the server's name (`MR(93)`);
    otherwise the author is the text given, or nobody."""
    signed = worker.nombre_completo if worker else (autor.strip() if autor else None) or None
    note = Note(spool.tag_spool, now, texto.strip(), signed, worker.id if worker else None)
    draft = EventDraft(
        evento_tipo=EventoTipo.NOTA,
        tag_spool=spool.tag_spool,
        worker_id=note.worker_id,
        worker_nombre=signed,
        operacion=None,
        accion="NOTA",
        timestamp=now,
        metadata={"texto": note.texto, "autor": signed},
    )
    return note, draft
