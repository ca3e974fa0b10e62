"""Notes written from the supervisor console (issue 21, CONTRACT §2.9 Notas): behind the admin
token or the supervisor's own session, signed by that supervisor, audited as NOTA; refusals
leave the notes as they were."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import FRESCO, assert_error, assert_validation_error, events
from tests.api.test_supervisor_sessions import console
from tests.infra.auth import ADMIN_HEADERS

URL = "/api/supervisor/notas"


def _notes(client: TestClient, tag: str = FRESCO) -> list[tuple[str, str | None, int | None]]:
    found = client.get(f"/api/spools/{tag}/notas").json()["notas"]
    return [(n["texto"], n["autor"], n["worker_id"]) for n in found]


def test_a_console_note_is_signed_by_the_supervisor_and_audited(client: TestClient) -> None:
    body = {"tag_spool": FRESCO, "texto": "Priorizar: cliente lo pide el lunes"}
    with_token = client.post(URL, json={**body, "supervisor_id": 97}, headers=ADMIN_HEADERS)
    assert with_token.status_code == 200, with_token.text
    assert with_token.json()["autor"] == "AF(97)"
    own = client.post(
        URL, json={**body, "texto": "Sin apuro", "supervisor_id": 97}, headers=console(client)
    )
    assert own.status_code == 200, own.text
    unsigned = client.post(
        URL, json={**body, "texto": "Nota de sistemas", "autor": "TI"}, headers=ADMIN_HEADERS
    )
    assert unsigned.status_code == 200, unsigned.text
    assert _notes(client) == [
        ("Priorizar: cliente lo pide el lunes", "AF(97)", 97),
        ("Sin apuro", "AF(97)", 97),
        ("Nota de sistemas", "TI", None),
    ]
    trail = [e for e in events(client, FRESCO) if e["evento_tipo"] == "NOTA"]
    assert [(e["worker_id"], e["metadata"]["texto"]) for e in trail] == [
        (97, "Priorizar: cliente lo pide el lunes"),
        (97, "Sin apuro"),
        (None, "Nota de sistemas"),
    ]
    assert isinstance(trail[1]["metadata"]["sesion_id"], int)  # written with the session


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"tag_spool": "FAKE-999", "texto": "hola"}, 404, "SPOOL_NO_ENCONTRADO"),
        (
            {"tag_spool": FRESCO, "texto": "hola", "supervisor_id": 4242},
            404,
            "WORKER_NO_ENCONTRADO",
        ),
        ({"tag_spool": FRESCO, "texto": "  "}, 422, "VALIDATION_ERROR"),
        ({"tag_spool": FRESCO, "texto": "a\nb"}, 422, "VALIDATION_ERROR"),
        ({"tag_spool": FRESCO, "texto": "x" * 1001}, 422, "VALIDATION_ERROR"),
    ],
)
def test_bad_console_notes_are_refused_and_write_nothing(
    client: TestClient, body: dict[str, Any], status: int, code: str
) -> None:
    response = client.post(URL, json=body, headers=ADMIN_HEADERS)
    if status == 422:
        assert_validation_error(response)
    else:
        assert_error(response, status, code)
    assert _notes(client) == []


def test_console_notes_need_the_token_or_the_supervisors_own_name(client: TestClient) -> None:
    body = {"tag_spool": FRESCO, "texto": "hola", "supervisor_id": 93}
    assert client.post(URL, json=body).status_code == 401
    wrong = {"Authorization": "Bearer otro-token"}
    assert client.post(URL, json=body, headers=wrong).status_code == 403
    refused = client.post(URL, json=body, headers=console(client))
    assert_error(refused, 403, "SESION_DE_OTRO_TRABAJADOR")
    assert _notes(client) == []
