"""Bodies of floor identity (issue 22, CONTRACT §2.8): signing in with a PIN, the worker
session, and the supervisor's PINs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from zeues.api.models.requests import WorkerId

Pin = Annotated[
    str, Field(pattern=r"^[0-9]{4,6}$", description="PIN de 4 a 6 dígitos.", examples=["9393"])
]
MAX_SHEET = 50  # PINs per crew sheet: one printed page, hashed in a few seconds
Modo = Literal["abierto", "pin", "dispositivo+pin"]


class SignInRequest(BaseModel):
    worker_id: WorkerId
    pin: Pin
    pin_nuevo: Pin | None = Field(
        None, description="El PIN que el trabajador elige (obligatorio en su primer ingreso)."
    )


class AdminSessionRequest(BaseModel):
    worker_id: WorkerId


class SetPinRequest(BaseModel):
    pin: Pin | None = Field(None, description="Sin pin, el servidor elige uno al azar.")


class CrewSheetRequest(BaseModel):
    """Only workers without a PIN get one: a PIN already handed out is reset one at a time."""

    worker_ids: list[WorkerId] | None = Field(
        None,
        max_length=MAX_SHEET,
        description=f"Sin lista: los trabajadores activos sin PIN (hasta {MAX_SHEET} por hoja).",
    )


class AccessResponse(BaseModel):
    modo: Modo
    requiere_sesion: bool
    requiere_dispositivo: bool
    inactividad_segundos: int


class SessionResponse(BaseModel):
    token: str = Field(description="Va en el encabezado X-Worker-Session de cada acción.")
    sesion_id: int
    worker_id: int
    worker_nombre: str
    modo: Modo
    inactividad_segundos: int = Field(description="La sesión se cierra tras este tiempo sin uso.")
    vence_at: datetime = Field(description="Fin de la sesión aunque se use (un turno).")


class SessionEndResponse(BaseModel):
    cerrada: bool
    message: str


class PinOut(BaseModel):
    worker_id: int
    worker_nombre: str
    pin: str = Field(description="Se muestra esta única vez; el servidor guarda solo un hash.")
    debe_cambiar: bool


class CrewSheetResponse(BaseModel):
    pines: list[PinOut]
    total: int
    pendientes: int = Field(description="Trabajadores activos que siguen sin PIN (otra hoja).")


class PinStatusOut(BaseModel):
    worker_id: int
    worker_nombre: str
    tiene_pin: bool
    debe_cambiar: bool
    intentos_fallidos: int
    bloqueado: bool
    bloqueado_hasta: datetime | None
    ultimo_pin_fallido: datetime | None


class PinStatusResponse(BaseModel):
    modo: Modo
    trabajadores: list[PinStatusOut]
    bloqueados: int
