"""A tablet's side of enrolment (`dispositivo+pin`, issue 22, CONTRACT §2.8): it types the code
a supervisor gave it and keeps the credential; it can ask whether it is enrolled."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import Response

from zeues.api import examples as ex
from zeues.api.deps import FloorAccess, FloorCredentials, UnkeyedWrite
from zeues.api.errors import responses_for
from zeues.api.models.floor import CurrentDeviceResponse, DeviceOut, EnrolRequest, EnrolResponse
from zeues.api.models.parameters import DEVICE_COOKIE
from zeues.domain.floor_access import Device, token_hash
from zeues.services.floor_access import enrol
from zeues.services.runner import Runner

router = APIRouter(prefix="/api/dispositivos", tags=["acceso-planta"])
TEN_YEARS = 10 * 365 * 24 * 3600


def device_out(device: Device, tz: tzinfo) -> DeviceOut:
    return DeviceOut(
        dispositivo_id=device.id,
        nombre=device.nombre,
        estado=device.estado,
        creada_at=device.created_at.astimezone(tz),
        enrolada_at=device.enrolled_at.astimezone(tz) if device.enrolled_at else None,
        ultimo_uso_at=device.last_seen_at.astimezone(tz) if device.last_seen_at else None,
        revocada_at=device.revoked_at.astimezone(tz) if device.revoked_at else None,
    )


@router.post("/enrolar", response_model=EnrolResponse, responses=responses_for(400))
async def enrol_tablet(
    body: Annotated[EnrolRequest, Body(examples=ex.ENROL)],
    write: UnkeyedWrite,
    floor: FloorAccess,
) -> Response:
    """La tablet escribe el código que el supervisor le dio
    (`POST /api/admin/dispositivos/enrolar`): recibe su credencial (`token`, que va en
    `X-Device-Token`; en un navegador queda además en una cookie). El código sirve una sola vez
    y dura 10 minutos."""
    token = floor.new_token()

    def run(runner: Runner) -> EnrolResponse:
        done = enrol(runner.tx, body.codigo, runner.clock(), token)
        return EnrolResponse(dispositivo_id=done.device.id, nombre=done.device.nombre, token=token)

    answer = await write("dispositivos-enrolar", body, run)
    if answer.status_code == 200:
        answer.set_cookie(
            DEVICE_COOKIE, token, max_age=TEN_YEARS, httponly=True, samesite="strict", path="/"
        )
    return answer


@router.get("/actual", response_model=CurrentDeviceResponse)
def current(creds: FloorCredentials, floor: FloorAccess) -> CurrentDeviceResponse:
    """Si esta tablet está enrolada (por su `X-Device-Token` o su cookie) y si el modo lo exige:
    la pantalla de la tablet lo pregunta antes de pedir el PIN."""
    device = floor.device(token_hash(creds.device)) if creds.device else None
    return CurrentDeviceResponse(
        modo=floor.policy.mode.value,
        requiere_dispositivo=floor.policy.mode.needs_device,
        enrolada=device is not None and device.estado == "enrolada",
        estado=device.estado if device else None,
        dispositivo_id=device.id if device else None,
        nombre=device.nombre if device else None,
    )
