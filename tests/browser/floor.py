"""Acting on the demo through its public API while a screen watches, and signing in to the
supervisor console."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import Page, expect

from tests.infra.live import HANG_SECONDS, open_streams
from tests.infra.waits import wait_for

SHOP_TZ = ZoneInfo("America/Santiago")  # the demo's ZEUES_TIMEZONE
SUPERVISOR = 97  # AF(97), the demo's supervisor


def today() -> str:
    return datetime.now(SHOP_TZ).date().isoformat()


def wait_for_streams(base: str, count: int) -> None:
    """Until the server counts `count` open live streams: a screen's stream is open, so a change
    made now reaches it live (not "probably open by now")."""
    wait_for(lambda: open_streams(base) == count, HANG_SECONDS, f"{count} streams abiertos")


def post(base: str, path: str, body: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = httpx.post(base + path, json=body, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def tomar(base: str, tag: str, worker: int, op: str = "ARM") -> dict[str, Any]:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": op}
    return post(base, "/api/occupation/tomar", body)


def pausar(base: str, tag: str, worker: int, op: str = "ARM") -> dict[str, Any]:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": op}
    return post(base, "/api/occupation/pausar", body)


def completar(base: str, tag: str, worker: int, op: str = "ARM") -> dict[str, Any]:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": op, "fecha_operacion": today()}
    return post(base, "/api/occupation/completar", body)


def soldar(base: str, tag: str, worker: int) -> None:
    """ARM and SOLD taken and completed by `worker` (the spool's soldador)."""
    for op in ("ARM", "SOLD"):
        tomar(base, tag, worker, op)
        completar(base, tag, worker, op)


def inspeccionar(base: str, tag: str, resultado: str, worker: int = 95) -> dict[str, Any]:
    body = {"tag_spool": tag, "worker_id": worker, "resultado": resultado}
    return post(base, "/api/metrologia/completar", body)


def spool(base: str, tag: str) -> dict[str, Any]:
    found: dict[str, Any] = httpx.get(f"{base}/api/spools/{tag}", timeout=10).json()
    return found


def sessions(base: str, tag: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = httpx.get(f"{base}/api/history/{tag}", timeout=10).json()[
        "sessions"
    ]
    return found


def sign_in(page: Page, token: str) -> None:
    """Types the admin token, picks the demo's supervisor, and waits for the console."""
    page.fill("#token", token)
    page.click("#form-token button[type=submit]")
    page.select_option("#supervisor", str(SUPERVISOR))
    page.click("#form-supervisor button[type=submit]")
    expect(page.locator("#consola")).to_be_visible()
    expect(page.locator("#conexion")).to_have_text("en vivo")
