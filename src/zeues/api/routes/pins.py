"""The supervisor's side of worker PINs, behind the admin token (issue 22, CONTRACT §2.8):
set or reset one PIN, a printable sheet of initial PINs for a crew, who is locked out; and test
sessions for operator tools (`zeues e2e`, `zeues loadtest`) in every floor access mode."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from zeues.api import examples as ex
from zeues.api.deps import Admin, FloorAccess, Reads, Shop, UnkeyedWrite
from zeues.api.errors import responses_for
from zeues.api.models.floor import (
    MAX_SHEET,
    AdminSessionRequest,
    CrewSheetRequest,
    CrewSheetResponse,
    PinOut,
    PinStatusOut,
    PinStatusResponse,
    SessionResponse,
    SetPinRequest,
)
from zeues.api.models.requests import MAX_DB_INT
from zeues.api.routes.floor_sessions import session_out
from zeues.domain.floor_access import INITIAL_PIN_N, hash_pin
from zeues.services.floor_access import new_pin, set_pin
from zeues.services.runner import Runner

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Admin])
_ERRORS = responses_for(401, 403, 404)
WorkerPath = Annotated[int, Path(gt=0, le=MAX_DB_INT, examples=[96])]


@router.get("/pines", response_model=PinStatusResponse, responses=responses_for(401, 403))
def pin_status(reads: Reads, floor: FloorAccess, shop: Shop) -> PinStatusResponse:
    """Cada trabajador activo: si tiene PIN, si debe cambiarlo, sus PIN incorrectos seguidos y
    si está bloqueado (y hasta cuándo)."""
    now, states = shop.now(), floor.pin_states()
    rows = []
    for worker in reads.active_workers():
        state = states.get(worker.id)
        locked = state is not None and state.locked(now)
        rows.append(
            PinStatusOut(
                worker_id=worker.id,
                worker_nombre=worker.nombre_completo,
                tiene_pin=state is not None and state.pin_hash is not None,
                debe_cambiar=state is not None and state.must_change,
                intentos_fallidos=state.wrong_in_row(now) if state else 0,
                bloqueado=locked,
                bloqueado_hasta=state.locked_until.astimezone(shop.tz)
                if state and locked and state.locked_until
                else None,
                ultimo_pin_fallido=state.last_wrong_at.astimezone(shop.tz)
                if state and state.last_wrong_at
                else None,
            )
        )
    return PinStatusResponse(
        modo=floor.policy.mode.value, trabajadores=rows, bloqueados=sum(r.bloqueado for r in rows)
    )


@router.post("/workers/{worker_id}/pin", response_model=PinOut, responses=_ERRORS)
async def set_worker_pin(
    worker_id: WorkerPath,
    body: Annotated[SetPinRequest, Body(examples=ex.SET_PIN)],
    reads: Reads,
    write: UnkeyedWrite,
) -> Response:
    """Asigna (o repone) el PIN de un trabajador: el dado o uno al azar. El trabajador lo
    cambia en su primer ingreso; se levanta su bloqueo y se cierran sus sesiones abiertas.
    Sin Idempotency-Key: la respuesta lleva el PIN, que el servidor no guarda."""
    worker = reads.worker(worker_id)
    pin = body.pin or new_pin()
    hashed = await run_in_threadpool(hash_pin, pin)

    def run(runner: Runner) -> PinOut:
        set_pin(runner.tx, worker.id, hashed, runner.clock())
        return PinOut(
            worker_id=worker.id, worker_nombre=worker.nombre_completo, pin=pin, debe_cambiar=True
        )

    return await write("pin", body, run)


@router.post("/pines/hoja", response_model=CrewSheetResponse, responses=_ERRORS)
async def crew_sheet(
    body: Annotated[CrewSheetRequest, Body(examples=ex.CREW_SHEET)],
    reads: Reads,
    floor: FloorAccess,
    write: UnkeyedWrite,
) -> Response:
    """PIN iniciales para una cuadrilla, para imprimir y entregar: uno al azar por cada
    trabajador (de la lista, o activo) que aún no tiene PIN; un PIN ya entregado se repone de a
    uno. Cada trabajador lo cambia en su primer ingreso."""
    if body.worker_ids is None:
        workers = reads.active_workers()
    else:
        workers = [reads.worker(w) for w in dict.fromkeys(body.worker_ids)]
    states = floor.pin_states()
    without = [w for w in workers if w.id not in states or states[w.id].pin_hash is None]
    workers = without[:MAX_SHEET]
    pins = [new_pin() for _ in workers]
    hashes = await run_in_threadpool(lambda: [hash_pin(p, n=INITIAL_PIN_N) for p in pins])

    def run(runner: Runner) -> CrewSheetResponse:
        now = runner.clock()
        for worker, hashed in zip(workers, hashes, strict=True):
            set_pin(runner.tx, worker.id, hashed, now)
        rows = [
            PinOut(worker_id=w.id, worker_nombre=w.nombre_completo, pin=p, debe_cambiar=True)
            for w, p in zip(workers, pins, strict=True)
        ]
        return CrewSheetResponse(pines=rows, total=len(rows), pendientes=len(without) - len(rows))

    return await write("pines-hoja", body, run)


@router.post("/sesiones", response_model=SessionResponse, responses=_ERRORS)
async def test_session(
    body: Annotated[AdminSessionRequest, Body(examples=ex.ADMIN_SESSION)],
    reads: Reads,
    floor: FloorAccess,
    shop: Shop,
    write: UnkeyedWrite,
) -> Response:
    """Una sesión de trabajador sin PIN, para herramientas de operación (`zeues e2e`,
    `zeues loadtest`, scripts): el token de administración la abre en cualquier modo."""
    worker = reads.worker(body.worker_id)

    def run(runner: Runner) -> SessionResponse:
        signed = floor.open_session(runner.tx, worker, runner.clock(), "admin")
        return session_out(signed, floor.policy, shop.tz)

    return await write("admin-sesiones", body, run)
