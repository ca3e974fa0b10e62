"""Issue 19, item 2: bodies are limited per route while they stream in, and an upload's admin
token is checked before its body is read. Scaled down: a 1 MB upload limit and 64 KB chunks;
`chunks_read` is how much of the body the app pulled before answering."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.infra.auth import ADMIN_HEADERS, ADMIN_TOKEN
from tests.security.asgi import CHUNK, json_chunks, multipart, post
from zeues.config import MB, Settings

UPLOAD = "/api/admin/import"
TOMAR = "/api/occupation/tomar"
FORM = {"content-type": "multipart/form-data; boundary=zeuesbound"}
JSON = {"content-type": "application/json"}


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        admin_token=ADMIN_TOKEN,
        lease_ttl_seconds=3600,
        max_upload_bytes=MB,
        max_json_bytes=64 * 1024,
    )


@pytest.fixture
def spool_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder uploads are spooled to, watched by the test."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_an_upload_without_token_is_refused_before_its_body_is_read(
    client: TestClient, spool_dir: Path
) -> None:
    sent = post(client.app, UPLOAD, multipart(20 * MB), FORM)

    assert sent.status == 401
    assert sent.json()["error"] == "UNAUTHENTICATED"
    assert sent.chunks_read == 0
    assert sent.headers["connection"] == "close"  # nor is the rest read and dropped
    assert list(spool_dir.iterdir()) == []


def test_an_upload_with_a_wrong_token_is_refused_before_its_body_is_read(
    client: TestClient, spool_dir: Path
) -> None:
    headers = {**FORM, "authorization": "Bearer not-the-token-at-all"}
    sent = post(client.app, UPLOAD, multipart(20 * MB), headers)

    assert sent.status == 403
    assert sent.chunks_read == 0
    assert list(spool_dir.iterdir()) == []


def test_an_upload_declared_too_large_is_refused_unread(client: TestClient) -> None:
    headers = {**FORM, **ADMIN_HEADERS, "content-length": str(20 * MB)}
    sent = post(client.app, UPLOAD, multipart(20 * MB), headers)

    assert sent.status == 413
    body = sent.json()
    assert body["error"] == "ARCHIVO_DEMASIADO_GRANDE"
    assert "1 MB" in body["message"] and "zeues import" in body["message"]
    assert body["data"] == {"max_bytes": MB}
    assert sent.chunks_read == 0


def test_a_chunked_upload_is_cut_off_at_the_limit(client: TestClient, spool_dir: Path) -> None:
    sent = post(client.app, UPLOAD, multipart(20 * MB), {**FORM, **ADMIN_HEADERS})

    assert sent.status == 413, sent.body
    assert sent.json()["error"] == "ARCHIVO_DEMASIADO_GRANDE"
    assert sent.headers["connection"] == "close"
    # The limit plus the multipart room, and not one chunk more than needed to cross it.
    assert sent.chunks_read * CHUNK <= MB + 64 * 1024 + 2 * CHUNK
    assert list(spool_dir.iterdir()) == []  # the part spooled so far is removed


def test_a_command_body_declared_too_large_is_refused_unread(client: TestClient) -> None:
    headers = {**JSON, "content-length": str(100 * MB)}
    sent = post(client.app, TOMAR, json_chunks(100 * MB), headers)

    assert sent.status == 413
    body = sent.json()
    assert body["error"] == "CUERPO_DEMASIADO_GRANDE"
    assert "64 KB" in body["message"]
    assert sent.chunks_read == 0


def test_a_chunked_command_body_is_cut_off_at_the_limit(client: TestClient) -> None:
    sent = post(client.app, TOMAR, json_chunks(100 * MB), JSON)

    assert sent.status == 413
    assert sent.json()["error"] == "CUERPO_DEMASIADO_GRANDE"
    assert sent.chunks_read <= 3


def test_a_command_under_the_limit_is_served(client: TestClient) -> None:
    body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
    assert client.post(TOMAR, json=body).status_code == 200


def test_an_admin_json_route_past_the_limit_is_413_not_401(client: TestClient) -> None:
    """Small routes read their (bounded) body before the token: 64 KB is harmless."""
    answer = client.post("/api/admin/spools", content=b"[" * (65 * 1024), headers=JSON)
    assert answer.status_code == 413
