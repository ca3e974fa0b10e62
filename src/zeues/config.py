"""One typed Settings object (environment prefix ZEUES_)."""

from __future__ import annotations

import os
import re
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from platformdirs import user_data_path
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATABASE_FILE = "zeues.db"
DATABASE_SCHEMES = ("sqlite", "postgresql+psycopg")
REDIS_SCHEMES = ("redis", "rediss", "unix")
# Where an existing v3.0 tablet frontend runs during development (it allowed these by default).
DEV_ORIGINS = ("http://localhost:3000", "http://127.0.0.1:3000")
ENVIRONMENTS = ("development", "production", "test")
Environment = Literal["development", "production", "test"]
MIN_PRODUCTION_TOKEN = 16
MIN_TOKEN_DISTINCT = 5
MB = 1024 * 1024


def default_data_dir() -> Path:
    """This user's data folder for ZEUES (e.g. ~/.local/share/zeues on Linux): one database
    per user and installation, wherever a command runs from (issue 20, item 5)."""
    return user_data_path("zeues", appauthor=False)


def _default_database_url(data: dict[str, Any]) -> str:
    folder = data.get("data_dir") or default_data_dir()
    return f"sqlite:///{Path(folder).expanduser().resolve() / DATABASE_FILE}"


def normalise_database_url(url: str) -> str:
    """Plain `postgresql://` URLs use psycopg 3, the driver ZEUES ships with."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# ZEUES_TABLET_URL: an http(s) address with an optional path, no query or fragment (the
# enrolment link adds its own query).
TABLET_URL = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZEUES_", extra="ignore")

    data_dir: Path | None = None
    # Unset: zeues.db in data_dir, else in this user's data folder (default_data_dir).
    database_url: str = Field(default_factory=_default_database_url)
    redis_url: str | None = None
    redis_pool_max_connections: int = Field(20, ge=1, le=10_000)
    redis_socket_timeout: float = Field(5.0, gt=0)
    redis_socket_connect_timeout: float = Field(5.0, gt=0)
    redis_health_check_interval: int = Field(30, ge=0)
    redis_pool_alert_percent: float = Field(80.0, gt=0, le=100)
    # Deployments sharing one Redis (staging and production, two plants) each use their own
    # channel, so neither sees the other's events.
    redis_channel: str = Field("zeues:events", min_length=1, max_length=200, pattern=r"^\S+$")
    # A hold follows the work: renewed by its worker's TOMAR and tablet, it lapses only after
    # this long without either (CONTRACT §1.2). Default: a shift.
    lease_ttl_seconds: int = Field(36000, ge=0)
    timezone: str = "America/Santiago"
    # One of ENVIRONMENTS, any case: a typo ("prod") is refused at load, never silently
    # development (issue 19, item 7).
    environment: Environment = "development"
    admin_token: SecretStr | None = None
    # Unset: in development the v3.0 tablet frontend's origins (see DEV_ORIGINS), in production
    # none. Set (even empty): exactly the comma-separated list given.
    allowed_origins: str | None = None
    sse_ping_seconds: float = Field(15.0, gt=0)
    sse_max_stream_seconds: float = Field(3600.0, gt=0)
    # Live streams one process keeps open at once; beyond it 503 + Retry-After. Each stream is
    # an open file: `zeues serve` raises the open-files limit (docs/DEPLOYMENT.md).
    sse_max_clients: int = Field(1000, ge=1, le=1_000_000)
    # Request bodies, refused with 413 while they stream in (api/intake.py).
    max_json_bytes: int = Field(64 * 1024, ge=1024, le=16 * MB)
    max_upload_bytes: int = Field(50 * MB, ge=MB, le=50 * MB)  # larger: `zeues import`
    # Wrong admin tokens from one address before it gets 429 for admin_lockout_seconds.
    admin_max_failures: int = Field(10, ge=1, le=10_000)
    admin_lockout_seconds: float = Field(60.0, gt=0, le=86_400)
    # Backups (`zeues backup`, and `zeues serve` every backup_interval_hours; 0 = never by
    # itself). Unset folder: backups/ in the data folder.
    backup_dir: Path | None = None
    backup_interval_hours: float = Field(24.0, ge=0, le=24 * 31)
    backup_keep: int = Field(7, ge=1, le=1000)
    # Without Redis, how often each process reads the audit table for changes made by the
    # other processes on the same database (0 = never: a single process needs none).
    events_poll_seconds: float = Field(0.25, ge=0, le=60)
    test_spool_pattern: str = "TEST-*"
    # Which union types need welding (SOLD), comma-separated; the others are ARM-only
    # (CONTRACT §2.9).
    tipos_sold: str = Field("BW,BR,SO,FILL,LET", pattern=r"^[A-Za-z0-9_ ,-]*$", max_length=200)
    db_pool_size: int = Field(10, ge=1)
    db_max_overflow: int = Field(10, ge=0)
    db_pool_timeout: float = Field(5.0, gt=0)
    process_name: str = Field(default_factory=lambda: f"zeues-{os.getpid()}")
    # Who may act on the floor (issue 22): `abierto` (anyone on the LAN, as v3.0; the demo's
    # default), `pin` (a worker session opened with the worker's PIN), `dispositivo+pin`.
    # In production it must be set explicitly (floor_auth_problem).
    floor_auth: Literal["abierto", "pin", "dispositivo+pin"] = "abierto"
    floor_session_idle_seconds: int = Field(900, ge=60, le=86_400)
    floor_session_max_seconds: int = Field(43_200, ge=300, le=604_800)
    floor_pin_lockout_seconds: int = Field(900, ge=60, le=86_400)
    # `dispositivo`: the floor's reads (lists, board, live stream) only for enrolled tablets
    # and the admin token; needs ZEUES_FLOOR_AUTH=dispositivo+pin.
    floor_reads: Literal["abiertas", "dispositivo"] = "abiertas"
    # The address tablets open the worker app at (e.g. http://192.168.1.10:8000), which the
    # console's enrolment QR encodes. Unset: the address the console itself was opened with
    # (wrong when the supervisor opens it as localhost, or behind a proxy that rewrites Host).
    tablet_url: str | None = Field(None, max_length=300)

    @field_validator("environment", mode="before")
    @classmethod
    def _known_environment(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        name = value.strip().lower()
        if name not in ENVIRONMENTS:
            raise ValueError(
                f"«{value}» no es un entorno conocido; use {', '.join(ENVIRONMENTS)} "
                "(mayúsculas o minúsculas da igual)"
            )
        return name

    @field_validator("tablet_url")
    @classmethod
    def _plain_http_address(cls, value: str | None) -> str | None:
        if value is not None and not TABLET_URL.fullmatch(value):
            raise ValueError(
                f"«{value}» no es una dirección como http://192.168.1.10:8000 (http o https, "
                "sin espacios, sin ? ni #)"
            )
        return value

    @field_validator("admin_token", mode="before")
    @classmethod
    def _trimmed_token(cls, value: object) -> object:
        # Pasted with a trailing newline or spaces: the token is what is between them.
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if not isinstance(raw, str):
            return value
        if not raw.strip():
            raise ValueError(
                "está vacío o es solo espacios; quítelo para que ZEUES genere uno, o use un "
                f"token de al menos {MIN_PRODUCTION_TOKEN} caracteres"
            )
        return raw.strip()

    @field_validator("database_url")
    @classmethod
    def _normalise_url(cls, value: str) -> str:
        return _absolute_sqlite(normalise_database_url(value))

    @field_validator("database_url", mode="after")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        # Checked at load so `config show` and every command refuse a URL no driver can open;
        # the message never repeats the URL (it may hold a password).
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in DATABASE_SCHEMES:
            raise ValueError(
                f"esquema «{scheme or 'ninguno'}» no soportado; use sqlite:///ruta/archivo.db "
                "o postgresql://usuario:clave@servidor/base"
            )
        return value

    @field_validator("redis_url")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        if not value:
            return None
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in REDIS_SCHEMES:
            raise ValueError(
                f"esquema «{scheme or 'ninguno'}» no soportado; use redis://servidor:6379/0, "
                "rediss://… o unix:///ruta/redis.sock"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"zona horaria desconocida: {value}") from exc
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        token = self.admin_token.get_secret_value() if self.admin_token else None
        if self.environment == "production" and token is not None:
            problem = weak_token(token)
            if problem:
                raise ValueError(f"ZEUES_ADMIN_TOKEN {problem} (ZEUES_ENVIRONMENT=production)")
        if self.floor_reads == "dispositivo" and self.floor_auth != "dispositivo+pin":
            raise ValueError(
                "ZEUES_FLOOR_READS=dispositivo necesita ZEUES_FLOOR_AUTH=dispositivo+pin (solo "
                "entonces hay tablets enroladas)"
            )
        return self

    def floor_auth_problem(self) -> str | None:
        """Why the server must not start: in production the floor's access mode is chosen, not
        inherited from a default meant for the demo."""
        if self.environment == "production" and "floor_auth" not in self.model_fields_set:
            return (
                "ZEUES_FLOOR_AUTH no está configurado: en producción elija quién puede registrar "
                "acciones en planta: abierto (cualquiera en la red, como v3.0), pin (cada "
                "trabajador con su PIN) o dispositivo+pin (además, solo tablets enroladas)"
            )
        return None

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite database file, or None (PostgreSQL, or SQLite in memory)."""
        if not self.is_sqlite or ":memory:" in self.database_url:
            return None
        return Path(self.database_url.split(":///", 1)[1])

    @property
    def backup_path(self) -> Path:
        """Where backups go: ZEUES_BACKUP_DIR, else backups/ in the data folder."""
        return self.backup_dir if self.backup_dir is not None else self.data_path / "backups"

    @property
    def data_path(self) -> Path:
        """Where the generated admin token (and the default SQLite file) live."""
        if self.data_dir is not None:
            return self.data_dir
        found = self.sqlite_file
        return found.parent if found is not None else default_data_dir()

    @property
    def database_source(self) -> str:
        """Which setting chose the database, for the line every command starts with."""
        if "database_url" in self.model_fields_set:
            return "ZEUES_DATABASE_URL"
        if self.data_dir is not None:
            return "ZEUES_DATA_DIR"
        return "la carpeta de datos de este usuario; ZEUES_DATA_DIR o ZEUES_DATABASE_URL la cambian"

    @property
    def origins(self) -> list[str]:
        """The browser origins allowed by CORS (CONTRACT §4)."""
        if self.allowed_origins is None:
            return list(DEV_ORIGINS) if self.environment != "production" else []
        return [o.strip() for o in self.allowed_origins.split(",") if o.strip()]

    def masked(self) -> dict[str, object]:
        """Effective values for `zeues config show`, secrets masked."""
        values = self.model_dump()
        values["admin_token"] = "****" if self.admin_token else None
        values["data_dir"] = str(self.data_path.resolve())  # the folder in use, even if derived
        values["allowed_origins"] = self.origins  # the effective list, defaults included
        for key in ("database_url", "redis_url"):
            values[key] = _mask_password(values[key])
        return values


