"""Private PostgreSQL and Redis servers for tests, or the ones named in the environment.

- ZEUES_TEST_REDIS_URL / ZEUES_TEST_DATABASE_URL_PG: use that server (fault tests that must
  stop Redis are skipped: they need a server of their own).
- Otherwise start private ones from the installed binaries (apt-get installs them when
  missing) on free ports in temporary directories, and stop them afterwards. Private servers
  never touch a machine's shared services, and can be killed and restarted by fault tests.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

REDIS_ENV = "ZEUES_TEST_REDIS_URL"
POSTGRES_ENV = "ZEUES_TEST_DATABASE_URL_PG"
START_TIMEOUT = 30.0
# FILE_COPY or WAL_LOG (PostgreSQL 15+). On the ~2,000-spool demo template, create + drop took
# 38 ms with FILE_COPY and 52 ms with WAL_LOG (fsync off, as these test servers run).
TEMPLATE_STRATEGY = "FILE_COPY"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _accepting(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def apt_install(package: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=False, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-q", package], check=True, env=env)


# --------------------------------------------------------------------------- Redis


def redis_binary() -> str:
    found = shutil.which("redis-server")
    if found is None:
        apt_install("redis-server")
        found = shutil.which("redis-server")
    if found is None:
        raise RuntimeError("redis-server no está instalado y apt-get no pudo instalarlo")
    return found


class RedisServer:
    """A private redis-server: no persistence, its own port and directory."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="zeues-redis-"))
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        # Same port on restart: clients reconnect to the address they knew.
        args = [
            redis_binary(),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.dir),
            "--logfile", str(self.dir / "redis.log"),
        ]  # fmt: skip
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT
        while not _accepting(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server no arrancó: {self._log_tail()}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Kills it the way a crash would (SIGKILL): clients see their connections drop."""
        if self.proc is None:
            return
        self.resume()
        self.proc.kill()
        self.proc.wait(10)
        self.proc = None
        deadline = time.monotonic() + 5
        while _accepting(self.port) and time.monotonic() < deadline:
            time.sleep(0.02)

    def restart(self) -> None:
        self.stop()
        self.start()

    def pause(self) -> None:
        """SIGSTOP: a hung Redis that keeps its connections open and answers nothing."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGCONT)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _log_tail(self) -> str:
        log = self.dir / "redis.log"
        return log.read_text()[-2000:] if log.exists() else "(sin log)"


# --------------------------------------------------------------------------- PostgreSQL


def postgres_bindir() -> Path:
    def newest() -> Path | None:
        found = sorted(
            glob.glob("/usr/lib/postgresql/*/bin/initdb"),
            key=lambda p: int(Path(p).parent.parent.name),
        )
        return Path(found[-1]).parent if found else None

    bindir = newest()
    if bindir is None:
        apt_install("postgresql")
        bindir = newest()
    if bindir is None:
        raise RuntimeError("PostgreSQL no está instalado y apt-get no pudo instalarlo")
    return bindir


class PostgresServer:
    """A private cluster (initdb + pg_ctl), tuned for tests: no fsync, trust auth on loopback.

    initdb refuses to run as root, so as root the cluster belongs to the `postgres` OS user."""

    def __init__(self, *, durable: bool = False) -> None:
        # durable=False trades crash safety for speed (no fsync, asynchronous commit): right
        # for tests that never crash the server. A test that crashes it and then counts what
        # was committed needs durable=True, or acknowledged commits may vanish in the crash.
        self.durable = durable
        self.frozen: list[int] = []  # pids stopped by freeze()
        self.bindir = postgres_bindir()
        self.port = free_port()
        # Not under pytest's tmp dir: that one is private to root and postgres must enter it.
        self.dir = Path(tempfile.mkdtemp(prefix="zeues-pg-"))
        self.data = self.dir / "data"
        self.running = False

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, args: Sequence[str]) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} falló: {done.stdout}\n{done.stderr}")

    def start(self) -> PostgresServer:
        """Creates the cluster the first time; later calls start the same cluster again, on
        the same port, so clients reconnect to the address they knew."""
        if not (self.data / "PG_VERSION").exists():
            self._initdb()
        fast = [] if self.durable else [
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
        ]  # fmt: skip
        options = " ".join([
            f"-p {self.port}",
            f"-k {self.dir}",
            "-c listen_addresses=127.0.0.1",
            "-c max_connections=300",
            *fast,
        ])  # fmt: skip
        self._run(["pg_ctl", "-D", str(self.data), "-o", options, "-l",
                   str(self.dir / "postgres.log"), "-w", "-t", "60", "start"])  # fmt: skip
        self.running = True
        return self

    def _initdb(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.dir.chmod(0o700)
        self._run(["initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                   "-E", "UTF8", "--no-sync", "--no-instructions"])  # fmt: skip

    def stop(self) -> None:
        """Immediate shutdown, the way a crash looks to clients: every connection drops at
        once and nothing is flushed politely (the data directory survives for start())."""
        if self.running:
            self._run(["pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop"])
            self.running = False

    def restart(self) -> None:
        self.stop()
        self.start()

    def freeze(self) -> None:
        """SIGSTOP the postmaster and every backend: the kernel still accepts and acknowledges
        TCP, but nothing ever answers, as with a hung host or a stuck disk."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(
            ["pgrep", "-P", str(postmaster)], capture_output=True, text=True, check=False
        ).stdout.split()
        self.frozen = [postmaster, *(int(pid) for pid in children)]
        for pid in self.frozen:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self.frozen:
            os.kill(pid, signal.SIGCONT)
        self.frozen = []

    def cleanup(self) -> None:
        self.thaw()  # a stopped postmaster would never shut down
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at another database."""
    base, _, _ = url.rpartition("/")
    query = url.split("?", 1)[1] if "?" in url else ""
    return f"{base}/{name}" + (f"?{query}" if query else "")


def create_database(admin_url: str, template: str | None = None) -> str:
    """A fresh, uniquely named database (a copy of `template` if given); returns its URL."""
    import psycopg

    name = f"zeues_t_{uuid.uuid4().hex[:12]}"
    # A template copy is a file-level clone: much faster than migrating and seeding again.
    copy = f' TEMPLATE "{template}" STRATEGY {TEMPLATE_STRATEGY}' if template else ""
    with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
    return with_database(admin_url, name)


def drop_database(admin_url: str, db_url: str) -> None:
    import psycopg

    name = db_url.rsplit("/", 1)[1].split("?", 1)[0]
    with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(url: str) -> str:
    """psycopg wants plain postgresql:// (SQLAlchemy's +psycopg suffix is ours)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)
