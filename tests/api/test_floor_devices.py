"""Enrolled tablets (`dispositivo+pin`, issue 22, CONTRACT §2.8), through HTTP on both backends:
a supervisor enrols a tablet with a short code, only enrolled tablets sign workers in and write,
the console lists them with their last use, and a revoked tablet stops writing at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_error, events, spool
from tests.conftest import FakeClock
from tests.infra.auth import ADMIN_HEADERS
from tests.infra.floor import enrolment, floor_settings
from zeues.config import Settings

DEVICE, SESSION = "X-Device-Token", "X-Worker-Session"
TABLET = "Tablet ARM 2"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return floor_settings(database_url, tmp_path, "dispositivo+pin", lease_ttl_seconds=3600)


def enrolled(client: TestClient, nombre: str = TABLET) -> dict[str, str]:
    """A new tablet's credential as headers (the cookie the answer sets is dropped)."""
    code = enrolment(client, nombre)["codigo"]
    answer = client.post("/api/dispositivos/enrolar", json={"codigo": code})
    assert answer.status_code == 200, answer.text
    client.cookies.clear()
    return {DEVICE: answer.json()["token"]}


def signed_in(client: TestClient, tablet: dict[str, str], worker: int = 93) -> dict[str, str]:
    body = {"worker_id": worker, "pin": f"{worker}{worker}"}
    answer = client.post("/api/sesiones", json=body, headers=tablet)
    assert answer.status_code == 200, answer.text
    return {**tablet, SESSION: answer.json()["token"]}


def tomar(client: TestClient, tag: str, headers: dict[str, str], worker: int = 93) -> Any:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": "ARM"}
    return client.post("/api/occupation/tomar", json=body, headers=headers)


def test_an_unenrolled_tablet_cannot_sign_a_worker_in(client: TestClient) -> None:
    refused = assert_error(
        client.post("/api/sesiones", json={"worker_id": 93, "pin": "9393"}),
        401,
        "DISPOSITIVO_NO_ENROLADO",
    )
    assert "supervisor" in refused["message"]
    made_up = {DEVICE: "y" * 43}
    assert_error(
        client.post("/api/sesiones", json={"worker_id": 93, "pin": "9393"}, headers=made_up),
        401,
        "DISPOSITIVO_NO_ENROLADO",
    )


def test_an_enrolled_tablet_writes_and_the_audit_names_tablet_and_session(
    client: TestClient,
) -> None:
    both = signed_in(client, enrolled(client))
    assert tomar(client, "TEST-01", both).status_code == 200
    (event,) = events(client, "TEST-01")
    assert {"sesion_id", "dispositivo_id"} <= event["metadata"].keys()


def test_a_session_works_only_from_the_tablet_it_was_opened_on(client: TestClient) -> None:
    both = signed_in(client, enrolled(client, "Tablet 1"))
    session = {SESSION: both[SESSION]}
    assert_error(tomar(client, "TEST-01", session), 401, "DISPOSITIVO_NO_ENROLADO")
    other = enrolled(client, "Tablet 2")
    moved = assert_error(tomar(client, "TEST-01", {**other, **session}), 401, "SESION_VENCIDA")
    assert "otra tablet" in moved["message"]
    assert spool(client, "TEST-01")["ocupado_por"] is None


def test_a_code_enrols_once_typed_loosely_and_lapses_after_ten_minutes(
    client: TestClient, clock: FakeClock
) -> None:
    made = enrolment(client, TABLET)
    code = made["codigo"]
    assert len(code) == 9 and code[4] == "-"
    typed = code.replace("-", " ").lower()
    first = client.post("/api/dispositivos/enrolar", json={"codigo": typed})
    assert first.status_code == 200 and first.json()["nombre"] == "Tablet ARM 2"
    again = client.post("/api/dispositivos/enrolar", json={"codigo": code})
    assert_error(again, 400, "CODIGO_NO_VALIDO")
    late = enrolment(client, "Tablet tarde")["codigo"]
    clock.advance(10 * 60)
    assert_error(
        client.post("/api/dispositivos/enrolar", json={"codigo": late}), 400, "CODIGO_NO_VALIDO"
    )


