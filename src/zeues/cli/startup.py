"""Checks run by `zeues serve` (and the other commands that open the database) before anything
changes, and the one-line Spanish messages for what they find: which setting, what was tried,
what to check. No message repeats a password."""

from __future__ import annotations

import errno
import os
import socket
import stat
import tempfile
from pathlib import Path

from zeues.config import Settings, mask_url
from zeues.services.ports import StoreUnavailable

# Above this a soft limit buys nothing (each stream costs memory long before) and some kernels
# refuse an "unlimited" soft limit.
OPEN_FILES_CEILING = 1 << 20
# Files a process needs besides its live streams: database and Redis connections, the log,
# the floor's own requests.
OPEN_FILES_MARGIN = 200


def raise_open_files_limit() -> tuple[int, int] | None:
    """Raises this process's soft open-files limit to its hard one (its worker processes
    inherit it): each live stream is an open socket, and at the usual soft limit of 1,024 a
    thousand tablets and boards starved every other request (issue 19, item 6). Returns the
    (before, after) soft limits, or None where the platform has no such limit."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = OPEN_FILES_CEILING if hard == resource.RLIM_INFINITY else hard
    target = min(target, OPEN_FILES_CEILING)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            return soft, soft
        return soft, target
    return soft, soft


def open_files_warning(limit: int, max_clients: int) -> str | None:
    """A warning when the open-files limit cannot hold ZEUES_SSE_MAX_CLIENTS streams."""
    if limit >= max_clients + OPEN_FILES_MARGIN:
        return None
    return (
        f"Aviso: el límite de archivos abiertos del proceso es {limit}, poco para "
        f"ZEUES_SSE_MAX_CLIENTS={max_clients} pantallas en vivo más las conexiones de la API: "
        f"baje ZEUES_SSE_MAX_CLIENTS a {max(1, limit - OPEN_FILES_MARGIN)} o suba el límite "
        "(LimitNOFILE= en systemd, ulimit -Hn; ver docs/DEPLOYMENT.md)"
    )


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
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise StartupProblem(data_dir_unwritable(settings, exc)) from exc
    private_folder(folder)


def private_folder(folder: Path) -> None:
    """The data folder readable by this user only (0700): it holds the database, the admin
    token and the backups. A folder of another user, or a shared one with the sticky bit
    (/tmp), keeps its permissions."""
    try:
        found = folder.stat()
        if found.st_uid == os.getuid() and not found.st_mode & stat.S_ISVTX:
            folder.chmod(0o700)
    except OSError:
        pass


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


def no_database(settings: Settings) -> str:
    where = settings.sqlite_file or mask_url(settings.database_url)
    return (
        f"No hay una base de datos de ZEUES en {where}: créela con `zeues serve` (o "
        "`zeues db upgrade`), o indique la que usa con ZEUES_DATA_DIR o ZEUES_DATABASE_URL"
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
