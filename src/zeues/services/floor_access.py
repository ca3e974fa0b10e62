"""Who is acting on the floor (issue 22): the check every floor write passes inside its own
transaction (a session of the worker it acts for, in `pin` and `dispositivo+pin`), signing in
with a PIN, and the supervisor's PINs. The slow PIN hash is computed before the transaction,
so no writer waits on it; the transaction re-reads the PIN row and applies the outcome."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from zeues.domain import errors
from zeues.domain.floor_access import (
    CODE_ALPHABET,
    ENROL_CODE_TTL,
    MAX_WRONG_PINS,
    Device,
    FloorMode,
    FloorSession,
    PinState,
    after_right_pin,
    after_wrong_pin,
    device_needs_touch,
    hash_pin,
    needs_touch,
    normal_code,
    session_verdict,
    token_hash,
    valid_pin,
    verify_pin,
    with_new_pin,
)
from zeues.domain.model import Rol, Worker
from zeues.services.not_found import worker_not_found
from zeues.services.ports import FloorReads, FloorTx, ReadModel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FloorPolicy:
    """The floor's access settings, set once at start from ZEUES_FLOOR_*."""

    mode: FloorMode = FloorMode.ABIERTO
    idle: timedelta = timedelta(minutes=15)
    longest: timedelta = timedelta(hours=12)
    lockout: timedelta = timedelta(minutes=15)
    tablet_url: str | None = None  # ZEUES_TABLET_URL: where tablets open the worker app


@dataclass(frozen=True)
class Credentials:
    """What a request carried: the worker session's token (X-Worker-Session) and the tablet's
    credential (X-Device-Token, or the cookie set at enrolment)."""

    session: str | None = None
    device: str | None = None


@dataclass(frozen=True)
class Actor:
    """Who a checked write acts as: recorded in its audit rows' metadata."""

    session_id: int
    worker_id: int
    device_id: int | None = None

    def metadata(self) -> dict[str, int]:
        found = {"sesion_id": self.session_id}
        if self.device_id is not None:
            found["dispositivo_id"] = self.device_id
        return found


# Run first inside a write's transaction: the actor, or AccesoDenegado (nothing is written).
Gate = Callable[[FloorTx, datetime], Actor]

_ENDED = {
    "ended": "La sesión ya se cerró.",
    "idle": "Su sesión se cerró por inactividad.",
    "too_old": "La sesión duró un turno completo y se cerró.",
}


def check_device(tx: FloorTx, creds: Credentials, now: datetime) -> Device:
    """An enrolled, unrevoked tablet (`dispositivo+pin`); its last use noted now and then."""
    device = None if creds.device is None else tx.device_by_token(token_hash(creds.device))
    if device is None:
        raise errors.DispositivoNoEnrolado(
            "Esta tablet no está enrolada: solo las tablets enroladas por un supervisor pueden "
            "registrar acciones. Pida al supervisor un código de enrolamiento."
        )
    if device.estado == "revocada":
        raise errors.DispositivoRevocado(
            f"La tablet «{device.nombre}» fue revocada por un supervisor: ya no puede registrar "
            "acciones.",
            {"dispositivo_id": device.id},
        )
    if device_needs_touch(device, now):
        tx.touch_device(device.id, now)
    return device


def supervisor_valid(session: FloorSession | None, now: datetime, longest: timedelta) -> bool:
    """A supervisor's console session: opened with a Supervisor's PIN, not ended, not older
    than a shift (no idle expiry: the console sits open on a desk between actions)."""
    return (
        session is not None
        and session.origin == "supervisor"
        and session.ended_at is None
        and now - session.opened_at < longest
    )