def test_the_console_lists_tablets_and_a_revoked_one_stops_writing_at_once(
    client: TestClient, clock: FakeClock
) -> None:
    tablet = enrolled(client, "Tablet SOLD")
    both = signed_in(client, tablet)
    clock.advance(60)
    assert tomar(client, "TEST-01", both).status_code == 200
    listed = client.get("/api/admin/dispositivos", headers=ADMIN_HEADERS).json()
    (row,) = listed["dispositivos"]
    assert (row["nombre"], row["estado"]) == ("Tablet SOLD", "enrolada")
    assert row["ultimo_uso_at"] > row["enrolada_at"]  # the write was its last use
    revoked = client.post(
        f"/api/admin/dispositivos/{row['dispositivo_id']}/revocar", headers=ADMIN_HEADERS
    )
    assert revoked.status_code == 200 and revoked.json()["estado"] == "revocada"
    stopped = assert_error(tomar(client, "TEST-02", both), 403, "DISPOSITIVO_REVOCADO")
    assert "Tablet SOLD" in stopped["message"]
    assert spool(client, "TEST-02")["ocupado_por"] is None
    assert_error(
        client.post("/api/sesiones", json={"worker_id": 94, "pin": "9494"}, headers=tablet),
        403,
        "DISPOSITIVO_REVOCADO",
    )
    assert client.get("/api/dispositivos/actual", headers=tablet).json()["estado"] == "revocada"
    assert_error(
        client.post("/api/admin/dispositivos/999/revocar", headers=ADMIN_HEADERS),
        404,
        "DISPOSITIVO_NO_ENCONTRADO",
    )
    assert client.post("/api/admin/dispositivos/1/revocar").status_code == 401


def test_the_enrolment_cookie_is_the_tablets_credential_in_a_browser(client: TestClient) -> None:
    code = enrolment(client, TABLET)["codigo"]
    answer = client.post("/api/dispositivos/enrolar", json={"codigo": code})
    assert "httponly" in answer.headers["set-cookie"].lower()
    current = client.get("/api/dispositivos/actual").json()
    assert (current["enrolada"], current["nombre"]) == (True, "Tablet ARM 2")
    opened = client.post("/api/sesiones", json={"worker_id": 93, "pin": "9393"})
    assert opened.status_code == 200, opened.text
    assert tomar(client, "TEST-01", {SESSION: opened.json()["token"]}).status_code == 200


def test_an_admin_test_session_acts_without_a_tablet(client: TestClient) -> None:
    made = client.post("/api/admin/sesiones", json={"worker_id": 94}, headers=ADMIN_HEADERS)
    assert tomar(client, "TEST-01", {SESSION: made.json()["token"]}, worker=94).status_code == 200


class TestReadsOnlyForEnrolledTablets:
    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path) -> Settings:
        return floor_settings(database_url, tmp_path, "dispositivo+pin", floor_reads="dispositivo")

    def test_reads_need_an_enrolled_tablet_or_the_admin_token(self, client: TestClient) -> None:
        assert_error(client.get("/api/workers"), 401, "DISPOSITIVO_NO_ENROLADO")
        assert_error(client.get("/api/spools/TEST-01"), 401, "DISPOSITIVO_NO_ENROLADO")
        assert client.get("/api/health").status_code == 200
        assert client.get("/api/acceso").status_code == 200
        assert client.get("/api/workers", headers=ADMIN_HEADERS).status_code == 200
        tablet = enrolled(client)
        assert client.get("/api/workers", headers=tablet).status_code == 200
        device_id = client.get("/api/dispositivos/actual", headers=tablet).json()["dispositivo_id"]
        client.post(f"/api/admin/dispositivos/{device_id}/revocar", headers=ADMIN_HEADERS)
        assert_error(client.get("/api/workers", headers=tablet), 403, "DISPOSITIVO_REVOCADO")

    def test_a_supervisors_console_session_reads_without_a_tablet(
        self, client: TestClient, clock: FakeClock
    ) -> None:
        """The console is a desk's browser, not an enrolled tablet: its supervisor session
        opens the reads it shows (lists, PINs, tablets) as the admin token does, while valid."""
        opened = client.post("/api/supervisor/sesion", json={"worker_id": 97, "pin": "9797"})
        assert opened.status_code == 200, opened.text
        console = {"Authorization": f"Bearer {opened.json()['token']}"}
        for path in ("/api/workers", "/api/admin/pines", "/api/admin/dispositivos"):
            assert client.get(path, headers=console).status_code == 200, path
        made_up = {"Authorization": "Bearer " + "z" * 43}
        assert_error(client.get("/api/workers", headers=made_up), 401, "DISPOSITIVO_NO_ENROLADO")
        clock.advance(12 * 3600)  # a shift later the session is over
        assert_error(client.get("/api/workers", headers=console), 401, "DISPOSITIVO_NO_ENROLADO")

    def test_the_cookie_opens_reads_in_a_browser(self, client: TestClient) -> None:
        code = enrolment(client, TABLET)["codigo"]
        assert client.post("/api/dispositivos/enrolar", json={"codigo": code}).status_code == 200
        assert client.get("/api/workers").status_code == 200


def test_closed_reads_need_enrolled_tablets(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="dispositivo\\+pin"):
        Settings(data_dir=tmp_path, floor_auth="pin", floor_reads="dispositivo")
