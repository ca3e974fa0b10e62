"""/api/acceso and /api/sesiones: which floor access mode is in force, and a worker's session
opened with the worker's PIN and ended by "Cambiar trabajador" (issue 22, CONTRACT §2.8)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from zeues.api import examples as ex
from zeues.api.deps import FloorAccess, FloorCredentials, Shop, UnkeyedWrite
from zeues.api.errors import responses_for
from zeues.api.models.floor import (
    AccessResponse,
    SessionEndResponse,
    SessionResponse,
    SignInRequest,
)
from zeues.domain.model import Rol
from zeues.services.floor_access import FloorPolicy, Refused, SignedIn
from zeues.services.runner import Runner

router = APIRouter(prefix="/api", tags=["acceso-planta"])


def access_out(policy: FloorPolicy) -> AccessResponse:
    return AccessResponse(
        modo=policy.mode.value,
        requiere_sesion=policy.mode.needs_session,
        requiere_dispositivo=policy.mode.needs_device,
        inactividad_segundos=int(policy.idle.total_seconds()),
    )


def session_out(signed: SignedIn, policy: FloorPolicy, tz: tzinfo) -> SessionResponse:
    session = signed.session
    assert session.id is not None
    return SessionResponse(
        token=signed.token,
        sesion_id=session.id,
        worker_id=signed.worker.id,
        worker_nombre=signed.worker.nombre_completo,
        modo=policy.mode.value,
        inactividad_segundos=int(policy.idle.total_seconds()),
        vence_at=(session.opened_at + policy.longest).astimezone(tz),
    )


@router.get("/acceso", response_model=AccessResponse)
async def access(floor: FloorAccess) -> AccessResponse:
    """El modo de acceso en planta (ZEUES_FLOOR_AUTH): si las acciones exigen la sesión de un
    trabajador (PIN) y una tablet enrolada."""
    return access_out(floor.policy)


@router.post(
    "/sesiones", response_model=SessionResponse, responses=responses_for(400, 401, 403, 404, 429)
)
async def sign_in(
    body: Annotated[SignInRequest, Body(examples=ex.SIGN_IN)],
    creds: FloorCredentials,
    write: UnkeyedWrite,
    floor: FloorAccess,
    shop: Shop,
) -> Response:
    """Abre la sesión de un trabajador con su PIN. El `token` va en el encabezado
    `X-Worker-Session` de cada acción. 401 PIN_INCORRECTO (dice cuántos intentos quedan);
    el quinto seguido bloquea al trabajador un rato (429 PIN_BLOQUEADO), en cualquier tablet.
    403 SIN_PIN si el supervisor aún no le asignó uno; 403 CAMBIO_DE_PIN_REQUERIDO en el
    primer ingreso: se repite con `pin_nuevo`. Sin Idempotency-Key: la respuesta lleva el token."""
    attempt = await run_in_threadpool(
        floor.prepare_sign_in, body.worker_id, body.pin, body.pin_nuevo, shop.now()
    )

    def run(runner: Runner) -> SessionResponse | Refused:
        result = floor.sign_in(runner.tx, attempt, runner.clock(), creds)
        return result if isinstance(result, Refused) else session_out(result, floor.policy, shop.tz)

    return await write("sesiones", body, run)


@router.post("/sesiones/cerrar", response_model=SessionEndResponse, responses=responses_for())
async def sign_out(creds: FloorCredentials, write: UnkeyedWrite, floor: FloorAccess) -> Response:
    """«Cambiar trabajador»: cierra la sesión del encabezado `X-Worker-Session`. Siempre 200;
    `cerrada` dice si había una sesión abierta."""

    def run(runner: Runner) -> SessionEndResponse:
        if floor.end(runner.tx, creds, runner.clock()):
            return SessionEndResponse(cerrada=True, message="Sesión cerrada.")
        return SessionEndResponse(cerrada=False, message="No había una sesión abierta.")

    return await write("sesiones-cerrar", "cerrar", run)


@router.post(
    "/supervisor/sesion",
    response_model=SessionResponse,
    responses=responses_for(400, 401, 403, 404, 429),
)
async def supervisor_sign_in(
    body: Annotated[SignInRequest, Body(examples=ex.SUPERVISOR_SIGN_IN)],
    creds: FloorCredentials,
    write: UnkeyedWrite,
    floor: FloorAccess,
    shop: Shop,
) -> Response:
    """Un supervisor ingresa a la consola con su propio PIN (rol Supervisor): el `token` va en
    `Authorization: Bearer` de las rutas de supervisor y administración, como el token de
    administración, y la auditoría nombra al supervisor que actuó. Dura un turno o hasta
    `POST /api/sesiones/cerrar` (con el token en `X-Worker-Session`). Mismas reglas de PIN que
    `POST /api/sesiones`."""
    attempt = await run_in_threadpool(
        floor.prepare_sign_in, body.worker_id, body.pin, body.pin_nuevo, shop.now(), Rol.SUPERVISOR
    )

    def run(runner: Runner) -> SessionResponse | Refused:
        result = floor.sign_in(runner.tx, attempt, runner.clock(), creds, origin="supervisor")
        if isinstance(result, Refused):
            return result
        out = session_out(result, floor.policy, shop.tz)
        # No idle expiry for the console: it lasts its shift.
        return out.model_copy(
            update={"inactividad_segundos": int(floor.policy.longest.total_seconds())}
        )

    return await write("supervisor-sesion", body, run)