def weak_token(token: str) -> str | None:
    """Why `token` is too weak for production (None: strong enough). Guessable tokens, not
    only short ones: sixteen spaces or sixteen `a` pass a length check."""
    if len(token) < MIN_PRODUCTION_TOKEN:
        return f"debe tener al menos {MIN_PRODUCTION_TOKEN} caracteres"
    if len(set(token)) < MIN_TOKEN_DISTINCT:
        return (
            f"debe tener al menos {MIN_TOKEN_DISTINCT} caracteres distintos (p. ej. el que "
            "genera `zeues admin-token`)"
        )
    return None


def _absolute_sqlite(url: str) -> str:
    """A relative SQLite path is fixed where the setting is read, so every message names the
    file actually used."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or ":memory:" in url or url == prefix:
        return url
    path = Path(url[len(prefix) :])
    return url if path.is_absolute() else prefix + str(path.resolve())


def mask_url(url: str) -> str:
    """The URL with its password replaced by ****, for messages and `config show`."""
    masked = _mask_password(url)
    return masked if isinstance(masked, str) else url


def setting_errors(exc: ValidationError) -> str:
    """One line per invalid setting, named as the operator sets it (ZEUES_X), without the value
    (pydantic's own text repeats the input, which may be a password)."""
    parts = []
    for error in exc.errors():
        name = "ZEUES_" + "_".join(str(p) for p in error["loc"]).upper() if error["loc"] else ""
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{name}: {message}" if name else message)
    return "; ".join(parts)


def _mask_password(url: object) -> object:
    if not isinstance(url, str) or "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:****@{host}" if ":" in creds else url


def tipos_sold(settings: Settings) -> frozenset[str]:
    """`ZEUES_TIPOS_SOLD` as the set of upper-case type codes."""
    return frozenset(t.strip().upper() for t in settings.tipos_sold.split(",") if t.strip())
