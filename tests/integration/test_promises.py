"""The two promises the design rests on (CONTRACT §2.5, ARCHITECTURE), on SQLite and PostgreSQL:

1. A change and its audit row are one transaction: if either is refused, neither is saved,
   nothing is published, and the answer says so (503 BASE_DE_DATOS_RECHAZO, never a 500).
2. Events are published only after the commit: whoever receives one and reads the spool on
   a connection of its own finds the change committed; a commit that fails publishes nothing.

The database refuses with rules the test adds to its own fresh database (a trigger, or a
deferred check that fires at COMMIT). "Nothing published" is observed, not waited for: a
witness between the command path and the real bus counts every publish, and a sentinel
command published after the refused one must be the first event a subscriber gets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from tests.conftest import FakeClock
from tests.infra.live import HANG_SECONDS, SseClient, serve
from tests.infra.servers import RedisServer
from tests.integration.redis_helpers import redis_settings
from zeues.api.app import create_app
from zeues.bootstrap import build
from zeues.container import Container
from zeues.domain import occupation
from zeues.domain.model import AuditEvent, Operacion, Rol, Spool, Worker
from zeues.services.ports import EventBus, StoreRefused

WORKER = 93
TAGS = ("TEST-01", "TEST-02", "TEST-03")

# Rules a test adds to its own database. {when} is the trigger's row condition.
_PG_REFUSE = """
CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'rechazado por la prueba'; END $$
"""


def _refuse_insert_sql(dialect: str, table: str, tag: str, event: str) -> list[str]:
    """`event` INSERT or UPDATE on `table` for the row of `tag` fails at that statement."""
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER test_refuse_{table} BEFORE {event} ON {table} "
            f"WHEN NEW.tag_spool = '{tag}' "
            "BEGIN SELECT RAISE(ABORT, 'rechazado por la prueba'); END"
        ]
    return [
        _PG_REFUSE,
        f"CREATE TRIGGER test_refuse_{table} BEFORE {event} ON {table} FOR EACH ROW "
        f"WHEN (NEW.tag_spool = '{tag}') EXECUTE FUNCTION test_refuse()",
    ]


def _fail_at_commit_sql(dialect: str, tag: str) -> list[str]:
    """A transaction that writes an audit row of `tag` fails at COMMIT, after every statement
    succeeded: PostgreSQL's deferred constraint trigger, SQLite's deferred foreign key."""
    if dialect == "sqlite":
        return [
            "CREATE TABLE test_guard_parent (id INTEGER PRIMARY KEY)",
            "CREATE TABLE test_guard (ref INTEGER REFERENCES test_guard_parent(id) "
            "DEFERRABLE INITIALLY DEFERRED)",
            "CREATE TRIGGER test_fail_commit AFTER INSERT ON audit_events "
            f"WHEN NEW.tag_spool = '{tag}' BEGIN INSERT INTO test_guard VALUES (1); END",
        ]
    return [
        _PG_REFUSE,
        "CREATE CONSTRAINT TRIGGER test_fail_commit AFTER INSERT ON audit_events "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        f"WHEN (NEW.tag_spool = '{tag}') EXECUTE FUNCTION test_refuse()",
    ]


def _drop_sql(dialect: str, trigger: str) -> str:
    return f"DROP TRIGGER {trigger}" + ("" if dialect == "sqlite" else " ON audit_events")


def _install(engine: Engine, statements: list[str]) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


@dataclass(frozen=True)
class Row:
    """A spool as a connection other than the writer's sees it."""

    version: int
    holder: int | None


def _row(engine: Engine, tag: str) -> Row:
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT version, ocupado_por_id FROM spools WHERE tag_spool = :t"), {"t": tag}
        ).one()
    return Row(found.version, found.ocupado_por_id)


def _audit_count(engine: Engine, tag: str) -> int:
    with engine.connect() as conn:
        count: int = conn.execute(
            text("SELECT count(*) FROM audit_events WHERE tag_spool = :t"), {"t": tag}
        ).scalar_one()
    return count


@dataclass
class Witness:
    """Between the command path and the real bus: on every publish it reads each event's spool
    on a connection of its own, as any subscriber would, then hands the events on."""

    bus: EventBus
    engine: Engine
    seen: list[tuple[str, Row]] = field(default_factory=list)

    def publish(self, events: Sequence[AuditEvent]) -> None:
        self.seen.extend((e.tag_spool, _row(self.engine, e.tag_spool)) for e in events)
        self.bus.publish(events)


