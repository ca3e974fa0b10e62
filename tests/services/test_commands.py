"""The command path's rules (services/commands.py, services/runner.py) on the in-memory store:
one transaction per command, audit rows with it, publish after commit, retry on a moved row,
batch, and Idempotency-Key replay. No HTTP, no database."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FakeClock
from tests.services.fakes import FakeStore, RecordingBus
from tests.unit.builders import ARM, JUAN, MAURICIO, fresh
from zeues.domain import errors
from zeues.domain.errors import DomainError
from zeues.domain.model import EventoTipo
from zeues.services import occupation
from zeues.services.commands import PURGE_EVERY, WINDOW, Answer, Commands, Key, KeyReused
from zeues.services.policy import Policy
from zeues.services.runner import MAX_ATTEMPTS, Runner

TAGS = ["TEST-03", "TEST-01", "TEST-02"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store() -> FakeStore:
    return FakeStore([fresh(tag_spool=tag) for tag in TAGS], [MAURICIO, JUAN])


@pytest.fixture
def bus(store: FakeStore) -> RecordingBus:
    return RecordingBus(store)


@pytest.fixture
def commands(store: FakeStore, bus: RecordingBus, clock: FakeClock) -> Commands:
    return Commands(store, bus, clock, Policy(lease_ttl_seconds=600))


def refuse(exc: DomainError) -> Answer:
    return Answer(400, json.dumps({"error": exc.code}))


def tomar(tag: str, worker_id: int = MAURICIO.id, calls: list[str] | None = None):  # type: ignore[no-untyped-def]
    def respond(runner: Runner) -> Answer:
        if calls is not None:
            calls.append(tag)
        outcome = occupation.tomar(runner, tag, worker_id, ARM)
        return Answer(200, json.dumps({"holder": outcome.change.after.holder.worker_id}))

    return respond


def pausar(tag: str, worker_id: int = MAURICIO.id):  # type: ignore[no-untyped-def]
    def respond(runner: Runner) -> Answer:
        occupation.pausar(runner, tag, worker_id, ARM)
        return Answer(200, "{}")

    return respond


def test_a_command_commits_its_change_with_its_audit_row_then_publishes(
    commands: Commands, store: FakeStore, bus: RecordingBus
) -> None:
    answer = commands.execute(tomar("TEST-01"), refuse)

    assert answer == Answer(200, '{"holder": 93}')
    spool = store.committed.spools["TEST-01"]
    assert spool.holder is not None and spool.holder.worker_id == MAURICIO.id
    assert [e.evento_tipo for e in store.committed.events] == [EventoTipo.TOMAR_SPOOL]
    assert bus.published == [store.committed.events]
    assert bus.committed_when_published == [1]  # published after the commit, not before


def test_the_lease_comes_from_the_policy_not_from_the_caller(
    commands: Commands, store: FakeStore, clock: FakeClock
) -> None:
    commands.execute(tomar("TEST-01"), refuse)

    holder = store.committed.spools["TEST-01"].holder
    assert holder is not None and holder.lease_expires_at is not None
    assert (holder.lease_expires_at - clock()).total_seconds() == 600


def test_a_refused_command_writes_nothing_and_publishes_nothing(
    commands: Commands, store: FakeStore, bus: RecordingBus
) -> None:
    before = store.committed

    answer = commands.execute(pausar("TEST-01"), refuse)

    assert answer == Answer(400, '{"error": "OPERACION_NO_INICIADA"}')
    assert store.committed == before and bus.published == []


def test_a_row_that_moved_is_read_and_decided_again(commands: Commands, store: FakeStore) -> None:
    store.conflicts = MAX_ATTEMPTS - 1

    answer = commands.execute(tomar("TEST-01"), refuse)

    assert answer.status == 200
    assert store.committed.spools["TEST-01"].holder is not None
    assert len(store.committed.events) == 1
    assert store.transactions == 1  # the retries stay inside the command's one transaction


def test_a_row_that_keeps_moving_is_a_concurrent_conflict(
    commands: Commands, store: FakeStore
) -> None:
    store.conflicts = MAX_ATTEMPTS

    answer = commands.execute(tomar("TEST-01"), refuse)

    assert answer == Answer(400, json.dumps({"error": errors.ConflictoConcurrente.code}))
    assert store.committed.events == []


def test_a_batch_is_one_transaction_decided_in_tag_order_and_answered_in_asked_order(
    commands: Commands, store: FakeStore, bus: RecordingBus
) -> None:
    commands.execute(tomar("TEST-02", JUAN.id), refuse)  # held by another worker
    store.transactions = 0
    decided: list[str] = []

    def batch(runner: Runner) -> Answer:
        original = runner.tx.get_spool_and_worker

        def spying(tag: str, worker_id: int | None):  # type: ignore[no-untyped-def]
            decided.append(tag)
            return original(tag, worker_id)

        runner.tx.get_spool_and_worker = spying  # type: ignore[method-assign]
        items = occupation.batch_tomar(runner, TAGS, MAURICIO.id, ARM)
        return Answer(
            200, json.dumps([[i.tag_spool, i.error.code if i.error else None] for i in items])
        )

    answer = commands.execute(batch, refuse)

    assert json.loads(answer.body) == [
        ["TEST-03", None],
        ["TEST-01", None],
        ["TEST-02", "SPOOL_OCCUPIED"],
    ]
    assert decided == sorted(TAGS)
    assert store.transactions == 1
    assert [e.tag_spool for e in bus.published[-1]] == ["TEST-01", "TEST-03"]


def test_a_repeated_key_replays_the_first_answer_and_runs_nothing(
    commands: Commands, store: FakeStore, bus: RecordingBus
) -> None:
    key = Key("tomar:k1", "hash-1")
    calls: list[str] = []
    first = commands.execute(tomar("TEST-01", calls=calls), refuse, key)
    commands.execute(pausar("TEST-01"), refuse)

    again = commands.execute(tomar("TEST-01", calls=calls), refuse, key)

    assert again == first and calls == ["TEST-01"]
    assert len(store.committed.events) == 2 and len(bus.published) == 2


def test_the_answer_is_stored_by_the_commands_own_transaction(
    store: FakeStore, clock: FakeClock
) -> None:
    """A process that dies right after the commit (here: while publishing) leaves the answer
    stored: the retry, in a new process, replays it instead of running the command again."""

    class Died(BaseException):
        pass

    class DyingBus:
        def publish(self, events: object) -> None:
            raise Died

    key = Key("metrologia:k", "hash")
    with pytest.raises(Died):
        Commands(store, DyingBus(), clock, Policy()).execute(tomar("TEST-01"), refuse, key)
    calls: list[str] = []
    restarted = Commands(store, RecordingBus(store), clock, Policy())

    again = restarted.execute(tomar("TEST-01", calls=calls), refuse, key)

    assert again == Answer(200, '{"holder": 93}') and calls == []
    assert len(store.committed.events) == 1


def test_a_refusal_is_remembered_and_replayed(commands: Commands, store: FakeStore) -> None:
    key = Key("pausar:k2", "hash-2")
    first = commands.execute(pausar("TEST-01"), refuse, key)
    commands.execute(tomar("TEST-01"), refuse)

    again = commands.execute(pausar("TEST-01"), refuse, key)

    assert first.status == again.status == 400 and again == first
    assert store.committed.spools["TEST-01"].holder is not None  # the replay paused nothing


def test_a_refused_attempt_answers_what_a_duplicate_stored_first(
    commands: Commands, store: FakeStore
) -> None:
    """Between the refusal's rollback and its record, a duplicate with the same key claims it
    and succeeds: the refused attempt answers with the duplicate's answer."""
    key = Key("tomar:k3", "hash-3")
    store.committed.spools["TEST-01"] = store.committed.spools["TEST-01"].evolve(bloqueado=True)
    duplicate: list[Answer] = []

    def refuse_while_a_duplicate_runs(exc: DomainError) -> Answer:
        store.committed.spools["TEST-01"] = store.committed.spools["TEST-01"].evolve(
            bloqueado=False
        )
        duplicate.append(commands.execute(tomar("TEST-01"), refuse, key))
        return refuse(exc)

    answer = commands.execute(tomar("TEST-01"), refuse_while_a_duplicate_runs, key)

    assert duplicate[0].status == 200 and answer == duplicate[0]
    assert len(store.committed.events) == 1


