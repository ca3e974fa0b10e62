"""The supervisor's side of enrolled tablets, behind the admin token (`dispositivo+pin`, issue
22, CONTRACT §2.8): enrol one (a code to type on it), list them with their last use, revoke one
(its next write is refused)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from zeues.api import examples as ex
from zeues.api.deps import Admin, FloorAccess, Shop, TabletBase, UnkeyedWrite
from zeues.api.errors import responses_for
from zeues.api.models.floor import (
    DeviceOut,
    DevicesResponse,
    EnrolStartRequest,
    EnrolStartResponse,
)
from zeues.api.models.requests import MAX_DB_INT
from zeues.api.presenters.enrol_link import enrol_link, enrol_qr
from zeues.api.routes.tablets import device_out
from zeues.services.floor_access import new_code, revoke, start_enrolment
from zeues.services.runner import Runner

router = APIRouter(prefix="/api/admin/dispositivos", tags=["admin"], dependencies=[Admin])
DevicePath = Annotated[int, Path(gt=0, le=MAX_DB_INT, examples=[1])]


@router.get("", response_model=DevicesResponse, responses=responses_for(401, 403))
def tablets(floor: FloorAccess, shop: Shop) -> DevicesResponse:
    """Las tablets: pendientes (código aún sin usar), enroladas y revocadas, con su último uso."""
    rows = [device_out(d, shop.tz) for d in floor.devices()]
    return DevicesResponse(modo=floor.policy.mode.value, dispositivos=rows, total=len(rows))


# Its own path, not POST on the list's: one path, one method, so a 405's Allow is exact.
@router.post("/enrolar", response_model=EnrolStartResponse, responses=responses_for(401, 403))
async def start(
    body: Annotated[EnrolStartRequest, Body(examples=ex.ENROL_START)],
    write: UnkeyedWrite,
    shop: Shop,
    base: TabletBase,
) -> Response:
    """Enrola una tablet: devuelve el código (8 caracteres) que se escribe en ella en los
    próximos 10 minutos, y el enlace con ese código y su QR (la tablet que lo abre queda
    enrolada). Sin Idempotency-Key: la respuesta lleva el código."""
    code = new_code()
    link = enrol_link(base, code)
    # About 10 ms of drawing: in a worker thread, outside the command thread's transaction.
    qr = await run_in_threadpool(enrol_qr, link)

    def run(runner: Runner) -> EnrolStartResponse:
        made = start_enrolment(runner.tx, body.nombre, runner.clock(), code)
        return EnrolStartResponse(
            dispositivo_id=made.device_id,
            nombre=made.nombre,
            codigo=made.code,
            expira_at=made.expires_at.astimezone(shop.tz),
            enlace=link,
            qr=qr,
        )

    return await write("dispositivos", body, run)


@router.post(
    "/{dispositivo_id}/revocar", response_model=DeviceOut, responses=responses_for(401, 403, 404)
)
async def revoke_tablet(dispositivo_id: DevicePath, write: UnkeyedWrite, shop: Shop) -> Response:
    """Revoca una tablet (perdida, robada, dada de baja): desde ya no registra acciones y sus
    sesiones se cierran. Revocar una ya revocada no cambia nada."""

    def run(runner: Runner) -> DeviceOut:
        return device_out(revoke(runner.tx, dispositivo_id, runner.clock()), shop.tz)

    return await write("dispositivos-revocar", str(dispositivo_id), run)