def check_supervisor(
    tx: FloorTx, policy: FloorPolicy, creds: Credentials, supervisor_id: int | None, now: datetime
) -> Actor:
    """An admin route used with a supervisor's own session (not the admin token): re-checked
    in the transaction, and a supervisor acts only in their own name."""
    session = None if creds.session is None else tx.floor_session(token_hash(creds.session))
    if session is None or not supervisor_valid(session, now, policy.longest):
        raise errors.SesionVencida("La sesión del supervisor terminó. Vuelva a ingresar.")
    if supervisor_id is not None and supervisor_id != session.worker_id:
        raise errors.SesionDeOtroTrabajador(
            f"La sesión es del supervisor {session.worker_id}; no puede actuar a nombre del "
            f"trabajador {supervisor_id}.",
            {"sesion_worker_id": session.worker_id, "worker_id": supervisor_id},
        )
    assert session.id is not None
    return Actor(session.id, session.worker_id)


def check_session(
    tx: FloorTx,
    policy: FloorPolicy,
    creds: Credentials,
    worker_id: int | None,
    now: datetime,
    touch: bool = True,
) -> Actor:
    session = None if creds.session is None else tx.floor_session(token_hash(creds.session))
    # The tablet first (a revoked one is told so, not that its sessions ended); a test session
    # the admin token opened (origin "admin") acts without one: operator tools run from a
    # laptop in every mode.
    device = None
    if policy.mode.needs_device and (session is None or session.origin != "admin"):
        device = check_device(tx, creds, now)
    if creds.session is None:
        raise errors.SesionRequerida(
            "Ingrese su PIN antes de registrar acciones: este taller exige identificarse "
            "(ZEUES_FLOOR_AUTH=" + policy.mode.value + ")."
        )
    if session is None:
        raise errors.SesionVencida("La sesión no es válida. Vuelva a ingresar su PIN.")
    verdict = session_verdict(session, now, policy.idle, policy.longest)
    if verdict != "ok":
        raise errors.SesionVencida(f"{_ENDED[verdict]} Vuelva a ingresar su PIN.")
    if device is not None and device.id != session.device_id:
        raise errors.SesionVencida(
            "Esta sesión se abrió en otra tablet. Vuelva a ingresar su PIN en esta."
        )
    if worker_id is not None and worker_id != session.worker_id:
        raise errors.SesionDeOtroTrabajador(
            f"Esta tablet tiene abierta la sesión del trabajador {session.worker_id}; no puede "
            f"registrar acciones a nombre del trabajador {worker_id}. Use «Cambiar trabajador».",
            {"sesion_worker_id": session.worker_id, "worker_id": worker_id},
        )
    assert session.id is not None
    if touch and needs_touch(session, now):
        tx.touch_floor_session(session.id, now)
    return Actor(session.id, session.worker_id, session.device_id)


@dataclass(frozen=True)
class SignInAttempt:
    """A PIN checked against the hash read before the transaction (`seen`)."""

    worker: Worker
    seen: PinState
    right: bool
    new_hash: str | None


@dataclass(frozen=True)
class SignedIn:
    token: str  # shown once; only its hash is stored
    session: FloorSession
    worker: Worker


@dataclass(frozen=True)
class Refused:
    """A refusal whose bookkeeping (a wrong PIN counted) is committed all the same."""

    error: errors.DomainError


def _locked(worker_id: int, state: PinState) -> errors.PinBloqueado:
    until = state.locked_until
    assert until is not None
    return errors.PinBloqueado(
        lambda tz: (
            f"El trabajador {worker_id} quedó bloqueado por {MAX_WRONG_PINS} PIN incorrectos "
            f"hasta las {until.astimezone(tz):%H:%M}. Espere o pida al supervisor un PIN nuevo."
        ),
        {"worker_id": worker_id, "bloqueado_hasta": until},
    )