def _seeded(c: Container) -> Container:
    with c.store.write() as tx:
        for tag in TAGS:
            tx.insert_spool(Spool(tag, fecha_materiales=c.today()))
        tx.upsert_worker(Worker(WORKER, "Mauricio", "Rodriguez", (Rol.ARMADOR,)))
    return c


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/zeues.db"
    url: str = request.getfixturevalue("pg_database_url")
    return url


@pytest.fixture(params=["memory", "redis"])
def bus_url(request: pytest.FixtureRequest) -> str:
    """The Redis URL, or "" for the in-process bus."""
    if request.param == "memory":
        return ""
    server: RedisServer = request.getfixturevalue("private_redis")
    return server.url


@pytest.fixture
def c(db_url: str, bus_url: str, tmp_path: Path) -> Iterator[Container]:
    settings = redis_settings(tmp_path, bus_url, "zeues-promises", database_url=db_url)
    built = _seeded(build(settings, clock=FakeClock()))
    built.commands.bus = Witness(built.commands.bus, built.store.engine)
    yield built
    built.close()  # before a PostgreSQL database is dropped


def _witness(c: Container) -> Witness:
    assert isinstance(c.commands.bus, Witness)
    return c.commands.bus


def _tomar(tag: str) -> dict[str, object]:
    return {"tag_spool": tag, "worker_id": WORKER, "operacion": "ARM"}


