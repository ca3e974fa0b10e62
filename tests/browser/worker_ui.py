"""Driving the worker app like a worker would: helpers shared by the test_worker_* files."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import Locator, Page, expect


def sign_in(page: Page, worker_id: int) -> None:
    """Scans the badge: the worker number and Enter."""
    search = page.locator("#worker-search")
    expect(search).to_be_visible()
    expect(page.locator("#worker-tiles .tile").first).to_be_visible()
    search.fill(str(worker_id))
    search.press("Enter")
    expect(page.locator("#who")).to_contain_text(f"({worker_id})")
    expect(page.locator("#free-count")).not_to_be_empty()


def choose_operation(page: Page, op: str) -> None:
    page.locator("#ops button", has_text=re.compile(f"^{op}$")).click()
    expect(page.locator("#ops button[aria-pressed=true]")).to_have_text(op)


def scan(page: Page, tag: str) -> Locator:
    """Types a tag + Enter into the scan field (where the scanner types) and returns the card."""
    page.bring_to_front()  # the page a worker is using (tests drive several tablets)
    field = page.locator("#scan")
    expect(field).to_be_focused()
    page.keyboard.type(tag)
    page.keyboard.press("Enter")
    card = page.locator("#card")
    expect(card).to_be_visible()
    expect(page.locator("#card-title")).to_have_text(f"Spool {tag}")
    expect(page.locator("#card-now > *").first).to_be_visible()
    return card


def card_action(page: Page, op: str, label: str) -> Locator:
    """The button `label` of operation `op`: among what the worker can do now at the top of the
    card, else under «Otras operaciones» (unfolded)."""
    now = page.locator("#card-now", has=page.locator("h3", has_text=f"{op}:"))
    if now.count():
        return now.get_by_role("button", name=label, exact=True)
    others = page.locator("#card-others")
    if others.is_visible() and others.get_attribute("open") is None:
        others.locator("summary").click()
    group = page.locator("#card-others-list .action-group", has=page.locator("h4", has_text=op))
    return group.get_by_role("button", name=label, exact=True)


def confirm(page: Page) -> None:
    page.locator("#confirm-yes").click()


def close_card(page: Page) -> None:
    page.locator("#card-close").click()
    expect(page.locator("#card")).to_be_hidden()


def api(base: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, base + path, timeout=10, **kwargs)


def tomar(base: str, tag: str, worker: int, op: str = "ARM") -> None:
    body = {"tag_spool": tag, "worker_id": worker, "operacion": op}
    response = api(base, "POST", "/api/occupation/tomar", json=body)
    assert response.status_code == 200, response.text


def estado(base: str, tag: str) -> dict[str, Any]:
    found: dict[str, Any] = api(base, "GET", f"/api/spools/{tag}").json()
    return found


def audit_types(base: str, tag: str) -> list[str]:
    events = api(base, "GET", f"/api/history/{tag}/events").json()["events"]
    return [e["evento_tipo"] for e in events]
