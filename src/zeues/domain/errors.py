"""Domain errors. They carry a code and a Spanish message, never an HTTP status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, tzinfo
from typing import Any

# A message that mentions a time of day is written for the reader's timezone, which only the
# edge (HTTP) knows: such errors carry a function of the timezone instead of a fixed string.
Render = Callable[[tzinfo], str]


class DomainError(Exception):
    """`data` may hold datetimes (aware); the edge shows them in the shop's timezone."""

    code = "ERROR"

    def __init__(self, message: str | Render, data: dict[str, Any] | None = None) -> None:
        self._render = message if callable(message) else None
        self.message = message(UTC) if callable(message) else message
        super().__init__(self.message)
        self.data: dict[str, Any] = data or {}

    def message_in(self, tz: tzinfo) -> str:
        return self._render(tz) if self._render else self.message


class SpoolNoEncontrado(DomainError):
    code = "SPOOL_NO_ENCONTRADO"


class WorkerNoEncontrado(DomainError):
    code = "WORKER_NO_ENCONTRADO"


class SpoolBloqueado(DomainError):
    code = "SPOOL_BLOQUEADO"


class RolNoAutorizado(DomainError):
    code = "ROL_NO_AUTORIZADO"


class NoAutorizado(DomainError):
    """PAUSAR/COMPLETAR while another worker holds the spool."""

    code = "NO_AUTORIZADO"


class DependenciasNoSatisfechas(DomainError):
    code = "DEPENDENCIAS_NO_SATISFECHAS"


class OperacionYaCompletada(DomainError):
    code = "OPERACION_YA_COMPLETADA"


class OperacionNoIniciada(DomainError):
    code = "OPERACION_NO_INICIADA"


class OperacionNoAplicable(DomainError):
    code = "OPERACION_NO_APLICABLE"


class SpoolOcupado(DomainError):
    code = "SPOOL_OCCUPIED"


class LockExpirado(DomainError):
    code = "LOCK_EXPIRED"


class ResetNoPermitido(DomainError):
    code = "RESET_NO_PERMITIDO"


class ConflictoConcurrente(DomainError):
    """The spool kept changing under us; the client may simply retry."""

    code = "CONFLICTO_CONCURRENTE"


class SpoolNoBloqueado(DomainError):
    code = "SPOOL_NO_BLOQUEADO"


class ArchivoNoValido(DomainError):
    """An import file that cannot be read as a table (format, sheet, header row)."""

    code = "ARCHIVO_NO_VALIDO"


class ArchivoDemasiadoGrande(DomainError):
    code = "ARCHIVO_DEMASIADO_GRANDE"


# --- Floor identity (issue 22) ----------------------------------------------------------------


class AccesoDenegado(DomainError):
    """Who is asking may not act (no session, a session of another worker, a wrong PIN...).
    Never remembered under an Idempotency-Key: once the worker signs in, the same attempt
    must be decided on its merits."""

    code = "ACCESO_DENEGADO"


class SesionRequerida(AccesoDenegado):
    code = "SESION_REQUERIDA"


class SesionVencida(AccesoDenegado):
    code = "SESION_VENCIDA"


class PinIncorrecto(AccesoDenegado):
    code = "PIN_INCORRECTO"


class SesionDeOtroTrabajador(AccesoDenegado):
    code = "SESION_DE_OTRO_TRABAJADOR"


class SinPin(AccesoDenegado):
    code = "SIN_PIN"


class CambioDePinRequerido(AccesoDenegado):
    code = "CAMBIO_DE_PIN_REQUERIDO"


class PinBloqueado(AccesoDenegado):
    code = "PIN_BLOQUEADO"


class PinNoValido(DomainError):
    code = "PIN_NO_VALIDO"


class DispositivoNoEnrolado(AccesoDenegado):
    code = "DISPOSITIVO_NO_ENROLADO"


class DispositivoRevocado(AccesoDenegado):
    code = "DISPOSITIVO_REVOCADO"


class CodigoNoValido(DomainError):
    code = "CODIGO_NO_VALIDO"


class DispositivoNoEncontrado(DomainError):
    code = "DISPOSITIVO_NO_ENCONTRADO"


class UnionNoValida(DomainError):
    """A union selection that names no union of the spool, or one the operation does not do."""

    code = "UNION_NO_VALIDA"


class UnionYaRegistrada(DomainError):
    """A union already finished for this operation (by this or another worker)."""

    code = "UNION_YA_REGISTRADA"