def _refused_answer(answer: httpx.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.json()["error"] == "BASE_DE_DATOS_RECHAZO"
    assert "No se guardó ningún cambio" in answer.json()["message"]


@pytest.mark.parametrize("bus_url", ["memory"], indirect=True)
def test_a_refused_audit_row_leaves_the_spool_unchanged_and_publishes_nothing(
    c: Container,
) -> None:
    engine = c.store.engine
    _install(engine, _refuse_insert_sql(engine.dialect.name, "audit_events", "TEST-01", "INSERT"))
    before = _row(engine, "TEST-01")
    key = {"Idempotency-Key": "intento-1"}
    with TestClient(create_app(container=c), raise_server_exceptions=False) as client:
        refused = client.post("/api/occupation/tomar", json=_tomar("TEST-01"), headers=key)
        control = client.post("/api/occupation/tomar", json=_tomar("TEST-02"))
        unchanged, audited = _row(engine, "TEST-01"), _audit_count(engine, "TEST-01")
        published = [tag for tag, _ in _witness(c).seen]
        _install(engine, [_drop_sql(engine.dialect.name, "test_refuse_audit_events")])
        # The key went with the rest: the tablet's retry with it runs the command afresh.
        retried = client.post("/api/occupation/tomar", json=_tomar("TEST-01"), headers=key)
    _refused_answer(refused)
    assert unchanged == before  # the change went with its audit row
    assert audited == 0
    assert control.status_code == 200, control.text  # the witness sees what is published:
    assert published == ["TEST-02"]  # only the control
    assert retried.status_code == 200, retried.text
    assert _row(engine, "TEST-01") == Row(before.version + 1, WORKER)


@pytest.mark.parametrize("bus_url", ["memory"], indirect=True)
def test_a_refused_change_writes_no_audit_row_for_any_spool_of_the_command(
    c: Container,
) -> None:
    """A batch decides TEST-01 then TEST-02; the database refuses TEST-02's row: TEST-01's
    change and audit row, written in the same transaction, are gone too."""
    engine = c.store.engine
    _install(engine, _refuse_insert_sql(engine.dialect.name, "spools", "TEST-02", "UPDATE"))
    before = _row(engine, "TEST-01")
    body = {"tag_spools": ["TEST-01", "TEST-02"], "worker_id": WORKER, "operacion": "ARM"}
    with TestClient(create_app(container=c), raise_server_exceptions=False) as client:
        refused = client.post("/api/occupation/batch-tomar", json=body)
    _refused_answer(refused)
    assert _row(engine, "TEST-01") == before
    assert _audit_count(engine, "TEST-01") == _audit_count(engine, "TEST-02") == 0
    assert _witness(c).seen == []


def test_whoever_receives_an_event_finds_the_change_already_committed(c: Container) -> None:
    engine = c.store.engine
    before = _row(engine, "TEST-01")
    with serve(c) as base:
        stream = SseClient(f"{base}/api/sse/stream?tag_spool=TEST-01")
        try:
            assert stream.connected.wait(HANG_SECONDS), stream.status
            answer = httpx.post(f"{base}/api/occupation/tomar", json=_tomar("TEST-01"), timeout=10)
            assert answer.status_code == 200, answer.text
            got = stream.next()
            on_arrival = _row(engine, "TEST-01")  # read the moment the SSE client has it
        finally:
            stream.close()
    committed = Row(before.version + 1, WORKER)
    assert got["data"]["tag_spool"] == "TEST-01"
    assert on_arrival == committed
    # At the publish call itself, not only by the time it reached the client:
    assert _witness(c).seen == [("TEST-01", committed)]


def test_a_commit_that_fails_delivers_no_event(c: Container) -> None:
    engine = c.store.engine
    _install(engine, _fail_at_commit_sql(engine.dialect.name, "TEST-01"))
    before = _row(engine, "TEST-01")
    with serve(c) as base:
        stream = SseClient(f"{base}/api/sse/stream")
        try:
            assert stream.connected.wait(HANG_SECONDS), stream.status
            refused = httpx.post(f"{base}/api/occupation/tomar", json=_tomar("TEST-01"), timeout=10)
            # The sentinel: published after the refused one, through the same bus, so a
            # subscriber that gets it first never got the refused one.
            sentinel = httpx.post(
                f"{base}/api/occupation/tomar", json=_tomar("TEST-02"), timeout=10
            )
            assert sentinel.status_code == 200, sentinel.text
            first = stream.next()
        finally:
            stream.close()
    _refused_answer(refused)
    assert "rechaz" in refused.json()["message"]
    assert _row(engine, "TEST-01") == before
    assert _audit_count(engine, "TEST-01") == 0
    assert first["data"]["tag_spool"] == "TEST-02"
    assert [tag for tag, _ in _witness(c).seen] == ["TEST-02"]


@pytest.mark.parametrize("bus_url", ["memory"], indirect=True)
def test_the_version_check_is_what_refuses_a_take_decided_on_an_old_row(c: Container) -> None:
    """The guard against a double take (statements.py): a TOMAR decided on a version that is
    no longer the row's is refused even though the spool is free again, so neither the row
    lock (not held here: the row was read in an earlier transaction) nor the take's
    free-or-expired condition (true here) is what refuses it."""
    engine = c.store.engine
    now = c.clock()
    with c.store.write() as tx:
        old, worker = tx.get_spool_and_worker("TEST-01", WORKER)
    assert old is not None and worker is not None and old.holder is None
    with TestClient(create_app(container=c), raise_server_exceptions=False) as client:
        for action in ("tomar", "pausar"):  # someone else's commands, committed meanwhile
            answer = client.post(f"/api/occupation/{action}", json=_tomar("TEST-01"))
            assert answer.status_code == 200, answer.text
    moved = _row(engine, "TEST-01")
    assert moved.holder is None and moved.version == old.version + 2
    stale = occupation.tomar(old, worker, Operacion.ARM, now, 3600)
    with c.store.write() as tx:
        assert tx.save_spool(old, stale.after, now) is False
    assert _row(engine, "TEST-01") == moved


@pytest.mark.parametrize("bus_url", ["memory"], indirect=True)
def test_a_note_and_its_audit_row_are_one_transaction(c: Container) -> None:
    """A note whose audit row is refused is not kept either (503, never a 500); and a note
    once saved cannot be edited or deleted: the notes table's own triggers say no."""
    engine = c.store.engine
    _install(engine, _refuse_insert_sql(engine.dialect.name, "audit_events", "TEST-01", "INSERT"))
    note = {"texto": "Falta soporte en la brida", "autor": "Planificación"}
    with TestClient(create_app(container=c), raise_server_exceptions=False) as client:
        refused = client.post("/api/spools/TEST-01/notas", json=note)
        kept = client.post("/api/spools/TEST-02/notas", json=note)
        listed = client.get("/api/spools/TEST-01/notas").json()
    _refused_answer(refused)
    assert listed["total"] == 0 and _audit_count(engine, "TEST-01") == 0
    assert kept.status_code == 200, kept.text
    assert _audit_count(engine, "TEST-02") == 1
    for statement in ("UPDATE notes SET texto = 'otra'", "DELETE FROM notes"):
        with pytest.raises(StoreRefused, match="append-only"), c.store.write() as tx:
            tx.conn.execute(text(statement))
    with engine.connect() as conn:
        texts = conn.execute(text("SELECT texto FROM notes")).scalars().all()
    assert texts == ["Falta soporte en la brida"]
