"""Issue 19, item 4: one tag rule (domain/tags.py) for the import, the API and the scanner.
A tag is normalised the way the floor writes it (trimmed, upper-case, Excel's dashes as '-'),
anything else refused with the reason; so no spool is imported that no command can act on, and
a supervisor can still release or reset a spool stored before the rule."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from tests.infra.auth import ADMIN_HEADERS
from tests.transfer.conftest import Factory
from tests.unit.builders import MAURICIO, SUPERVISOR, held
from zeues.api.app import create_app
from zeues.container import Container
from zeues.domain.model import Operacion, Spool
from zeues.domain.tags import MAX_TAG, TAG_INPUT_PATTERN, TagNoValido, normalise_tag
from zeues.services.transfer.files import run_import

BAD = {
    "MK 002": "espacios",
    "MK/003": "«/»",
    "Ñ-004": "«Ñ»",
    "‹MK-005›": "«‹»",
    "-MK-006": "empezar con una letra",
}


def _csv(path: Path, tags: list[str]) -> Path:
    lines = ["TAG_SPOOL;NV", *[f"{t};NV-1" for t in tags]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_import_normalises_tags_and_refuses_the_rest_with_the_reason(
    make_empty: Factory, tmp_path: Path
) -> None:
    c = make_empty()
    path = _csv(tmp_path / "t.csv", ["  mk–001 ", "mk—007", *BAD])
    report = run_import(c.transfer(), path, "spools", skip_invalid=True)
    assert sorted(report.keys("new")) == ["MK-001", "MK-007"]
    reasons = {r.key: r.errors[0].reason for r in report.invalid}
    for tag, why in BAD.items():
        assert why in reasons[tag.upper() if tag.isascii() else tag], (tag, reasons)
    assert c.reads.spool("MK-001") is not None


def test_tags_that_normalise_alike_are_one_repeated_tag(
    make_empty: Factory, tmp_path: Path
) -> None:
    report = run_import(
        make_empty().transfer(), _csv(tmp_path / "d.csv", ["mk-9", "MK–9"]), "spools", dry_run=True
    )
    assert report.counts()["invalid"] == 2
    assert "TAG repetido en 2 filas" in report.invalid[0].errors[0].reason


@given(st.text(alphabet=st.sampled_from("aZ9.-_ \t–—−/Ñß\u00a0"), max_size=8))
def test_the_api_schema_pattern_says_exactly_what_the_rule_accepts(raw: str) -> None:
    try:
        normalise_tag(raw)
        accepted = True
    except TagNoValido:
        accepted = False
    assert accepted == bool(re.fullmatch(TAG_INPUT_PATTERN, raw) and len(raw) <= MAX_TAG)


@pytest.fixture
def floor(make_empty: Factory) -> Iterator[tuple[TestClient, Container]]:
    c = make_empty()
    with c.store.write() as tx:
        tx.upsert_worker(MAURICIO)
        tx.upsert_worker(SUPERVISOR)
        materiales = date(2024, 1, 2)
        tx.insert_spool(Spool(tag_spool="MK-001", fecha_materiales=materiales))
        # Stored before the rule (an old import): lowercase, a space, a slash; held.
        legacy = Spool(tag_spool="mk 01/b", fecha_materiales=materiales)
        tx.insert_spool(held(legacy, MAURICIO, Operacion.ARM, since=c.clock()))
        tx.insert_spool(Spool(tag_spool="TEST-a b", fecha_materiales=materiales))
    with TestClient(create_app(container=c)) as client:
        yield client, c


def test_commands_and_reads_take_the_tag_as_the_floor_writes_it(
    floor: tuple[TestClient, Container],
) -> None:
    client, _ = floor
    body = {"tag_spool": " mk–001 ", "worker_id": MAURICIO.id, "operacion": "ARM"}
    taken = client.post("/api/occupation/tomar", json=body)
    assert taken.status_code == 200, taken.text
    assert taken.json()["tag_spool"] == "MK-001"
    assert client.get("/api/spools/mk-001").json()["tag_spool"] == "MK-001"
    refused = client.post("/api/occupation/tomar", json={**body, "tag_spool": "MK/001"})
    assert refused.status_code == 422
    assert "«/», que la tablet no puede escanear" in refused.json()["message"]


def test_a_supervisor_releases_a_spool_stored_before_the_rule(
    floor: tuple[TestClient, Container],
) -> None:
    client, c = floor
    worker = client.post(
        "/api/occupation/pausar",
        json={"tag_spool": "mk 01/b", "worker_id": MAURICIO.id, "operacion": "ARM"},
    )
    assert worker.status_code == 422  # the floor cannot name it...
    released = client.post(
        "/api/supervisor/liberar",
        headers=ADMIN_HEADERS,
        json={"tag_spool": "mk 01/b", "supervisor_id": SUPERVISOR.id, "motivo": "tag antiguo"},
    )
    assert released.status_code == 200, released.text  # ...the supervisor can
    assert released.json()["tag_spool"] == "mk 01/b"
    spool = c.reads.spool("mk 01/b")
    assert spool is not None and spool.holder is None
    reset = client.post("/api/admin/spools/TEST-a%20b/reset", headers=ADMIN_HEADERS)
    assert reset.status_code == 200, reset.text


def test_a_supervisor_names_a_normal_spool_as_the_floor_writes_it(
    floor: tuple[TestClient, Container],
) -> None:
    client, _ = floor
    body = {"tag_spool": "MK-001", "worker_id": MAURICIO.id, "operacion": "ARM"}
    assert client.post("/api/occupation/tomar", json=body).status_code == 200
    released = client.post(
        "/api/supervisor/liberar",
        headers=ADMIN_HEADERS,
        json={"tag_spool": "mk–001", "supervisor_id": SUPERVISOR.id, "motivo": "fin de turno"},
    )
    assert released.status_code == 200, released.text
    assert released.json()["tag_spool"] == "MK-001"
