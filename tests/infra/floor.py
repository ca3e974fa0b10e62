"""What the floor-identity API tests (issue 22, CONTRACT §2.8) share: the app's settings in a
floor mode (`pin`, `dispositivo+pin`) and a new tablet's enrolment from the console."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from fastapi.testclient import TestClient

from tests.infra.auth import ADMIN_HEADERS, ADMIN_TOKEN
from zeues.config import Settings


def floor_settings(
    database_url: str,
    data_dir: Path,
    floor_auth: Literal["abierto", "pin", "dispositivo+pin"],
    **extra: Any,
) -> Settings:
    """This test's database in `floor_auth` mode with the suite's admin token; `extra` sets
    what a test needs beyond that (lease TTL, floor reads, tablet address)."""
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        admin_token=ADMIN_TOKEN,
        floor_auth=floor_auth,
        **extra,
    )


def enrolment(client: TestClient, nombre: str) -> dict[str, Any]:
    """The console's enrolment of a new tablet `nombre`: its code, link and QR."""
    made = client.post(
        "/api/admin/dispositivos/enrolar", json={"nombre": nombre}, headers=ADMIN_HEADERS
    )
    assert made.status_code == 200, made.text
    found: dict[str, Any] = made.json()
    return found
