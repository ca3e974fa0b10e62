"""Audit ids on PostgreSQL follow commit order, so a replay `events_after(last_id)` (SSE
Last-Event-ID, the Redis subscriber after a reconnection) never misses an event.

Without the ordering lock in SqlTx.add_events, a sequence id is allocated at INSERT and the
transaction commits later: a reader can see id N+1, move its cursor past it, and only then see
id N commit. The writers below hold each transaction open for a random moment after the audit
insert (what a loaded server does between INSERT and COMMIT), which makes that race happen
within a few hundred transactions when the lock is missing."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.infra.containers import build_test_container
from zeues.container import Container
from zeues.domain import occupation as rules
from zeues.domain.model import Operacion, Rol, Spool, Worker

WRITERS = 12
CYCLES = 40  # TOMAR + PAUSAR per cycle: 960 audit rows in all


@pytest.fixture
def pg(pg_database_url: str, tmp_path: Path) -> Iterator[Container]:
    c = build_test_container(pg_database_url, tmp_path, db_pool_size=WRITERS + 2, db_max_overflow=0)
    with c.store.write() as tx:
        for n in range(WRITERS):
            tx.insert_spool(Spool(f"ORD-{n:02d}", fecha_materiales=c.today()))
            tx.upsert_worker(Worker(2000 + n, "Armador", f"N{n}", (Rol.ARMADOR,)))
    yield c
    c.close()


def _writer(c: Container, n: int, failures: list[BaseException]) -> None:
    rng = random.Random(n)
    tag, now = f"ORD-{n:02d}", c.clock()
    try:
        for _ in range(CYCLES):
            for action in ("tomar", "pausar"):
                with c.store.write() as tx:
                    spool, worker = tx.get_spool_and_worker(tag, 2000 + n)
                    assert spool and worker
                    if action == "tomar":
                        change = rules.tomar(spool, worker, Operacion.ARM, now, 3600)
                    else:
                        change = rules.pausar(spool, worker, Operacion.ARM, now)
                    assert tx.save_spool(spool, change.after, now)
                    tx.add_events(change.events)
                    time.sleep(rng.uniform(0, 0.004))  # insert done, commit not yet
    except BaseException as exc:  # reported to the test thread
        failures.append(exc)


def test_a_reader_following_events_after_never_sees_a_lower_id_commit_later(
    pg: Container,
) -> None:
    failures: list[BaseException] = []
    writers = [threading.Thread(target=_writer, args=(pg, n, failures)) for n in range(WRITERS)]
    for thread in writers:
        thread.start()
    # The reader is a replaying client: it keeps only a cursor, the highest id it has seen.
    cursor, seen = 0, set[int]()
    while any(t.is_alive() for t in writers) or cursor < _max_id(pg):
        for event in pg.events.events_after(cursor, None, 1000):
            seen.add(event.id)
            cursor = event.id
    for thread in writers:
        thread.join()
    assert not failures, failures
    with pg.store.engine.connect() as conn:
        every_id = set(conn.execute(text("SELECT id FROM audit_events")).scalars())
    assert len(every_id) == WRITERS * CYCLES * 2
    missed = sorted(every_id - seen)
    # A missed id is exactly the failure: it committed after the reader's cursor passed it,
    # so a client replaying from that cursor would never receive it.
    assert missed == [], f"{len(missed)} eventos perdidos por el replay, p. ej. {missed[:10]}"


def _max_id(c: Container) -> int:
    with c.store.engine.connect() as conn:
        return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM audit_events")).scalar_one())