@dataclass
class FloorAccess:
    policy: FloorPolicy
    pins: FloorReads
    read: ReadModel
    new_token: Callable[[], str] = field(default=lambda: secrets.token_urlsafe(32))

    def pin_states(self) -> dict[int, PinState]:
        return self.pins.pin_states()

    def devices(self) -> list[Device]:
        return self.pins.devices()

    def device(self, hashed_token: str) -> Device | None:
        return self.pins.device_by_token(hashed_token)

    def supervisor(self, token: str, now: datetime) -> FloorSession | None:
        """The supervisor session this bearer token is, if it is one and still valid."""
        session = self.pins.floor_session(token_hash(token))
        return session if supervisor_valid(session, now, self.policy.longest) else None

    def supervisor_gate(self, creds: Credentials, supervisor_id: int | None) -> Gate:
        policy = self.policy
        return lambda tx, now: check_supervisor(tx, policy, creds, supervisor_id, now)

    def gate(self, creds: Credentials, worker_id: int | None, touch: bool = True) -> Gate | None:
        """The check a floor write runs first in its transaction; None in `abierto`. `touch`:
        whether this write counts as the worker's use of the session (idle expiry)."""
        if not self.policy.mode.needs_session:
            return None
        policy = self.policy
        return lambda tx, now: check_session(tx, policy, creds, worker_id, now, touch)

    def prepare_sign_in(
        self,
        worker_id: int,
        pin: str,
        pin_nuevo: str | None,
        now: datetime,
        role: Rol | None = None,
    ) -> SignInAttempt:
        """The slow part, outside any transaction. Raises the refusals that count nothing.
        `role`: the role the worker must have (Supervisor, for the console)."""
        worker = self.read.worker(worker_id)
        if worker is None or not worker.activo:
            raise worker_not_found(worker_id)
        if role is not None and role not in worker.roles:
            raise errors.RolNoAutorizado(
                f"{worker.nombre_completo} no tiene el rol {role.value}: no puede ingresar a la "
                "consola del supervisor.",
                {"worker_id": worker_id, "rol": role.value},
            )
        state = self.pins.pin_state(worker_id)
        if state.locked(now):
            raise _locked(worker_id, state)
        if state.pin_hash is None:
            raise errors.SinPin(
                f"El trabajador {worker.nombre_completo} no tiene PIN. Pida al supervisor que "
                "le asigne uno.",
                {"worker_id": worker_id},
            )
        new_hash = None
        if pin_nuevo is not None:
            if not valid_pin(pin_nuevo) or pin_nuevo == pin:
                raise errors.PinNoValido(
                    "El PIN nuevo debe tener de 4 a 6 dígitos y ser distinto del actual.",
                    {"worker_id": worker_id},
                )
            new_hash = hash_pin(pin_nuevo)
        return SignInAttempt(worker, state, verify_pin(pin, state.pin_hash), new_hash)

    def sign_in(
        self,
        tx: FloorTx,
        attempt: SignInAttempt,
        now: datetime,
        creds: Credentials,
        origin: str = "pin",
    ) -> SignedIn | Refused:
        """In `dispositivo+pin` only an enrolled tablet may sign a worker in, and the session
        belongs to that tablet. A supervisor's console session (origin "supervisor") needs no
        tablet: the console is a desk's browser."""
        needs_device = self.policy.mode.needs_device and origin == "pin"
        device = check_device(tx, creds, now) if needs_device else None
        worker_id = attempt.worker.id
        state = tx.pin_state(worker_id)
        if state.pin_hash != attempt.seen.pin_hash:
            raise errors.ConflictoConcurrente(
                "El PIN de este trabajador cambió recién. Intente de nuevo."
            )
        if state.locked(now):
            raise _locked(worker_id, state)
        if not attempt.right:
            state = after_wrong_pin(state, now, self.policy.lockout)
            tx.save_pin_state(worker_id, state, now)
            log.warning("PIN incorrecto para el trabajador %d", worker_id)
            if state.locked(now):
                log.warning("trabajador %d bloqueado hasta %s", worker_id, state.locked_until)
                return Refused(_locked(worker_id, state))
            left = state.attempts_left(now)
            return Refused(
                errors.PinIncorrecto(
                    f"PIN incorrecto. Le quedan {left} intentos antes de que se bloquee.",
                    {"worker_id": worker_id, "intentos_restantes": left},
                )
            )
        if state.must_change and attempt.new_hash is None:
            tx.save_pin_state(worker_id, after_right_pin(state), now)
            return Refused(
                errors.CambioDePinRequerido(
                    "Es su primer ingreso con este PIN: elija un PIN nuevo de 4 a 6 dígitos.",
                    {"worker_id": worker_id},
                )
            )
        if attempt.new_hash is not None:
            tx.save_pin_state(worker_id, with_new_pin(state, attempt.new_hash, False), now)
        elif state.wrong_count or state.locked_until:
            tx.save_pin_state(worker_id, after_right_pin(state), now)
        return self.open_session(tx, attempt.worker, now, origin, device.id if device else None)

    def open_session(
        self, tx: FloorTx, worker: Worker, now: datetime, origin: str, device_id: int | None = None
    ) -> SignedIn:
        token = self.new_token()
        session = FloorSession(
            token_hash(token), worker.id, now, now, device_id=device_id, origin=origin
        )
        session_id = tx.open_floor_session(session)
        return SignedIn(token, replace(session, id=session_id), worker)

    def end(self, tx: FloorTx, creds: Credentials, now: datetime) -> bool:
        """ "Cambiar trabajador": ends the session the request carried. False: none open."""
        if creds.session is None:
            return False
        session = tx.floor_session(token_hash(creds.session))
        if session is None or session.ended_at is not None:
            return False
        assert session.id is not None
        return tx.end_floor_sessions(now, "CAMBIO", session_id=session.id) == 1


