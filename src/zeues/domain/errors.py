"""Domain errors. They carry a code and a Spanish message, never an HTTP status."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "ERROR"

    def __init__(self, message: str, data: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.data: dict[str, Any] = data or {}


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
