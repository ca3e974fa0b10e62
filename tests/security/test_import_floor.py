"""Issue 19, item 5: an import does not stall the floor. It is written in steps of at most
WRITE_CHUNK rows, each a transaction of its own through the command path and on the command
thread (never inline on the event loop); all or nothing still holds (a check pass first), the
Idempotency-Key and the audit event go with the last step, and the HTTP answer lists at most
MAX_REPORT_ROWS rows. The latency under a 10,000-row import is bench/import_floor.py's."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.infra.auth import ADMIN_HEADERS
from tests.transfer.conftest import Factory
from tests.transfer.workbooks import database_state
from tests.unit.builders import MAURICIO, held
from zeues.api.app import create_app
from zeues.api.routes.transfer import MAX_REPORT_ROWS
from zeues.container import Container
from zeues.domain.model import Operacion
from zeues.services.transfer import importing
from zeues.services.transfer.files import plan_import


def _csv(path: Path, n: int, bad_row: int | None = None, nv: str = "NV-1") -> Path:
    """n spools MK-0000…; the data row `bad_row` (1-based) has a date in the future."""
    lines = ["TAG_SPOOL;NV;Fecha_Materiales"]
    for i in range(1, n + 1):
        fecha = "01-01-2099" if i == bad_row else ""
        lines.append(f"MK-{i:04d};{nv};{fecha}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def shop(make_empty: Factory) -> Iterator[tuple[TestClient, Container, list[bool]]]:
    """A client, its container, and the `inline` flag of every command the lane ran."""
    c = make_empty()
    app = create_app(container=c)
    inline_flags: list[bool] = []
    with TestClient(app) as client:
        lane = app.state.commands._lane
        submit = lane.submit

        async def recording(command: Callable[[], Any], inline: bool = True) -> Any:
            inline_flags.append(inline)
            return await submit(command, inline)

        lane.submit = recording
        yield client, c, inline_flags


def _post(client: TestClient, path: Path, key: str | None = None, **form: str) -> Any:
    headers = {**ADMIN_HEADERS, **({"Idempotency-Key": key} if key else {})}
    with path.open("rb") as handle:
        return client.post(
            "/api/admin/import",
            headers=headers,
            data={"kind": "spools", **form},
            files={"file": (path.name, handle, "text/csv")},
        )


def test_a_big_import_is_written_in_bounded_steps_off_the_event_loop(
    shop: tuple[TestClient, Container, list[bool]], tmp_path: Path
) -> None:
    client, c, inline_flags = shop
    path = _csv(tmp_path / "ops.csv", 450)
    plan = plan_import(c.transfer(), path, "spools")
    assert len(plan.steps) == math.ceil(450 / importing.WRITE_CHUNK) == 3
    answer = _post(client, path)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["applied"] is True and body["counts"]["new"] == 450
    spools, _, events = database_state(c)
    assert len(spools) == 450 and events == 1  # one IMPORTACION event, with the last step
    # 3 checked (nothing kept), 2 written, the last with the key and the event: 6 commands,
    # none of them inline on the event loop's thread.
    assert inline_flags == [False] * 6


def test_all_or_nothing_holds_across_steps(
    shop: tuple[TestClient, Container, list[bool]], tmp_path: Path
) -> None:
    client, c, _ = shop
    body = _post(client, _csv(tmp_path / "bad.csv", 450, bad_row=440)).json()
    assert body["applied"] is False and body["counts"]["invalid"] == 1
    assert body["message"].startswith("No se importó nada: 1 fila no válida")
    assert database_state(c) == ([], 0, 0)
    dry = _post(client, _csv(tmp_path / "ok.csv", 450), dry_run="true").json()
    assert dry["counts"]["new"] == 450 and dry["applied"] is False
    assert database_state(c) == ([], 0, 0)


def test_the_key_is_answered_by_the_last_step_and_replayed(
    shop: tuple[TestClient, Container, list[bool]], tmp_path: Path
) -> None:
    client, c, _ = shop
    path = _csv(tmp_path / "ops.csv", 450)
    first = _post(client, path, key="import-1")
    again = _post(client, path, key="import-1")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    spools, _, events = database_state(c)
    assert len(spools) == 450 and events == 1


def test_the_http_answer_lists_at_most_the_cap_invalid_rows_first(
    shop: tuple[TestClient, Container, list[bool]], tmp_path: Path
) -> None:
    client, _, _ = shop
    n = MAX_REPORT_ROWS + 200
    body = _post(client, _csv(tmp_path / "big.csv", n, bad_row=n), dry_run="true").json()
    assert body["counts"]["rows"] == body["rows_total"] == n
    assert body["rows_truncated"] is True and len(body["rows"]) == MAX_REPORT_ROWS
    assert body["rows"][-1]["row"] == n + 1 and body["rows"][-1]["outcome"] == "invalid"
    assert [r["row"] for r in body["rows"]] == sorted(r["row"] for r in body["rows"])


def test_a_row_that_changes_on_the_floor_between_check_and_write_is_reported(
    make_empty: Factory, tmp_path: Path
) -> None:
    c = make_empty()
    with c.store.write() as tx:
        tx.upsert_worker(MAURICIO)
    assert importing.run(
        c.import_store, c.bus, plan_import(c.transfer(), _csv(tmp_path / "a.csv", 450), "spools")
    ).applied
    plan = plan_import(c.transfer(), _csv(tmp_path / "b.csv", 450, nv="NV-2"), "spools")
    checked = plan.checked

    def floor_takes_one() -> bool:  # a tablet takes MK-0300 after the check pass
        ok = checked()
        with c.store.write() as tx:
            spool = tx.get_spool("MK-0300")
            assert spool is not None
            taken = held(spool, MAURICIO, Operacion.ARM, since=c.clock())
            assert tx.save_spool(spool, taken.evolve(version=spool.version + 1), c.clock())
        return ok

    plan.checked = floor_takes_one  # type: ignore[method-assign]
    report = importing.run(c.import_store, c.bus, plan)
    assert report.applied and report.count("updated") == 449
    assert [r.key for r in report.invalid] == ["MK-0300"]
    assert "1 fila cambió en el taller mientras se importaba" in report.message
