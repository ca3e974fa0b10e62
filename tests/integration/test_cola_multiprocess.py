"""A tablet's own stream (/api/sse/stream?worker_id=&operacion=, issue 17) with two real
`zeues serve` processes on one PostgreSQL and one Redis, as `--workers 2` runs them: each
process keeps its own floor in memory, so a change answered by one process must reach the
tablets of the other as the right `cola` row, and a tablet that reconnects (to either process)
after missing changes must end up exactly equal to a fresh load."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.helpers import FRESCO
from tests.infra.live import act, audit_id, close_all, demo_cluster, row_of, tablet

GROUPS = ("mios", "disponibles", "no_disponibles")
MR, JP = 93, 94  # demo workers, both allowed ARM


@pytest.fixture(scope="module")
def two(
    pg_admin_url: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """Base URLs of processes A and B, one database (demo data) and one Redis."""
    logdir = tmp_path_factory.mktemp("cola-multiprocess")
    with demo_cluster(pg_admin_url, redis_url, logdir) as (_, (a, b)):
        yield a, b


def full_queue(base: str, worker: int) -> dict[str, tuple[str, dict[str, Any]]]:
    """The whole queue as a fresh load sees it (the full /api/cola, decided by SQL reads, not by
    the in-memory floor): tag -> (group, row)."""
    body = httpx.get(
        f"{base}/api/cola", params={"worker_id": worker, "operacion": "ARM"}, timeout=30
    ).json()
    return {item["tag_spool"]: (g, item) for g in GROUPS for item in body[g]}


def totals_of(queue: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, int]:
    counts = dict.fromkeys(GROUPS, 0)
    for group, _ in queue.values():
        counts[group] += 1
    return counts


def test_a_change_answered_by_one_process_reaches_the_tablets_of_the_other_as_their_row(
    two: tuple[str, str],
) -> None:
    a, b = two
    on_b = [tablet(b, JP), tablet(b, MR)]
    on_a = tablet(a, MR)
    try:
        act(a, "tomar", FRESCO, JP)
        taken = audit_id(a, FRESCO)
        mine = row_of(on_b[0], FRESCO)
        assert mine["id"] == taken
        assert mine["data"]["grupo"] == "mios"
        assert mine["data"]["item"]["estado_texto"].startswith("Usted trabajando en ARM")
        other = row_of(on_b[1], FRESCO)
        assert other["id"] == taken
        assert other["data"]["grupo"] == "no_disponibles"
        assert other["data"]["item"]["motivo"].startswith("ocupado por JP(94) desde ")
        fresh = full_queue(a, MR)
        assert other["data"]["item"] == fresh[FRESCO][1]
        assert other["data"]["totales"] == totals_of(fresh)
        # and back: answered by B, seen on A
        act(b, "pausar", FRESCO, JP)
        back = row_of(on_a, FRESCO)  # A's tablet first got the TOMAR row
        if back["data"]["grupo"] == "no_disponibles":
            back = row_of(on_a, FRESCO)
        assert back["id"] == audit_id(b, FRESCO)
        assert back["data"]["grupo"] == "disponibles"
        assert back["data"]["item"] == full_queue(b, MR)[FRESCO][1]
    finally:
        close_all([*on_b, on_a])


def test_a_tablet_reconnecting_to_the_other_process_ends_up_equal_to_a_fresh_load(
    two: tuple[str, str],
) -> None:
    a, b = two
    # The tablet's whole queue, loaded from B, then kept by B's stream.
    model = full_queue(b, MR)
    free = sorted(t for t, (g, _) in model.items() if g == "disponibles" and t != FRESCO)
    tags = free[100:104]
    first = tablet(b, MR)
    try:
        act(a, "tomar", tags[0], MR)
        seen = row_of(first, tags[0])
        last = seen["id"]
        model[tags[0]] = (seen["data"]["grupo"], seen["data"]["item"])
    finally:
        close_all([first])
    # Offline: changes answered by both processes, its own and other workers'.
    act(a, "tomar", tags[1], JP)
    act(b, "tomar", tags[2], MR)
    act(b, "pausar", tags[0], MR)
    act(a, "tomar", tags[0], JP)
    act(b, "tomar", tags[3], JP)
    act(a, "pausar", tags[3], JP)
    again = tablet(a, MR, last_id=last)
    try:
        totals: dict[str, int] = {}
        pending = set(tags)
        while pending:
            event = again.next()
            data = event["data"]
            pending.discard(data["tag_spool"])
            if data["grupo"] is None:
                model.pop(data["tag_spool"], None)
            else:
                model[data["tag_spool"]] = (data["grupo"], data["item"])
            totals = data["totales"]
    finally:
        close_all([again])
    for base in (a, b):
        fresh = full_queue(base, MR)
        assert model == fresh
        assert totals == totals_of(fresh)
    assert model[tags[0]][1]["motivo"].startswith("ocupado por JP(94) desde ")
    assert model[tags[2]][0] == "mios"
    assert model[tags[3]][0] == "disponibles"
