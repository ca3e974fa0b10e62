"""Answers about unions and pulgadas-diámetro (CONTRACT §2.9)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class UnionWorkOut(BaseModel):
    worker_id: int | None = Field(description="null si el nombre importado no es un trabajador.")
    worker: str | None = Field(description="Como MR(93).")
    fecha_inicio: datetime | None
    fecha_fin: datetime


class UnionOut(BaseModel):
    n_union: int
    dn_union: float = Field(description="Diámetro nominal en pulgadas (un decimal).")
    tipo_union: str
    requiere_sold: bool
    arm: UnionWorkOut | None
    sold: UnionWorkOut | None
    ndt_union: str | None = None
    r_ndt_union: str | None = None
    ndt_fecha: str | None = None
    ndt_status: str | None = None


class ResumenOut(BaseModel):
    total: int
    arm_hechas: int
    sold_requeridas: int
    sold_hechas: int
    pd_arm: float
    pd_sold: float
    texto: str = Field(description="Como «ARM 3/7 · SOLD 0/6 · 12.5 PD», para pantallas.")


class RechazoOut(BaseModel):
    ciclo: int
    fecha: datetime
    worker: str | None
    defecto: str | None = Field(description="El defecto que anotó metrología, si lo anotó.")
    uniones: list[int] = Field(description="Las uniones rechazadas, si se indicaron.")


class UnionesResponse(BaseModel):
    tag_spool: str
    uniones: list[UnionOut]
    resumen: ResumenOut
    abiertas: dict[str, list[int]] = Field(
        description="Por operación (ARM, SOLD), las uniones que faltan: lo que el tablet ofrece."
    )
    rechazo: RechazoOut | None = Field(
        None, description="El rechazo de metrología pendiente de reparar: qué reparar."
    )


class RegistroUnion(BaseModel):
    tag_spool: str
    n_union: int
    dn_union: float
    tipo_union: str
    operacion: str
    fecha_inicio: datetime | None
    fecha_fin: datetime


class RegistroResponse(BaseModel):
    worker_id: int
    worker: str = Field(description="Como MR(93).")
    fecha: str = Field(description="Día hábil YYYY-MM-DD en la zona horaria del taller.")
    uniones: list[RegistroUnion]
    pd_arm: float
    pd_sold: float
    pd_total: float


class PdFila(BaseModel):
    fecha: str = Field(description="Día hábil YYYY-MM-DD (zona del taller) en que se terminaron.")
    worker_id: int | None
    worker: str | None
    operacion: str
    uniones: int
    pd: float


class PdTrabajador(BaseModel):
    worker_id: int | None
    worker: str | None
    uniones: int
    pd_arm: float
    pd_sold: float
    pd_total: float


class PdResponse(BaseModel):
    desde: str
    hasta: str
    filas: list[PdFila] = Field(description="PD por día, trabajador y operación.")
    trabajadores: list[PdTrabajador] = Field(description="Totales del período, de mayor a menor.")
    pd_arm: float
    pd_sold: float
    pd_total: float


class NotaOut(BaseModel):
    id: int
    tag_spool: str
    texto: str
    autor: str | None
    worker_id: int | None
    timestamp: datetime


class NotasResponse(BaseModel):
    tag_spool: str
    notas: list[NotaOut] = Field(description="Más antigua primero; nunca se editan ni borran.")
    total: int


class AdminUnionesResponse(BaseModel):
    success: bool
    tag_spool: str
    total: int = Field(description="Uniones que tiene ahora el spool.")
