"""Issue 19 "also": JSON that Python's parser raises on without a JSONDecodeError (nested
thousands deep, an integer of thousands of digits) is a Spanish 422 like any other malformed
body, never an English 400 or a word about UTF-8."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

TOMAR = "/api/occupation/tomar"
JSON = {"content-type": "application/json"}


@pytest.mark.parametrize("depth", [5_000, 30_000])
def test_deeply_nested_json_is_a_spanish_422(client: TestClient, depth: int) -> None:
    answer = client.post(TOMAR, content=b"[" * depth + b"]" * depth, headers=JSON)

    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert "anidamiento" in body["message"]
    assert "UTF-8" not in body["message"]


def test_an_integer_of_5000_digits_is_a_spanish_422(client: TestClient) -> None:
    raw = b'{"tag_spool": "TEST-01", "worker_id": 1' + b"0" * 5000 + b', "operacion": "ARM"}'
    answer = client.post(TOMAR, content=raw, headers=JSON)

    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert "número demasiado grande" in body["message"]
    assert "UTF-8" not in str(body)


def test_a_body_not_in_utf8_still_says_so(client: TestClient) -> None:
    answer = client.post(TOMAR, content=b'{"tag_spool": "\xff\xfe"}', headers=JSON)

    assert answer.status_code == 422
    assert "UTF-8" in answer.json()["message"]
