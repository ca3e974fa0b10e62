"""Response bodies (CONTRACT §2): field names exactly as existing v3.0 clients read them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from zeues.api.models.unions import RechazoOut


class ErrorResponse(BaseModel):
    error: str = Field(examples=["SPOOL_OCCUPIED"])
    detail: str
    message: str
    data: dict[str, Any] = {}


class ValidationErrorResponse(BaseModel):
    error: Literal["VALIDATION_ERROR"]
    detail: list[dict[str, Any]]
    message: str
    data: dict[str, Any] = {}


class OccupationResponse(BaseModel):
    success: bool
    tag_spool: str
    message: str
    estado_detalle: str
    operacion: str
    cycle: int | None = Field(None, description="Ciclo de reparación, con operacion REPARACION.")
    estado_texto: str = Field("", description="El estado en palabras, para pantallas.")
    uniones: list[int] | None = Field(
        None,
        description="En un spool con uniones: las que esta acción registró (PAUSAR/COMPLETAR).",
    )
    pd: float | None = Field(None, description="Pulgadas-diámetro de esas uniones.")


class TomarResponse(OccupationResponse):
    lease_expires_at: datetime | None
    renovada: bool = Field(
        False,
        description="true: este trabajador ya tenía la toma; se renovó hasta lease_expires_at.",
    )


class CompletarResponse(OccupationResponse):
    resultado: str | None = None
    ciclo: int | None = None


class BatchDetail(BaseModel):
    success: bool
    tag_spool: str
    message: str
    error: str | None = None
    estado_detalle: str | None = None
    estado_texto: str | None = None


class BatchResponse(BaseModel):
    total: int
    succeeded: int
    failed: int
    details: list[BatchDetail]


class RenovarDetail(BatchDetail):
    operacion: str | None = None
    lease_expires_at: datetime | None = Field(None, description="La nueva expiración de la toma.")
    vencida_at: datetime | None = Field(
        None, description="Con LOCK_EXPIRED: cuándo venció la toma de este trabajador."
    )
    retomable: bool = Field(
        False,
        description=(
            "Con LOCK_EXPIRED: nadie tomó el spool desde que venció; este trabajador aún puede "
            "pausarlo o completarlo, o tomarlo de nuevo."
        ),
    )


class RenovarResponse(BaseModel):
    total: int
    succeeded: int
    failed: int
    details: list[RenovarDetail]


class MetrologiaResponse(BaseModel):
    success: bool
    tag_spool: str
    resultado: str
    estado_detalle: str
    message: str
    ciclo: int


class ReparacionResponse(BaseModel):
    success: bool
    message: str
    tag_spool: str
    estado_detalle: str
    cycle: int


class SupervisorResponse(BaseModel):
    success: bool
    tag_spool: str
    message: str
    estado_detalle: str
    estado_texto: str = Field("", description="El estado en palabras, para pantallas.")


class WorkerOut(BaseModel):
    id: int
    nombre: str
    apellido: str
    rol: str | None
    roles: list[str]
    activo: bool
    nombre_completo: str


class WorkersResponse(BaseModel):
    workers: list[WorkerOut]
    total: int


class RolesResponse(BaseModel):
    worker_id: int
    roles: list[str]


class EstadoOut(BaseModel):
    arm: str
    sold: str
    metrologia: str
    reparacion: str | None
    ciclo: int
    bloqueado: bool


class SpoolOut(BaseModel):
    tag_spool: str
    nv: str | None
    ot: str | None
    proyecto: str | None
    fecha_materiales: date | None
    fecha_armado: date | None
    fecha_soldadura: date | None
    fecha_qc_metrologia: date | None
    armador: str | None
    soldador: str | None
    ocupado_por: str | None
    ocupado_por_id: int | None
    operacion_actual: str | None
    fecha_ocupacion: datetime | None
    lease_expires_at: datetime | None
    version: int
    estado_detalle: str
    estado: EstadoOut
    estado_texto: str = Field(
        "",
        description=(
            "El estado en palabras para pantallas, sin códigos (`En reparación (ciclo 1 de 3), "
            "la tiene MR(93)`)."
        ),
    )


class SpoolList(BaseModel):
    spools: list[SpoolOut]
    total: int
    filtro_aplicado: str
    limit: int
    offset: int


class ReparacionItem(BaseModel):
    tag_spool: str
    estado_detalle: str
    fecha_rechazo: date | None
    cycle: int
    bloqueado: bool


class ReparacionList(BaseModel):
    spools: list[ReparacionItem]
    total: int
    bloqueados: int
    filtro_aplicado: str


class SessionOut(BaseModel):
    worker_id: int
    worker_nombre: str
    operacion: str
    start_time: datetime
    end_time: datetime | None
    duration: str
    duration_seconds: int
    end_reason: Literal["PAUSAR", "COMPLETAR", "EXPIRADO", "LIBERADO"] | None
    uniones: list[int] | None = Field(
        None, description="En un spool con uniones: las que terminó esta sesión."
    )
    pd: float | None = Field(None, description="Pulgadas-diámetro de esas uniones.")


class HistoryResponse(BaseModel):
    tag_spool: str
    sessions: list[SessionOut]
    total: int


class EventOut(BaseModel):
    id: int
    timestamp: datetime
    evento_tipo: str
    tag_spool: str
    worker_id: int | None
    worker_nombre: str | None
    operacion: str | None
    accion: str
    fecha_operacion: date | None
    metadata: dict[str, Any]


class EventsResponse(BaseModel):
    tag_spool: str
    events: list[EventOut]
    total: int


class OccupiedItem(BaseModel):
    tag_spool: str
    worker_id: int
    worker_nombre: str
    operacion: str
    estado_detalle: str
    estado_texto: str = Field(
        "",
        description=(
            "El estado en palabras para pantallas, sin códigos (`En reparación (ciclo 1 de 3), "
            "la tiene MR(93)`)."
        ),
    )
    fecha_ocupacion: datetime
    lease_expires_at: datetime | None


class ResumenResponse(BaseModel):
    total: int
    ocupados: int
    bloqueados: int
    en_progreso: int = Field(description="Tomados ahora (toma vigente).")
    pausados: int = Field(description="ARM, SOLD o reparación pausados (o con la toma vencida).")
    rechazados: int = Field(description="Rechazados por metrología, esperando reparación.")
    pendiente_metrologia: int = Field(description="ARM y SOLD completados, sin inspección.")
    aprobados: int
    sin_materiales: int
    disponibles: int = Field(description="Con materiales, libres, nada pausado ni terminado.")
    arm: dict[str, int]
    sold: dict[str, int]
    metrologia: dict[str, int]
    reparacion: dict[str, int]
    pd_hoy: float = Field(
        0.0,
        description="Pulgadas-diámetro terminadas hoy (día hábil del taller), ARM y SOLD juntas.",
    )
    timestamp: datetime


class AdminSpoolResponse(BaseModel):
    success: bool
    tag_spool: str
    created: bool


class AdminWorkerResponse(BaseModel):
    success: bool
    worker_id: int
    created: bool
    nombre_completo: str


class ImportRowError(BaseModel):
    row: int
    column: str
    value: str
    reason: str = Field(description="Motivo en español.")


class ImportRow(BaseModel):
    row: int = Field(description="Número de fila en el archivo (la de encabezados cuenta).")
    key: str = Field(description="TAG_SPOOL o Id del trabajador, como está escrito.")
    outcome: Literal["new", "updated", "unchanged", "invalid", "skipped"]
    columns: list[str] = Field(description="Columnas que cambian (nuevo/actualizado).")
    errors: list[ImportRowError]
    reason: str | None = Field(
        None, description="Con `skipped`: qué es la fila (totales, subtotales, nota)."
    )


class ImportCounts(BaseModel):
    rows: int
    new: int
    updated: int
    unchanged: int
    invalid: int
    skipped: int = Field(description="Filas de totales, subtotales o notas: se omiten.")
    blank: int


class ImportColumns(BaseModel):
    recognized: list[str]
    extra: list[str] = Field(description="Columnas desconocidas: se guardan con el spool.")
    ignored: list[str] = Field(description="Leídas y no importadas (derivadas u ocupación).")


class ImportResponse(BaseModel):
    kind: Literal["spools", "workers", "uniones"]
    file_name: str
    sha256: str
    sheet: str
    dry_run: bool
    skip_invalid: bool
    applied: bool = Field(description="True cuando se guardaron cambios.")
    message: str
    counts: ImportCounts
    columns: ImportColumns
    audit_event_id: int | None = Field(description="Evento IMPORTACION escrito, si hubo cambios.")
    header_row: int = Field(description="La fila de encabezados (bajo un título, si lo hay).")
    title_rows: int = Field(description="Filas con datos sobre los encabezados (un título).")
    new_keys: list[str] = Field(description="Las primeras filas nuevas (TAG o Id), hasta 20.")
    rows: list[ImportRow] = Field(
        description=(
            "Las filas, hasta 1000 (las no válidas y omitidas primero, en el orden del "
            "archivo); `counts` cuenta todas."
        )
    )
    rows_total: int = Field(0, description="Filas del informe en total.")
    rows_truncated: bool = Field(
        False, description="True cuando `rows` no lista todas (más de 1000)."
    )


class AccionOut(BaseModel):
    operacion: str = Field(examples=["ARM"])
    accion: str = Field(examples=["TOMAR"])
    permitida: bool
    error: str | None = Field(
        default=None, description="Código que respondería el comando (CONTRACT §2.1) si se niega."
    )
    message: str | None = Field(default=None, description="Motivo en español, si se niega.")


class AccionesResponse(BaseModel):
    tag_spool: str
    worker_id: int
    acciones: list[AccionOut]
    estado_texto: str = Field(
        "",
        description="El estado en palabras, para este trabajador («usted» si lo tiene tomado).",
    )


class ColaItem(BaseModel):
    """A spool of the worker app's queue, with only what the app shows."""

    tag_spool: str
    nv: str | None
    estado_detalle: str
    estado_texto: str = Field(
        "",
        description=(
            "El estado en palabras para pantallas, sin códigos (`En reparación (ciclo 1 de 3), "
            "la tiene usted`): el titular es «usted» si es quien pregunta."
        ),
    )
    ocupado_por: str | None
    ocupado_por_id: int | None
    operacion_actual: str | None
    fecha_ocupacion: datetime | None
    lease_expires_at: datetime | None
    error: str | None = None
    message: str | None = None
    motivo: str | None = Field(
        default=None, description="El motivo en pocas palabras (p. ej. «falta ARM»)."
    )
    toma_vencida: bool = Field(
        default=False,
        description=(
            "En `mios`: la toma de este trabajador venció (lease_expires_at) y nadie tomó el "
            "spool desde entonces; aún puede pausarlo o completarlo, o tomarlo de nuevo."
        ),
    )
    progreso: str | None = Field(
        default=None,
        description="En un spool con uniones, su avance: «ARM 3/7 · SOLD 0/6 · 12.5 PD».",
    )
    uniones_total: int = Field(
        default=0, description="Cuántas uniones tiene el spool (0: ninguna)."
    )
    rechazo: RechazoOut | None = Field(
        default=None,
        description=(
            "Mientras el spool espera su reparación: lo que rechazó metrología (`defecto`, "
            "`uniones`), como en GET /api/spools/{tag}/uniones; lo que ve la cuadrilla de "
            "reparación en su cola. null si no hay rechazo pendiente."
        ),
    )


