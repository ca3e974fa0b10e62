"""The worker tablet where the floor asks who is acting (issue 22): the PIN pad after the worker
identifies, the lockout after five wrong PINs, a tablet that is not enrolled refused with a
clear screen (and enrolled with the supervisor's code), a revoked tablet stopped at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage, axe_violations, describe, screenshot
from tests.browser.worker_ui import TIMEOUT_MS, api, card_action, close_card, estado, scan
from tests.infra.auth import ADMIN_HEADERS
from tests.infra.live import live_server


@pytest.fixture
def pin_floor(tmp_path: Path) -> Iterator[str]:
    with live_server(tmp_path, ZEUES_FLOOR_AUTH="pin") as base:
        yield base


@pytest.fixture
def device_floor(tmp_path: Path) -> Iterator[str]:
    with live_server(tmp_path, ZEUES_FLOOR_AUTH="dispositivo+pin") as base:
        yield base


def new_tablet(base: str, nombre: str) -> dict[str, Any]:
    """What the console answers when a supervisor enrols a tablet: its id and code."""
    made = api(base, "POST", "/api/admin/dispositivos/enrolar", json={"nombre": nombre},
               headers=ADMIN_HEADERS)  # fmt: skip
    assert made.status_code == 200, made.text
    found: dict[str, Any] = made.json()
    return found


def identify(page: Page, worker_id: int) -> None:
    """Scans the badge: the worker number and Enter; the PIN pad comes up."""
    search = page.locator("#worker-search")
    expect(page.locator("#worker-tiles .tile").first).to_be_visible(timeout=TIMEOUT_MS)
    search.fill(str(worker_id))
    search.press("Enter")
    expect(page.locator("#pin")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("#pin-who")).to_contain_text(f"N.º {worker_id}")


def type_pin(page: Page, pin: str) -> None:
    for digit in pin:
        page.locator("#pin-keys button", has_text=digit).first.click()
    page.locator("#pin-enter").click()


def take_fresh_spool(page: Page, tag: str) -> None:
    scan(page, tag)
    card_action(page, "ARM", "TOMAR").click()
    expect(page.locator("#card-result")).to_contain_text("tomado", timeout=TIMEOUT_MS)


def test_a_worker_signs_in_with_the_pin_and_acts_in_their_own_name(
    pin_floor: str, open_page: OpenPage
) -> None:
    page, _ = open_page(pin_floor + "/")
    identify(page, 93)
    expect(page.locator("#pin-title")).to_have_text("Ingrese su PIN")
    found = axe_violations(page)
    assert not found, describe(found)
    screenshot(page, "worker-pin-pad")
    type_pin(page, "9393")
    expect(page.locator("#who")).to_contain_text("(93)", timeout=TIMEOUT_MS)
    take_fresh_spool(page, "TEST-02")
    assert estado(pin_floor, "TEST-02")["ocupado_por"] == "MR(93)"
    # «Cambiar trabajador» ends the session: the next worker must type their own PIN.
    close_card(page)
    page.locator("#change-worker").click()
    identify(page, 94)


def test_five_wrong_pins_lock_the_worker_and_the_pad_says_until_when(
    pin_floor: str, open_page: OpenPage
) -> None:
    page, watch = open_page(pin_floor + "/")
    watch.allow(r"status of 429")  # the lockout's answer, provoked here
    identify(page, 94)
    for left in (4, 3, 2, 1):
        type_pin(page, "1111")
        expect(page.locator("#pin-message")).to_contain_text(f"Le quedan {left} intentos")
    type_pin(page, "1111")
    expect(page.locator("#pin-message")).to_contain_text("quedó bloqueado")
    type_pin(page, "9494")  # even the right PIN waits
    expect(page.locator("#pin-message")).to_contain_text("quedó bloqueado")
    expect(page.locator("#work")).to_be_hidden()
    screenshot(page, "worker-pin-locked")


def test_a_first_pin_from_the_supervisor_is_changed_on_the_pad(
    pin_floor: str, open_page: OpenPage
) -> None:
    made = api(pin_floor, "POST", "/api/admin/workers/95/pin", json={"pin": "2468"},
               headers=ADMIN_HEADERS)  # fmt: skip
    assert made.status_code == 200, made.text
    page, _ = open_page(pin_floor + "/")
    identify(page, 95)
    type_pin(page, "2468")
    expect(page.locator("#pin-title")).to_have_text("Elija su PIN nuevo (4 a 6 dígitos)")
    type_pin(page, "1357")
    expect(page.locator("#pin-title")).to_have_text("Repita su PIN nuevo")
    type_pin(page, "1357")
    expect(page.locator("#who")).to_contain_text("(95)", timeout=TIMEOUT_MS)
    answer = api(pin_floor, "POST", "/api/sesiones", json={"worker_id": 95, "pin": "1357"})
    assert answer.status_code == 200, answer.text


def test_an_unenrolled_tablet_is_refused_with_a_clear_screen_then_enrolled_with_a_code(
    device_floor: str, open_page: OpenPage
) -> None:
    page, _ = open_page(device_floor + "/")
    expect(page.locator("#unenrolled-title")).to_have_text(
        "Esta tablet no está enrolada", timeout=TIMEOUT_MS
    )
    expect(page.locator("#identity")).to_be_hidden()
    found = axe_violations(page)
    assert not found, describe(found)
    screenshot(page, "worker-unenrolled")
    code = new_tablet(device_floor, "Tablet ARM 1")["codigo"]
    page.locator("#enrol-code").fill(code.lower().replace("-", ""))
    page.locator("#enrol-send").click()
    identify(page, 93)
    type_pin(page, "9393")
    expect(page.locator("#who")).to_contain_text("(93)", timeout=TIMEOUT_MS)
    take_fresh_spool(page, "TEST-03")
    listed = api(device_floor, "GET", "/api/admin/dispositivos", headers=ADMIN_HEADERS).json()
    (tablet,) = listed["dispositivos"]
    assert (tablet["nombre"], tablet["estado"]) == ("Tablet ARM 1", "enrolada")


def test_a_revoked_tablet_stops_writing_at_once(device_floor: str, open_page: OpenPage) -> None:
    made = new_tablet(device_floor, "Tablet SOLD")
    page, _ = open_page(device_floor + "/")
    page.locator("#enrol-code").fill(made["codigo"])
    page.locator("#enrol-send").click()
    identify(page, 93)
    type_pin(page, "9393")
    expect(page.locator("#who")).to_contain_text("(93)", timeout=TIMEOUT_MS)
    revoked = api(device_floor, "POST", f"/api/admin/dispositivos/{made['dispositivo_id']}/revocar",
                  headers=ADMIN_HEADERS)  # fmt: skip
    assert revoked.status_code == 200, revoked.text
    scan(page, "TEST-04")
    card_action(page, "ARM", "TOMAR").click()
    expect(page.locator("#unenrolled-title")).to_have_text(
        "Esta tablet fue revocada", timeout=TIMEOUT_MS
    )
    assert estado(device_floor, "TEST-04")["ocupado_por"] is None
    screenshot(page, "worker-revoked")
