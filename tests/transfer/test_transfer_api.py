"""POST /api/admin/import and GET /api/admin/export/{kind}: admin token, JSON report,
4xx for bad files and oversize uploads, downloads that import back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import load_workbook

from tests.infra.auth import ADMIN_HEADERS
from tests.transfer.workbooks import MESSY_GOOD, database_state, messy_rows, write_xlsx
from zeues.api.app import create_app
from zeues.api.routes import transfer
from zeues.container import Container
from zeues.services.transfer.exporting import EVENT_HEADER

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def client(empty: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=empty)) as test_client:
        yield test_client


def _post_file(client: TestClient, kind: str, name: str, content: bytes, media: str) -> Response:
    """One import request with the admin token, the raw file as given."""
    return client.post(
        "/api/admin/import",
        headers=ADMIN_HEADERS,
        data={"kind": kind},
        files={"file": (name, content, media)},
    )


def _upload(client: TestClient, path: Path, **form: str) -> tuple[int, dict[str, object]]:
    with path.open("rb") as handle:
        response = client.post(
            "/api/admin/import",
            headers=ADMIN_HEADERS,
            data={"kind": "spools", **form},
            files={"file": (path.name, handle, XLSX)},
        )
    return response.status_code, response.json()


def test_import_needs_the_admin_token(client: TestClient, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", messy_rows())
    response = client.post(
        "/api/admin/import",
        data={"kind": "spools"},
        files={"file": ("m.xlsx", path.read_bytes(), XLSX)},
    )
    assert response.status_code == 401
    assert response.json()["error"] == "UNAUTHENTICATED"


def test_upload_reports_each_row_and_changes_nothing_by_default(
    client: TestClient, empty: Container, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", messy_rows())
    before = database_state(empty)
    status, body = _upload(client, path)
    assert status == 200
    assert body["applied"] is False and body["audit_event_id"] is None
    assert body["counts"] == {
        "rows": 10,
        "new": 5,
        "updated": 0,
        "unchanged": 0,
        "invalid": 5,
        "skipped": 0,
        "blank": 1,
    }
    bad = {row["row"]: row["errors"][0] for row in body["rows"] if row["outcome"] == "invalid"}
    assert bad[4]["column"] == "Fecha  Soldadura"
    assert bad[4]["value"] == "20-01-2026"  # dates as the shop writes them
    assert "sin Fecha_Armado" in bad[4]["reason"]
    assert database_state(empty) == before


def test_dry_run_upload_answers_what_the_real_one_does(
    client: TestClient, empty: Container, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", messy_rows())
    _, dry = _upload(client, path, dry_run="true", skip_invalid="true")
    assert dry["applied"] is False and dry["dry_run"] is True
    _, real = _upload(client, path, skip_invalid="true")
    assert real["applied"] is True and isinstance(real["audit_event_id"], int)
    assert dry["rows"] == real["rows"]
    assert {r["tag_spool"] for r in database_state(empty)[0]} == MESSY_GOOD


def test_an_unreadable_upload_is_a_400_in_spanish(client: TestClient) -> None:
    response = _post_file(client, "spools", "a.xlsx", b"PK\x03\x04junk", XLSX)
    assert response.status_code == 400
    assert response.json()["error"] == "ARCHIVO_NO_VALIDO"
    assert "no es un libro Excel" in response.json()["message"]
    empty = _post_file(client, "spools", "a.csv", b"", "text/csv")
    assert (empty.status_code, empty.json()["message"]) == (400, "El archivo está vacío.")


def test_an_upload_over_the_cap_is_a_413(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "MAX_UPLOAD_BYTES", 10)
    response = _post_file(client, "spools", "a.csv", b"TAG_SPOOL\nA-1\nA-2\n", "text/csv")
    assert response.status_code == 413
    body = response.json()
    assert body["error"] == "ARCHIVO_DEMASIADO_GRANDE" and body["detail"] == body["message"]


def test_a_bad_kind_is_a_422(client: TestClient) -> None:
    response = _post_file(client, "pedidos", "a.csv", b"TAG_SPOOL\nA\n", "text/csv")
    assert response.status_code == 422
    assert response.json()["error"] == "VALIDATION_ERROR"


def test_exports_download_as_csv_and_xlsx(client: TestClient, tmp_path: Path) -> None:
    _upload(client, write_xlsx(tmp_path / "m.xlsx", messy_rows()), skip_invalid="true")
    events = client.get("/api/admin/export/events?format=csv", headers=ADMIN_HEADERS)
    assert events.status_code == 200
    assert events.headers["content-type"].startswith("text/csv")
    assert "attachment" in events.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(events.content.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == EVENT_HEADER
    assert rows[1][2:4] == ["IMPORTACION", "*"]
    book = client.get("/api/admin/export/spools?format=xlsx", headers=ADMIN_HEADERS)
    assert book.status_code == 200 and book.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(book.content), read_only=True)["Operaciones"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][-1] == "Diámetro pulgadas"
    assert sorted(v[0] for v in values[1:]) == sorted(MESSY_GOOD)
    workers = client.get("/api/admin/export/workers", headers=ADMIN_HEADERS)
    assert workers.status_code == 200 and workers.text.lstrip("\ufeff").startswith("Id;")


def test_export_refuses_an_unknown_kind_or_format_and_needs_the_token(
    client: TestClient,
) -> None:
    assert client.get("/api/admin/export/pedidos", headers=ADMIN_HEADERS).status_code == 422
    assert (
        client.get("/api/admin/export/spools?format=pdf", headers=ADMIN_HEADERS).status_code == 422
    )
    wrong = client.get("/api/admin/export/spools", headers={"Authorization": "Bearer x"})
    assert wrong.status_code == 403


def test_openapi_declares_the_routes_and_their_errors(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    upload = paths["/api/admin/import"]["post"]
    assert {"400", "401", "403", "413", "422"} <= set(upload["responses"])
    assert "multipart/form-data" in upload["requestBody"]["content"]
    download = paths["/api/admin/export/{what}"]["get"]
    assert {"401", "403", "422"} <= set(download["responses"])


def test_an_upload_with_notas_adds_each_note_once_and_its_dry_run_keeps_none(
    client: TestClient, empty: Container, tmp_path: Path
) -> None:
    rows = [["TAG_SPOOL", "Notas"], ["NT-100", "Falta soporte\nRevisar plano rev. B"]]
    path = write_xlsx(tmp_path / "n.xlsx", rows)
    _, dry = _upload(client, path, dry_run="true")
    assert client.get("/api/spools/NT-100/notas").status_code == 404  # nothing kept
    _, real = _upload(client, path)
    assert dry["rows"] == real["rows"] and real["applied"] is True
    _, again = _upload(client, path)
    assert again["applied"] is False
    notas = client.get("/api/spools/NT-100/notas").json()["notas"]
    assert [n["texto"] for n in notas] == ["Falta soporte", "Revisar plano rev. B"]
    events = client.get("/api/history/NT-100/events").json()["events"]
    assert [e["evento_tipo"] for e in events] == ["NOTA", "NOTA"]
