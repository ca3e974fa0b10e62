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
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from zeues.api.commands import RolledBack
from zeues.api.deps import Admin, Shop, Transfer, Write
from zeues.api.errors import responses_for
from zeues.api.models import responses as r
from zeues.domain.errors import ArchivoDemasiadoGrande, ArchivoNoValido
from zeues.services.runner import Runner
from zeues.services.transfer import importing
from zeues.services.transfer.files import plan_import, run_export

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Admin])

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # ~300,000 spool rows as xlsx; larger: use the CLI
_CHUNK = 1 << 20
_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".txt", ".xls"}
_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _save(upload: UploadFile) -> Path:
    """The upload as a temporary file (the importer reads it twice), at most MAX_UPLOAD_BYTES."""
    suffix = Path(upload.filename or "").suffix.lower()
    fd, name = tempfile.mkstemp(
        prefix="zeues-import-", suffix=suffix if suffix in _SUFFIXES else ""
    )
    size = 0
    with os.fdopen(fd, "wb") as out:
        while chunk := upload.file.read(_CHUNK):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                out.close()
                os.unlink(name)
                raise ArchivoDemasiadoGrande(
                    f"El archivo supera {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Divídalo o "
                    "impórtelo en el servidor con `zeues import`.",
                    {"max_bytes": MAX_UPLOAD_BYTES},
                )
            out.write(chunk)
    if size == 0:
        os.unlink(name)
        raise ArchivoNoValido("El archivo está vacío.")
    return Path(name)


@router.post(
    "/import",
    response_model=r.ImportResponse,
    responses=responses_for(400, 401, 403, 413),
)
async def import_file(
    write: Write,
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
    cambia nada la segunda vez. Las filas de totales, subtotales o notas se omiten
    (`skipped`, con `reason`); los encabezados pueden estar bajo un bloque de título
    (`header_row`); `new_keys` lista las primeras filas nuevas. Un archivo ilegible es un
    400 `ARCHIVO_NO_VALIDO`; uno demasiado grande, 413 `ARCHIVO_DEMASIADO_GRANDE`."""
    # Read and checked off the event loop and outside any transaction: only the writes below
    # take the writer's turn, through the command path like every other write.
    path = await run_in_threadpool(_save, file)
    try:
        plan = await run_in_threadpool(
            partial(
                plan_import,
                transfer,
                path,
                kind,
                file_name=Path(file.filename or path.name).name,
                sheet=sheet or None,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                with_occupation=import_occupation,
                via="consola",
            )
        )
    finally:
        path.unlink(missing_ok=True)

    def run(runner: Runner) -> r.ImportResponse | RolledBack:
        written, keep = importing.apply(plan, transfer.import_store.within(runner.tx))
        runner.written.extend(written)
        answer = r.ImportResponse.model_validate(plan.report.as_dict())
        return answer if keep else RolledBack(answer)

    return await write("import", json.dumps(asdict(plan.request)), run)


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
    Pulgadas_SOLD calculadas de las uniones), eventos (orden de la hoja Metadata),
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
