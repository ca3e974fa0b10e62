"""Bodies of floor identity (issue 22, CONTRACT §2.8): signing in with a PIN, the worker
session, and the supervisor's PINs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from zeues.api.models.requests import NAME_PATTERN, TEXT_PATTERN, WorkerId

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


# --- Enrolled tablets (dispositivo+pin) ---

DeviceName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=NAME_PATTERN,
        description="Nombre de la tablet, p. ej. «Tablet ARM 2».",
        examples=["Tablet ARM 2"],
    ),
]


class EnrolStartRequest(BaseModel):
    nombre: DeviceName


class EnrolStartResponse(BaseModel):
    dispositivo_id: int
    nombre: str
    codigo: str = Field(description="Se escribe en la tablet; sirve una vez y dura 10 minutos.")
    expira_at: datetime
    enlace: str = Field(
        description="La app del trabajador con el código (`/?enrolar=CODIGO`): abierta en la "
        "tablet la enrola como si se hubiera escrito el código (ZEUES_TABLET_URL, o la "
        "dirección con que se abrió la consola)."
    )
    qr: str = Field(description="El QR de `enlace`, una imagen SVG como URI `data:`.")


class EnrolRequest(BaseModel):
    codigo: str = Field(min_length=1, max_length=20, pattern=TEXT_PATTERN, examples=["ABCD-2345"])


class EnrolResponse(BaseModel):
    dispositivo_id: int
    nombre: str
    token: str = Field(
        description="Credencial de la tablet: va en X-Device-Token (también queda en una cookie)."
    )


Estado = Literal["pendiente", "enrolada", "revocada"]


class DeviceOut(BaseModel):
    dispositivo_id: int
    nombre: str
    estado: Estado
    creada_at: datetime
    enrolada_at: datetime | None
    ultimo_uso_at: datetime | None
    revocada_at: datetime | None


class DevicesResponse(BaseModel):
    modo: Modo
    dispositivos: list[DeviceOut]
    total: int


class CurrentDeviceResponse(BaseModel):
    modo: Modo
    requiere_dispositivo: bool
    enrolada: bool
    estado: Estado | None = Field(description="None: esta tablet no está enrolada.")
    dispositivo_id: int | None
    nombre: str | None
