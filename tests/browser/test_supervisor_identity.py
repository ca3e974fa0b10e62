"""The supervisor console where who acts is known (issue 22): a supervisor signs in with their
own number and PIN and their unblock is audited in their name; the console enrols a tablet
(the code to read out) and revokes it."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import expect

from tests.api.helpers import BLOQUEADO
from tests.browser.conftest import TABLET_LANDSCAPE, OpenPage, axe_violations, describe, screenshot
from tests.infra.auth import ADMIN_HEADERS
from tests.infra.live import live_server


def test_a_supervisor_signs_in_with_their_pin_and_the_audit_names_them(
    demo: str, open_page: OpenPage
) -> None:
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    page.fill("#pin-numero", "97")
    page.fill("#pin-clave", "1111")
    page.click("#form-pin button[type=submit]")
    expect(page.locator("#error-pin")).to_contain_text("PIN incorrecto")
    found = axe_violations(page)
    assert not found, describe(found)
    screenshot(page, "supervisor-sign-in")
    page.fill("#pin-clave", "9797")
    page.click("#form-pin button[type=submit]")
    expect(page.locator("#consola")).to_be_visible()
    expect(page.locator("#quien")).to_have_text("Supervisor: AF(97)")
    row = page.locator(f'#bloqueados tr[data-tag="{BLOQUEADO}"]')
    row.get_by_role("button", name="Desbloquear").click()
    page.fill("#motivo", "Revisado con calidad")
    page.click("#dlg-confirmar")
    expect(row).to_have_count(0)
    events = httpx.get(f"{demo}/api/history/{BLOQUEADO}/events", timeout=10).json()["events"]
    last = events[-1]
    assert (last["evento_tipo"], last["worker_nombre"]) == ("SUPERVISOR_OVERRIDE", "AF(97)")
    assert isinstance(last["metadata"]["sesion_id"], int)
    # «Cerrar sesión» ends the session on the server too: its token opens nothing any more.
    token = page.evaluate("() => sessionStorage.getItem('zeues.consola.token')")
    page.click("#salir")
    expect(page.locator("#form-pin")).to_be_visible()
    auth = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{demo}/api/admin/pines", headers=auth, timeout=10).status_code == 403


def test_the_console_enrols_a_tablet_lists_it_and_revokes_it(
    demo: str, open_page: OpenPage
) -> None:
    page, watch = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    page.fill("#pin-numero", "97")
    page.fill("#pin-clave", "9797")
    page.click("#form-pin button[type=submit]")
    expect(page.locator("#consola")).to_be_visible()
    page.fill("#tablet-nombre", "Tablet ARM 2")
    page.click("#form-tablet button[type=submit]")
    code = page.locator("#tablet-codigo b")
    expect(code).to_have_text(re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$"))
    enrolled = httpx.post(
        f"{demo}/api/dispositivos/enrolar", json={"codigo": code.inner_text()}, timeout=10
    )
    assert enrolled.status_code == 200, enrolled.text
    # The reload may cut a read the console had in flight (its live stream keeps asking).
    watch.allow(r"net::ERR_ABORTED")
    page.reload()
    row = page.locator("#tablets tr", has_text="Tablet ARM 2")
    expect(row).to_contain_text("Enrolada")
    page.locator("#t-tablets").scroll_into_view_if_needed()
    screenshot(page, "supervisor-tablets")
    page.on("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revocar Tablet ARM 2").click()
    expect(row).to_contain_text("Revocada")
    listed = httpx.get(f"{demo}/api/admin/dispositivos", headers=ADMIN_HEADERS, timeout=10)
    assert listed.json()["dispositivos"][0]["estado"] == "revocada"


def test_the_console_shows_a_lockout_first_lifts_it_with_a_new_pin_and_prints_a_crew_sheet(
    demo: str, open_page: OpenPage
) -> None:
    for _ in range(5):
        httpx.post(f"{demo}/api/sesiones", json={"worker_id": 94, "pin": "1111"}, timeout=10)
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    page.fill("#pin-numero", "97")
    page.fill("#pin-clave", "9797")
    page.click("#form-pin button[type=submit]")
    expect(page.locator("#consola")).to_be_visible()
    first = page.locator("#pines tr").first
    expect(first).to_contain_text("JP(94)")
    expect(page.locator("#n-bloqueados-pin")).to_have_text("1 bloqueado")
    # The row shows the five wrong PINs that locked him and until when (shop time, HH:MM).
    listed = httpx.get(f"{demo}/api/admin/pines", headers=ADMIN_HEADERS, timeout=10).json()
    until = next(w for w in listed["trabajadores"] if w["worker_id"] == 94)["bloqueado_hasta"]
    cells = first.locator("td")
    expect(cells.nth(2)).to_have_text("5")
    expect(cells.nth(3)).to_have_text(until[11:16])
    page.locator("#t-pines").scroll_into_view_if_needed()
    screenshot(page, "supervisor-pins")
    first.get_by_role("button", name="PIN nuevo para JP(94)").click()
    pin = page.locator("#pin-aviso b")
    expect(pin).to_have_text(re.compile(r"^\d{4}$"))
    answer = httpx.post(
        f"{demo}/api/sesiones", json={"worker_id": 94, "pin": pin.inner_text()}, timeout=10
    )
    assert answer.json()["error"] == "CAMBIO_DE_PIN_REQUERIDO"  # the right PIN, lockout lifted
    page.click("#pin-hoja")
    expect(page.locator("#hoja")).to_be_visible()
    rows = page.locator("#hoja-filas tr[data-worker]")
    expect(rows).to_have_count(50)
    assert re.fullmatch(r"\d{4}", rows.first.locator("td").nth(1).inner_text())


def test_where_reads_are_closed_the_console_reads_with_the_supervisors_session(
    tmp_path: Path, open_page: OpenPage
) -> None:
    """ZEUES_FLOOR_READS=dispositivo: the console is a desk's browser, not an enrolled tablet;
    its supervisor's session opens the lists and the live stream. Where the floor asks who is
    acting, the console offers no admin-token sign-in (the token is for automation)."""
    env = {"ZEUES_FLOOR_AUTH": "dispositivo+pin", "ZEUES_FLOOR_READS": "dispositivo"}
    with live_server(tmp_path, **env) as base:
        page, _ = open_page(base + "/supervisor", TABLET_LANDSCAPE)
        expect(page.locator("#form-token")).to_be_hidden()
        page.fill("#pin-numero", "97")
        page.fill("#pin-clave", "9797")
        page.click("#form-pin button[type=submit]")
        expect(page.locator("#consola")).to_be_visible()
        expect(page.locator("#conexion")).to_have_text("en vivo")
        expect(page.locator(f'#bloqueados tr[data-tag="{BLOQUEADO}"]')).to_have_count(1)
        screenshot(page, "supervisor-closed-reads")
        # A laptop without the session still reads nothing.
        assert httpx.get(f"{base}/api/dashboard/occupied", timeout=10).status_code == 401

        # The TV board: refused with what to do, then enrolled with the console's board link.
        tv, watch = open_page(base + "/tablero", TABLET_LANDSCAPE)
        watch.allow(r"status of 401")  # the refusals this test provokes
        expect(tv.locator("#aviso-datos")).to_contain_text("Solo las tablets enroladas")
        expect(tv.locator("#aviso-datos")).to_contain_text("/tablero?enrolar=")
        screenshot(tv, "board-not-enrolled")
        page.fill("#tablet-nombre", "TV del taller")
        page.click("#form-tablet button[type=submit]")
        code = page.locator("#tablet-codigo b").inner_text()
        link = f"{base}/tablero?enrolar={code}"
        expect(page.locator("#tablet-enlace-tablero")).to_contain_text(link)
        board, _ = open_page(link, TABLET_LANDSCAPE)
        expect(board.locator("#conexion")).to_have_text("en vivo")
        expect(board.locator('[data-cifra="disponibles"] b')).not_to_have_text("–")
        expect(board.locator("#aviso-datos")).to_be_hidden()
        assert board.url == base + "/tablero"


def test_an_unused_code_and_its_qr_give_way_when_they_lapse(demo: str, open_page: OpenPage) -> None:
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE, prepare=lambda p: p.clock.install())
    page.fill("#pin-numero", "97")
    page.fill("#pin-clave", "9797")
    page.click("#form-pin button[type=submit]")
    expect(page.locator("#consola")).to_be_visible()
    page.fill("#tablet-nombre", "Tablet olvidada")
    page.click("#form-tablet button[type=submit]")
    expect(page.locator("#tablet-qr")).to_be_visible()
    page.clock.fast_forward("10:01")
    expect(page.locator("#tablet-codigo")).to_have_text(
        "El código de «Tablet olvidada» venció sin usarse: enrólela de nuevo."
    )
    expect(page.locator("#tablet-qr")).to_have_count(0)