def new_pin() -> str:
    """A supervisor's initial PIN: 4 random digits, never one of the all-same kind."""
    while True:
        pin = f"{secrets.randbelow(10_000):04d}"
        if len(set(pin)) > 1:
            return pin


def set_pin(tx: FloorTx, worker_id: int, pin_hash: str, now: datetime) -> None:
    """A supervisor sets (or resets) a PIN: the worker changes it at first use, the lockout is
    lifted and the worker's open sessions end."""
    state = tx.pin_state(worker_id)
    tx.save_pin_state(worker_id, with_new_pin(state, pin_hash, must_change=True), now)
    tx.end_floor_sessions(now, "PIN_NUEVO", worker_id=worker_id)


# --- Enrolled tablets (dispositivo+pin) -------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    device_id: int
    nombre: str
    code: str  # shown once on the console, typed on the tablet
    expires_at: datetime


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def start_enrolment(tx: FloorTx, nombre: str, now: datetime, code: str) -> Enrolment:
    """A supervisor names a tablet; its code (new_code(), drawn before the transaction so
    its QR is drawn outside it too) lives ENROL_CODE_TTL."""
    expires = now + ENROL_CODE_TTL
    device_id = tx.add_device(nombre, token_hash(normal_code(code)), expires, now)
    return Enrolment(device_id, nombre, code, expires)


@dataclass(frozen=True)
class Enrolled:
    token: str  # the tablet's credential, shown once; only its hash is stored
    device: Device


def enrol(tx: FloorTx, typed: str, now: datetime, token: str) -> Enrolled:
    """The tablet types the code: it receives its credential, and the code is spent."""
    device = tx.device_by_code(token_hash(normal_code(typed)))
    if device is None or not device.code_valid(now):
        raise errors.CodigoNoValido(
            "El código no es válido o ya venció (dura 10 minutos y sirve una sola vez). Pida "
            "al supervisor uno nuevo."
        )
    tx.enrol_device(device.id, token_hash(token), now)
    return Enrolled(token, replace(device, enrolled_at=now, last_seen_at=now))


def revoke(tx: FloorTx, device_id: int, now: datetime) -> Device:
    """Stops the tablet at once: its next write is refused, its sessions end."""
    before = tx.revoke_device(device_id, now)
    if before is None:
        raise errors.DispositivoNoEncontrado(
            f"La tablet {device_id} no existe.", {"dispositivo_id": device_id}
        )
    return before if before.revoked_at is not None else replace(before, revoked_at=now)
