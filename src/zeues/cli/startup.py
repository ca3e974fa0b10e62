"""Checks run by `zeues serve` (and the other commands that open the database) before anything
changes, and the one-line Spanish messages for what they find: which setting, what was tried,
what to check. No message repeats a password."""

from __future__ import annotations

import errno
import os
import socket
import tempfile
from pathlib import Path

from zeues.config import Settings, mask_url
from zeues.services.ports import StoreUnavailable


class StartupProblem(Exception):
    """A mistake in the deployment the operator can fix; its text is the whole message."""


def check_port_free(host: str, port: int) -> None:
    """Bind the port the way uvicorn will (SO_REUSEADDR), then release it at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StartupProblem(f"el puerto {port} está en uso: use --port") from exc
            raise StartupProblem(
                f"no se puede abrir {host}:{port} ({exc.strerror}): revise --host y --port"
            ) from exc


def check_data_dir(settings: Settings) -> None:
    """The data folder (admin token, SQLite file) must exist or be creatable, and be writable."""
    folder = Path(settings.data_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise StartupProblem(data_dir_unwritable(settings, exc)) from exc


def data_dir_unwritable(settings: Settings, exc: OSError) -> str:
    source = "ZEUES_DATA_DIR" if settings.data_dir is not None else "ZEUES_DATABASE_URL"
    reason = exc.strerror or type(exc).__name__
    return (
        f"La carpeta de datos {settings.data_path} ({source}) no se puede escribir ({reason}): "
        f"revise que exista y que el usuario {_user()} tenga permiso de escritura"
    )


def database_unreachable(settings: Settings, exc: BaseException) -> str:
    url = mask_url(settings.database_url)
    if settings.is_sqlite:
        return (
            f"No se puede abrir la base de datos SQLite (ZEUES_DATABASE_URL={url}): "
            "revise que la carpeta exista y se pueda escribir"
        )
    reason = _first_line(exc)
    return (
        f"No se puede conectar a la base de datos (ZEUES_DATABASE_URL={url}): {reason}; "
        "revise que PostgreSQL esté en marcha y accesible, y el usuario, la clave y la base"
    )


def redis_unreachable(redis_url: str, reason: str) -> str:
    """A warning, not a stop: without Redis the floor keeps working (CONTRACT §2.6)."""
    return (
        f"Aviso: no se puede conectar a Redis (ZEUES_REDIS_URL={mask_url(redis_url)}): "
        f"{reason}; se sirve igual (sin eventos en vivo entre procesos) y se reintenta. "
        "Revise que Redis esté en marcha y accesible, o deje ZEUES_REDIS_URL vacía"
    )


def _first_line(exc: BaseException) -> str:
    """The driver's reason without its multi-line detail (psycopg adds the full DSN context)."""
    # A SQLAlchemy error keeps the driver's in `orig`; the store's StoreUnavailable, in its cause.
    unavailable = exc.__cause__ if isinstance(exc, StoreUnavailable) else None
    cause = getattr(exc, "orig", None) or unavailable or exc
    text = str(cause).strip().splitlines()
    line = text[0] if text else type(cause).__name__
    return line.removeprefix("connection failed: ")


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return str(os.getuid())