class ColaResponse(BaseModel):
    worker_id: int
    operacion: str
    mios: list[ColaItem]
    disponibles: list[ColaItem]
    no_disponibles: list[ColaItem]
    timestamp: datetime
    totales: dict[str, int] | None = Field(
        default=None,
        description=(
            "Con `limite`: cuántos spools tiene cada grupo (`mios`, `disponibles`, "
            "`no_disponibles`), aunque la página traiga menos."
        ),
    )
    encontrados: dict[str, int] | None = Field(
        default=None,
        description="Con `limite`: cuántos de cada grupo coinciden con `q` (todos sin `q`).",
    )


class OperacionesResponse(BaseModel):
    worker_id: int
    nombre_completo: str
    operaciones: list[str] = Field(examples=[["ARM", "SOLD", "REPARACION"]])


class CompletadosWorker(BaseModel):
    worker_id: int | None
    worker_nombre: str | None
    arm: int = Field(description="ARM completados ese día.")
    sold: int = Field(description="SOLD completados ese día.")


class MetrologiaDia(BaseModel):
    aprobados: int
    rechazados: int


class RechazoSoldador(BaseModel):
    soldador: str = Field(description="El `soldador` del spool inspeccionado.")
    inspecciones: int
    rechazados: int
    tasa_rechazo: float = Field(description="rechazados / inspecciones, entre 0 y 1.")


class EtapaEnProceso(BaseModel):
    etapa: Literal["ARM", "SOLD", "METROLOGIA", "REPARACION"]
    total: int = Field(description="Spools en esta etapa ahora.")
    ocupados: int = Field(description="De ellos, tomados ahora por alguien.")
    con_inicio_conocido: int = Field(description="Con el inicio de la etapa en la auditoría.")
    desde_mas_antiguo: datetime | None
    tag_mas_antiguo: str | None
    edad_max_segundos: int | None = Field(description="Edad del más antiguo, en segundos.")


class ProduccionResponse(BaseModel):
    fecha: date
    zona_horaria: str
    desde: datetime
    hasta: datetime
    completados: list[CompletadosWorker]
    metrologia: MetrologiaDia
    rechazo_por_soldador: list[RechazoSoldador]
    en_proceso: list[EtapaEnProceso] = Field(description="Trabajo en proceso ahora (no del día).")
    timestamp: datetime