def test_a_key_reused_for_another_request_is_refused(commands: Commands) -> None:
    commands.execute(tomar("TEST-01"), refuse, Key("tomar:k4", "hash-a"))

    with pytest.raises(KeyReused):
        commands.execute(tomar("TEST-02"), refuse, Key("tomar:k4", "hash-b"))


def test_a_key_older_than_the_window_runs_again(
    commands: Commands, store: FakeStore, clock: FakeClock
) -> None:
    key = Key("tomar:k5", "hash-5")
    commands.execute(tomar("TEST-01"), refuse, key)
    commands.execute(pausar("TEST-01"), refuse)
    clock.advance(WINDOW.total_seconds() + 1)

    commands.execute(tomar("TEST-01"), refuse, key)

    assert [e.evento_tipo for e in store.committed.events][-1] is EventoTipo.TOMAR_SPOOL
    assert len(store.committed.events) == 3


def test_a_store_failure_remembers_nothing_and_the_retry_runs(
    commands: Commands, store: FakeStore
) -> None:
    key = Key("tomar:k6", "hash-6")

    def failing(runner: Runner) -> Answer:
        raise ConnectionError("the database went away")

    with pytest.raises(ConnectionError):
        commands.execute(failing, refuse, key)
    assert "tomar:k6" not in store.committed.keys

    assert commands.execute(tomar("TEST-01"), refuse, key).status == 200


