"""Every startup mistake is one Spanish line and exit 2, from the real `zeues` command, after
the line naming the database the command uses (issue 20). Each test has its own user data
folder (XDG_DATA_HOME in the test's folder): the default database lives there."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.infra.servers import free_port

SECRET = "s3cr3t-pass"


def data_folder(tmp_path: Path) -> Path:
    """The default data folder of a command run by `zeues()`."""
    return tmp_path / "xdg" / "zeues"


def after_database_line(stderr: str, database: str) -> str:
    """stderr without its first line, which must name `database`."""
    first, _, rest = stderr.partition("\n")
    assert first.startswith(f"Base de datos: {database} ("), first
    return rest


def zeues(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZEUES_")}
    clean["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    return subprocess.run(
        [sys.executable, "-m", "zeues", *args],
        cwd=tmp_path,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unknown_database_scheme_is_refused_by_config_show(tmp_path: Path) -> None:
    done = zeues(tmp_path, "config", "show", ZEUES_DATABASE_URL="foo://bar")
    assert done.returncode == 2
    assert done.stderr == (
        "Configuración no válida: ZEUES_DATABASE_URL: esquema «foo» no soportado; use "
        "sqlite:///ruta/archivo.db o postgresql://usuario:clave@servidor/base\n"
    )


def test_an_unknown_redis_scheme_is_one_line(tmp_path: Path) -> None:
    done = zeues(tmp_path, "config", "show", ZEUES_REDIS_URL=f"foo://u:{SECRET}@bar")
    assert done.returncode == 2
    assert done.stderr == (
        "Configuración no válida: ZEUES_REDIS_URL: esquema «foo» no soportado; use "
        "redis://servidor:6379/0, rediss://… o unix:///ruta/redis.sock\n"
    )
    assert SECRET not in done.stdout + done.stderr


def test_an_unreachable_postgres_names_the_setting_and_hides_the_password(tmp_path: Path) -> None:
    port = free_port()
    url = f"postgresql://nobody:{SECRET}@127.0.0.1:{port}/x"
    done = zeues(tmp_path, "db", "upgrade", ZEUES_DATABASE_URL=url)
    assert done.returncode == 2
    masked = f"postgresql+psycopg://nobody:****@127.0.0.1:{port}/x"
    assert after_database_line(done.stderr, masked) == (
        "No se puede conectar a la base de datos (ZEUES_DATABASE_URL="
        f"postgresql+psycopg://nobody:****@127.0.0.1:{port}/x): connection to server at "
        f'"127.0.0.1", port {port} failed: Connection refused; revise que PostgreSQL esté en '
        "marcha y accesible, y el usuario, la clave y la base\n"
    )
    assert SECRET not in done.stdout + done.stderr


def test_serve_with_an_unreachable_postgres_stops_before_the_banner(tmp_path: Path) -> None:
    port = free_port()
    url = f"postgresql://nobody:{SECRET}@127.0.0.1:{port}/x"
    done = zeues(tmp_path, "serve", "--port", str(free_port()), ZEUES_DATABASE_URL=url)
    assert done.returncode == 2
    assert done.stdout == ""
    rest = after_database_line(done.stderr, f"postgresql+psycopg://nobody:****@127.0.0.1:{port}/x")
    assert rest.startswith("No se puede conectar a la base de datos (ZEUES_DATABASE_URL=")
    assert rest.count("\n") == 1


def test_an_unwritable_data_folder_is_one_line(tmp_path: Path) -> None:
    # /proc refuses new folders even to root, so this holds whoever runs the tests.
    done = zeues(tmp_path, "db", "upgrade", ZEUES_DATA_DIR="/proc/zeues-data")
    assert done.returncode == 2
    rest = after_database_line(done.stderr, "/proc/zeues-data/zeues.db")
    assert rest.startswith(
        "La carpeta de datos /proc/zeues-data (ZEUES_DATA_DIR) no se puede escribir ("
    )
    assert rest.count("\n") == 1


def test_a_sqlite_file_in_an_unwritable_folder_is_one_line(tmp_path: Path) -> None:
    done = zeues(tmp_path, "serve", ZEUES_DATABASE_URL="sqlite:////proc/zz/zeues.db")
    assert done.returncode == 2
    rest = after_database_line(done.stderr, "/proc/zz/zeues.db")
    assert rest.startswith("La carpeta de datos /proc/zz (ZEUES_DATABASE_URL) no se puede")
    assert rest.count("\n") == 1


def test_a_port_in_use_is_refused_before_migrations(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = zeues(tmp_path, "serve", "--port", str(port))
    assert done.returncode == 2
    database = data_folder(tmp_path) / "zeues.db"
    assert after_database_line(done.stderr, str(database)) == (
        f"el puerto {port} está en uso: use --port\n"
    )
    assert done.stdout == ""
    assert not database.exists()  # no migration ran


def test_config_show_prints_the_effective_data_folder(tmp_path: Path) -> None:
    done = zeues(tmp_path, "config", "show")
    assert done.returncode == 0
    assert json.loads(done.stdout)["data_dir"] == str(data_folder(tmp_path).resolve())


def test_the_first_start_prints_the_admin_token_once(tmp_path: Path) -> None:
    first = _serve_banner(tmp_path)
    token = (data_folder(tmp_path) / "admin-token").read_text().strip()
    assert f"Token de administración generado (se muestra una sola vez): {token}" in first
    second = _serve_banner(tmp_path)
    assert "ZEUES en http://127.0.0.1:" in second
    assert token not in second


def test_an_unreachable_redis_at_start_is_one_warning_line_and_serving_goes_on(
    tmp_path: Path,
) -> None:
    port = free_port()
    url = f"redis://:{SECRET}@127.0.0.1:{port}/0"
    out = _serve_banner(tmp_path, ZEUES_REDIS_URL=url, ZEUES_REDIS_SOCKET_CONNECT_TIMEOUT="1")
    warning = (
        f"Aviso: no se puede conectar a Redis (ZEUES_REDIS_URL=redis://:****@127.0.0.1:{port}/0): "
        f"ConnectionError: Error 111 connecting to 127.0.0.1:{port}. Connection refused.; se sirve "
        "igual (sin eventos en vivo entre procesos) y se reintenta. Revise que Redis esté en "
        "marcha y accesible, o deje ZEUES_REDIS_URL vacía"
    )
    assert warning in out.splitlines()
    assert "ZEUES en http://127.0.0.1:" in out  # still served (CONTRACT §2.6)
    assert SECRET not in out


def _serve_banner(tmp_path: Path, **extra: str) -> str:
    """Start `zeues serve`, wait until it answers, stop it; what it printed."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZEUES_")}
    clean["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    log = tmp_path / f"serve-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "zeues", "serve", "--port", str(port)],
            cwd=tmp_path,
            env={**clean, "COLUMNS": "200", **extra},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/api/health/live").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
        finally:
            proc.terminate()
            proc.wait(20)
    return log.read_text()


def test_e2e_against_a_dead_url_stops_at_the_precheck(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{free_port()}"
    done = zeues(tmp_path, "e2e", "--base-url", base, COLUMNS="300")
    assert done.returncode == 3
    assert done.stdout.splitlines()[-1] == (
        f"✘ No pudo empezar: {base} no responde (ConnectError: [Errno 111] Connection "
        "refused); revise --base-url y que el servidor esté en marcha"
    )
    assert "PASS" not in done.stdout and "FAIL" not in done.stdout
    assert not (tmp_path / "test-results").exists()  # no report of a run that never started
