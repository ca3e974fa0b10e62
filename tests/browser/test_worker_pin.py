"""The worker tablet where the floor asks who is acting (issue 22): the PIN pad after the worker
identifies, the lockout after five wrong PINs, a tablet that is not enrolled refused with a
clear screen (and enrolled with the supervisor's code, typed or scanned from the console's QR),
a revoked tablet stopped at once."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    TABLET_LANDSCAPE,
    OpenPage,
    axe_violations,
    describe,
    screenshot,
    until,
)
from tests.browser.worker_ui import api, card_action, close_card, estado, scan
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
    expect(page.locator("#worker-tiles .tile").first).to_be_visible()
    search.fill(str(worker_id))
    search.press("Enter")
    expect(page.locator("#pin")).to_be_visible()
    expect(page.locator("#pin-who")).to_contain_text(f"N.º {worker_id}")


def type_pin(page: Page, pin: str) -> None:
    for digit in pin:
        page.locator("#pin-keys button", has_text=digit).first.click()
    page.locator("#pin-enter").click()


def take_fresh_spool(page: Page, tag: str) -> None:
    scan(page, tag)
    card_action(page, "ARM", "TOMAR").click()
    expect(page.locator("#card-result")).to_contain_text("tomado")


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
    expect(page.locator("#who")).to_contain_text("(93)")
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
    expect(page.locator("#who")).to_contain_text("(95)")
    answer = api(pin_floor, "POST", "/api/sesiones", json={"worker_id": 95, "pin": "1357"})
    assert answer.status_code == 200, answer.text


def test_an_unenrolled_tablet_is_refused_with_a_clear_screen_then_enrolled_with_a_code(
    device_floor: str, open_page: OpenPage
) -> None:
    page, _ = open_page(device_floor + "/")
    expect(page.locator("#unenrolled-title")).to_have_text("Esta tablet no está enrolada")
    expect(page.locator("#identity")).to_be_hidden()
    found = axe_violations(page)
    assert not found, describe(found)
    screenshot(page, "worker-unenrolled")
    code = new_tablet(device_floor, "Tablet ARM 1")["codigo"]
    page.locator("#enrol-code").fill(code.lower().replace("-", ""))
    page.locator("#enrol-send").click()
    identify(page, 93)
    type_pin(page, "9393")
    expect(page.locator("#who")).to_contain_text("(93)")
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
    expect(page.locator("#who")).to_contain_text("(93)")
    revoked = api(device_floor, "POST", f"/api/admin/dispositivos/{made['dispositivo_id']}/revocar",
                  headers=ADMIN_HEADERS)  # fmt: skip
    assert revoked.status_code == 200, revoked.text
    scan(page, "TEST-04")
    card_action(page, "ARM", "TOMAR").click()
    expect(page.locator("#unenrolled-title")).to_have_text("Esta tablet fue revocada")
    assert estado(device_floor, "TEST-04")["ocupado_por"] is None
    screenshot(page, "worker-revoked")


def qr_on_screen(page: Page, selector: str) -> str:
    """What a camera would read: the QR as the console draws it, decoded by zxing-cpp."""
    page.wait_for_function(  # visible is not yet drawn: the image decoded first
        "(s) => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth; }",
        arg=selector,
    )
    # Decoded is not yet painted: on a loaded machine the first screenshot can still be blank,
    # so read again until the camera would see the code.
    codes: list[Any] = []

    def readable() -> bool:
        shot = Image.open(io.BytesIO(page.locator(selector).screenshot()))
        codes[:] = zxingcpp.read_barcodes(shot)
        return bool(codes)

    until(page, readable, f"un QR legible en {selector}")
    (found,) = codes
    text: str = found.text
    return text


def test_a_tablet_opened_from_the_consoles_qr_enrols_itself_and_writes(
    device_floor: str, open_page: OpenPage
) -> None:
    console, _ = open_page(device_floor + "/supervisor", TABLET_LANDSCAPE)
    console.fill("#pin-numero", "97")
    console.fill("#pin-clave", "9797")
    console.click("#form-pin button[type=submit]")
    expect(console.locator("#consola")).to_be_visible()
    console.fill("#tablet-nombre", "Tablet QR")
    console.click("#form-tablet button[type=submit]")
    code = console.locator("#tablet-codigo b").inner_text()
    expect(console.locator("#tablet-qr")).to_be_visible()
    console.locator("#tablet-codigo").scroll_into_view_if_needed()
    screenshot(console, "supervisor-tablet-qr")
    link = qr_on_screen(console, "#tablet-qr")
    assert link == f"{device_floor}/?enrolar={code}"
    expect(console.locator("#tablet-codigo figcaption")).to_have_text(link)
    # Opened as 127.0.0.1 here: the console warns that a tablet cannot reach that address.
    expect(console.locator("#tablet-qr-local")).to_contain_text("ZEUES_TABLET_URL")

    page, _ = open_page(link)  # a fresh tablet, its camera app opening the link
    expect(page.locator("#enrol-notice")).to_have_text("Tablet enrolada como «Tablet QR».")
    assert page.url == device_floor + "/"  # the code left the address bar (its entry replaced)
    expect(page.locator("#unenrolled")).to_be_hidden()
    screenshot(page, "worker-enrolled-by-qr")
    # The console sees it within seconds: code and QR give way, so nobody scans a spent one.
    expect(console.locator("#tablet-codigo")).to_contain_text("«Tablet QR» quedó enrolada")
    expect(console.locator("#tablet-qr")).to_have_count(0)
    identify(page, 93)
    type_pin(page, "9393")
    expect(page.locator("#who")).to_contain_text("(93)")
    expect(page.locator("#enrol-notice")).to_be_empty()
    take_fresh_spool(page, "TEST-05")
    assert estado(device_floor, "TEST-05")["ocupado_por"] == "MR(93)"
    listed = api(device_floor, "GET", "/api/admin/dispositivos", headers=ADMIN_HEADERS).json()
    (tablet,) = listed["dispositivos"]
    assert (tablet["nombre"], tablet["estado"]) == ("Tablet QR", "enrolada")

    # The same link on another tablet: the code was spent, so that one is not enrolled.
    other, watch = open_page(link)
    watch.allow(r"status of 400")  # CODIGO_NO_VALIDO, provoked here
    expect(other.locator("#enrol-notice")).to_contain_text("El enlace de enrolamiento no sirvió")
    expect(other.locator("#unenrolled-title")).to_have_text("Esta tablet no está enrolada")
    assert re.fullmatch(re.escape(device_floor) + "/", other.url)
    screenshot(other, "worker-qr-link-spent")
