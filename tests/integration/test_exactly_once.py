"""An Idempotency-Key makes a command run exactly once (issue 18): duplicates racing on two
server processes of one PostgreSQL, and a retry after the server died between the command's
commit and its answer. METROLOGIA RECHAZADO on the v3.0 route is the hard case: run twice,
the second is refused (the spool moved on) and the tablet would say "No se hizo" for a
rejection that was recorded."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.api.helpers import SOLDADO, demo_tag
from tests.infra.auth import ADMIN_TOKEN
from tests.infra.processes import run_cli, wait_ready, zeues_cluster, zeues_env, zeues_serve
from tests.infra.servers import create_database, drop_database, free_port
from zeues.config import normalise_database_url

DUPLICATES = 16
REPO = Path(__file__).resolve().parents[2]
RECHAZO = {"worker_id": 93, "resultado": "RECHAZADO"}


def _inspections(database_url: str, tag: str) -> int:
    engine = create_engine(normalise_database_url(database_url))
    try:
        with engine.connect() as conn:
            query = text(
                "SELECT count(*) FROM audit_events "
                "WHERE tag_spool = :t AND evento_tipo = 'COMPLETAR_METROLOGIA'"
            )
            return int(conn.execute(query, {"t": tag}).scalar_one())
    finally:
        engine.dispose()


@pytest.fixture
def seeded_postgres(pg_admin_url: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    url = create_database(pg_admin_url)
    env = zeues_env(url, None, ADMIN_TOKEN, ZEUES_DATA_DIR=str(tmp_path))
    run_cli(env, "seed", "--demo")
    try:
        yield url, env
    finally:
        drop_database(pg_admin_url, url)


def test_duplicates_racing_on_two_processes_run_once_and_all_get_the_first_answer(
    seeded_postgres: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, env = seeded_postgres
    body = {"tag_spool": SOLDADO, **RECHAZO}
    with zeues_cluster(env, tmp_path, 2) as (a, b):
        clients = [httpx.Client(base_url=(a, b)[i % 2], timeout=30) for i in range(DUPLICATES)]
        start = threading.Barrier(DUPLICATES)

        def send(i: int) -> tuple[int, bytes]:
            start.wait(10)
            headers = {"Idempotency-Key": "tablet-3-metrologia-41"}
            answer = clients[i].post("/api/metrologia/completar", json=body, headers=headers)
            return answer.status_code, answer.content

        try:
            with ThreadPoolExecutor(DUPLICATES) as pool:
                answers = list(pool.map(send, range(DUPLICATES)))
        finally:
            for client in clients:
                client.close()

    assert {status for status, _ in answers} == {200}, answers
    assert len({content for _, content in answers}) == 1  # the same bytes, N times
    assert b'"resultado":"RECHAZADO"' in answers[0][1]
    assert _inspections(url, SOLDADO) == 1


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_retry_after_the_server_died_between_commit_and_answer_replays_the_answer(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "postgresql":
        url, env = request.getfixturevalue("seeded_postgres")
    else:
        url = f"sqlite:///{tmp_path}/zeues.db"
        env = zeues_env(url, None, ADMIN_TOKEN, ZEUES_DATA_DIR=str(tmp_path))
        run_cli(env, "seed", "--demo")
    tag = demo_tag(28)  # welded, inspection pending, like SOLDADO
    body = {"tag_spool": tag, **RECHAZO}
    headers = {"Idempotency-Key": "tablet-5-metrologia-7"}
    port = free_port()
    log = tmp_path / "dying.log"
    with log.open("w") as out:
        dying = subprocess.Popen(
            [sys.executable, "-m", "tests.infra.dying_server", str(port), tag],
            cwd=REPO,
            env={**env, "PYTHONPATH": str(REPO)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, dying, log)
        assert httpx.get(f"{base}/api/spools/{tag}").json()["estado"]["metrologia"] == "PENDIENTE"
        with pytest.raises(httpx.TransportError):  # no answer: the process is gone
            httpx.post(f"{base}/api/metrologia/completar", json=body, headers=headers, timeout=30)
        assert dying.wait(10) == -9
    finally:
        if dying.poll() is None:
            dying.kill()
            dying.wait(10)
    assert _inspections(url, tag) == 1  # committed before it died

    with zeues_serve(env, tmp_path) as restarted:
        retry = httpx.post(
            f"{restarted}/api/metrologia/completar", json=body, headers=headers, timeout=30
        )
        spool = httpx.get(f"{restarted}/api/spools/{tag}").json()

    assert retry.status_code == 200, retry.text  # not "No se hizo" for a recorded rejection
    assert retry.json()["resultado"] == "RECHAZADO"
    assert _inspections(url, tag) == 1
    assert spool["estado"]["metrologia"] == "RECHAZADO"
