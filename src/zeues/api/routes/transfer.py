"""Spreadsheet import (multipart upload) and exports as downloads, behind the admin token.
The same use cases as `zeues import` / `zeues export`."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from zeues.api.commands import Long, RolledBack, Work
from zeues.api.deps import Admin, AdminWrite, Shop, Transfer, WriteStep
from zeues.api.errors import responses_for
from zeues.api.models import responses as r
from zeues.domain.errors import ArchivoDemasiadoGrande, ArchivoNoValido
from zeues.services.runner import Runner
from zeues.services.transfer import importing
from zeues.services.transfer.files import plan_import, run_export
from zeues.services.transfer.report import summary

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Admin])

# Rows of the report an answer lists (invalid and skipped first): a 100,000-row file answers
# its counts and these, not 70 MB of JSON. The CLI's report and error files list every row.
MAX_REPORT_ROWS = 1000
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # ~300,000 spool rows as xlsx; larger: use the CLI
_CHUNK = 1 << 20
_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".txt", ".xls"}
_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class _Step(BaseModel):
    """What a step before the last answers (only to the command path, never to the client)."""

    rows: int


def _save(upload: UploadFile) -> Path:
    """The upload as a temporary file (the importer reads it twice), at most MAX_UPLOAD_BYTES."""
    suffix = Path(upload.filename or "").suffix.lower()
    fd, name = tempfile.mkstemp(
        prefix="zeues-import-", suffix=suffix if suffix in _SUFFIXES else ""
    )
    size = 0
    try:  # the temporary file never outlives a refusal, a dropped upload or a bug
        with os.fdopen(fd, "wb") as out:
            while chunk := upload.file.read(_CHUNK):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise ArchivoDemasiadoGrande(
                        f"El archivo supera {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Divídalo o "
                        "impórtelo en el servidor con `zeues import`.",
                        {"max_bytes": MAX_UPLOAD_BYTES},
                    )
                out.write(chunk)
        if size == 0:
            raise ArchivoNoValido("El archivo está vacío.")
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


@router.post(
    "/import",
    response_model=r.ImportResponse,
    responses=responses_for(400, 401, 403, 413),
)
async def import_file(
    write: AdminWrite,
    write_step: WriteStep,
    transfer: Transfer,
    kind: Annotated[
        Literal["spools", "workers", "uniones"], Form(description="Qué contiene el archivo.")
    ],
    file: Annotated[UploadFile, File(description="Planilla .xlsx o .csv (`;` o `,`).")],
    dry_run: Annotated[bool, Form(description="Solo calcula qué cambiaría.")] = False,
    skip_invalid: Annotated[
        bool, Form(description="Importa las filas válidas aunque haya no válidas.")
    ] = False,
    sheet: Annotated[str | None, Form(description="Hoja a leer (xlsx).")] = None,
    import_occupation: Annotated[
        bool, Form(description="Importa Ocupado_Por como ocupación en curso.")
    ] = False,
) -> Response:
    """Importa spools (hoja Operaciones), trabajadores (Trabajadores + Roles) o uniones (hoja
    Uniones: una fila por unión; los trabajadores como MR(93)).

    Por defecto todo o nada: si hay filas no válidas no se guarda nada (`applied: false`) y
    la respuesta dice cada fila, columna, valor y motivo. `dry_run` recorre exactamente el
    mismo camino y descarta los cambios al final. Importar dos veces el mismo archivo no
    cambia nada la segunda vez. Cada línea de la columna Notas es una nota del spool (con su
    evento NOTA) salvo que el spool ya tenga ese texto. Las filas de totales, subtotales o
    notas se omiten (`skipped`, con `reason`); los encabezados pueden estar bajo un bloque de
    título (`header_row`); `new_keys` lista las primeras filas nuevas. Un archivo ilegible es un
    400 `ARCHIVO_NO_VALIDO`; uno demasiado grande, 413 `ARCHIVO_DEMASIADO_GRANDE`."""
    # Read and checked off the event loop and outside any transaction: only the writes below
    # take the writer's turn, through the command path like every other write, in steps of at
    # most importing.WRITE_CHUNK rows so tablets keep answering (issue 19).
    path = await run_in_threadpool(_save, file)
    try:
        plan = await run_in_threadpool(
            partial(
                plan_import,
                transfer,
                path,
                kind,
                # never the temporary name: it is the server's, not the supervisor's
                file_name=Path(file.filename or "").name or "archivo",
                sheet=sheet or None,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                with_occupation=import_occupation,
                via="consola",
            )
        )
    finally:
        path.unlink(missing_ok=True)

    request = json.dumps(asdict(plan.request))
    store = transfer.import_store

    def answer() -> r.ImportResponse:
        return r.ImportResponse.model_validate(plan.report.as_dict(MAX_REPORT_ROWS))

    def step(write_rows: importing.Step, keep: bool) -> Work:
        def work(runner: Runner) -> BaseModel | RolledBack:
            write_rows(store.within(runner.tx))
            done = _Step(rows=len(plan.report.rows))
            return done if keep else RolledBack(done)

        return Long(work)

    if plan.checks_first:  # all or nothing: every row checked (nothing kept) before any write
        for write_rows in plan.steps:
            await write_step("import", request, step(write_rows, keep=False))
        if not plan.checked():
            plan.report.message = summary(plan.report, plan.request.via)
            return await write("import", request, Long(lambda runner: RolledBack(answer())))
    for write_rows in plan.steps[:-1]:
        await write_step("import", request, step(write_rows, plan.keeps_steps))

    def last(runner: Runner) -> r.ImportResponse | RolledBack:
        written, keep = importing.apply_last(plan, store.within(runner.tx))
        runner.written.extend(written)
        return answer() if keep else RolledBack(answer())

    # The Idempotency-Key is claimed and answered by the last step's transaction, which also
    # writes the import's audit event.
    return await write("import", request, Long(last))


@router.get(
    "/export/{what}",
    response_class=FileResponse,
    responses={
        200: {
            "content": {media.split(";")[0]: {} for media in _MEDIA.values()},
            "description": "El archivo, para descargar.",
        },
        **responses_for(401, 403),
    },
)
def export_file(
    what: Literal["spools", "events", "workers", "uniones"],
    transfer: Transfer,
    shop: Shop,
    format: Annotated[Literal["csv", "xlsx"], Query(description="csv (`;`) o xlsx")] = "csv",
) -> FileResponse:
    """Descarga spools (columnas de Operaciones + adicionales; Total_Uniones, Pulgadas_ARM y
    Pulgadas_SOLD calculadas de las uniones; Notas, una por línea como
    `[DD-MM-AAAA HH:MM · autor] texto`), eventos (orden de la hoja Metadata),
    trabajadores o uniones (hoja Uniones)."""
    fd, name = tempfile.mkstemp(prefix="zeues-export-", suffix=f".{format}")
    os.close(fd)
    path = Path(name)
    try:
        run_export(transfer, what, format, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    stamp = shop.now().astimezone(shop.tz).strftime("%Y%m%d-%H%M")
    return FileResponse(
        path,
        media_type=_MEDIA[format],
        filename=f"zeues-{what}-{stamp}.{format}",
        background=BackgroundTask(path.unlink, missing_ok=True),
    )