def test_keys_past_the_window_are_purged_at_most_once_per_interval(
    commands: Commands, store: FakeStore, clock: FakeClock
) -> None:
    def keyed(tag: str, name: str) -> None:
        commands.execute(tomar(tag), refuse, Key(name, "h"))

    keyed("TEST-01", "a")  # the first keyed command since start purges (nothing yet)
    clock.advance(30 * 60)
    keyed("TEST-02", "b")
    clock.advance(WINDOW.total_seconds() - 30 * 60 + 1)
    keyed("TEST-03", "c")  # over an interval since the last purge: "a" is past the window
    assert set(store.committed.keys) == {"b", "c"}

    clock.advance(31 * 60)  # "b" is past the window now, but the last purge was 31 min ago
    commands.execute(pausar("TEST-03"), refuse, Key("d", "h"))
    assert set(store.committed.keys) == {"b", "c", "d"}

    clock.advance(PURGE_EVERY.total_seconds() - 31 * 60)
    commands.execute(pausar("TEST-02"), refuse, Key("e", "h"))
    assert set(store.committed.keys) == {"c", "d", "e"}


def test_a_renewal_is_told_after_its_commit_and_a_failing_listener_changes_no_answer(
    commands: Commands, store: FakeStore, bus: RecordingBus, clock: FakeClock
) -> None:
    told: list[tuple[list[str], int]] = []

    def broken(tags: list[str]) -> None:
        raise RuntimeError("pantalla caída")

    commands.on_quiet_write.extend([broken, lambda tags: told.append((tags, store.transactions))])
    commands.execute(tomar("TEST-01"), refuse)
    assert told == []  # a TOMAR has its audit event: the live stream carries it
    clock.advance(120)
    renewed = commands.execute(tomar("TEST-01"), refuse)  # the holder again: a renewal

    assert renewed.status == 200
    assert len(store.committed.events) == 1  # no audit event for the renewal
    assert told == [(["TEST-01"], 2)]  # after its own transaction committed
    assert len(bus.published) == 1
