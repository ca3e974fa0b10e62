"""ARM and SOLD through the worker app: take, pause, another worker resumes and completes."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.api.helpers import FRESCO
from tests.browser.conftest import TABLET_LANDSCAPE, OpenPage
from tests.browser.worker_ui import (
    audit_types,
    card_action,
    choose_operation,
    close_card,
    confirm,
    estado,
    scan,
    sign_in,
)


def test_a_worker_takes_and_pauses_arm_and_another_resumes_and_completes_it(
    demo: str, open_page: OpenPage
) -> None:
    juan, _ = open_page(demo)
    sign_in(juan, 94)
    choose_operation(juan, "ARM")
    scan(juan, FRESCO)
    card_action(juan, "ARM", "TOMAR").click()
    expect(juan.locator("#card-result")).to_contain_text("Usted trabajando en ARM")
    expect(card_action(juan, "ARM", "PAUSAR")).to_be_enabled()
    expect(juan.locator("#card-estado")).to_have_text(
        "Usted trabajando en ARM · ARM en progreso, SOLD pendiente"
    )
    close_card(juan)
    mine = juan.locator("#mine .row", has_text=FRESCO)
    expect(mine).to_contain_text("tomado hace")
    mine.get_by_role("button", name="PAUSAR").click()
    expect(juan.locator("#result")).to_contain_text("ARM pausado")
    expect(juan.locator("#mine .row", has_text=FRESCO)).to_have_count(0)

    mauricio, _ = open_page(demo, TABLET_LANDSCAPE)
    sign_in(mauricio, 93)
    choose_operation(mauricio, "ARM")
    mauricio.locator("#scan").fill(FRESCO)
    free = mauricio.locator("#free .row", has_text=FRESCO)
    expect(free).to_have_count(1)
    mauricio.locator("#scan").fill("")
    scan(mauricio, FRESCO)
    card_action(mauricio, "ARM", "TOMAR").click()
    expect(card_action(mauricio, "ARM", "COMPLETAR")).to_be_enabled()
    card_action(mauricio, "ARM", "COMPLETAR").click()
    day = estado(demo, FRESCO)["fecha_ocupacion"][:10]  # YYYY-MM-DD, shown DD-MM-YYYY
    expect(mauricio.locator("#confirm-fecha")).to_have_text("-".join(reversed(day.split("-"))))
    confirm(mauricio)
    expect(mauricio.locator("#card-result")).to_contain_text("ARM completado")
    expect(mauricio.locator("#card-result")).to_contain_text("ARM completado, SOLD pendiente")
    sessions = mauricio.locator("#card-sessions li")
    expect(sessions).to_have_count(2)
    expect(sessions.nth(0)).to_contain_text("ARM · usted")
    expect(sessions.nth(0)).to_contain_text("completada")
    expect(sessions.nth(1)).to_contain_text("ARM · JP(94)")
    expect(sessions.nth(1)).to_contain_text("pausada")
    assert estado(demo, FRESCO)["estado"]["arm"] == "COMPLETADO"
    assert audit_types(demo, FRESCO) == [
        "TOMAR_SPOOL",
        "PAUSAR_SPOOL",
        "TOMAR_SPOOL",
        "COMPLETAR_ARM",
    ]


def test_a_tag_scanned_the_instant_a_modal_closes_arrives_whole(
    demo: str, open_page: OpenPage
) -> None:
    """A scanner types fast, and may start as soon as Cerrar is pressed on the card or on Mi
    registro: Chromium leaves the scan field focused in name only until it is focused again,
    and the keys sent in between went nowhere (a tag arrived as "T-03", or not at all)."""
    page, _ = open_page(demo)
    sign_in(page, 93)
    for first, second in (("TEST-02", "TEST-03"), ("TEST-03", "TEST-02")):
        scan(page, first)
        page.locator("#card-close").click()
        page.keyboard.type(second)  # no wait of any kind
        expect(page.locator("#scan")).to_have_value(second)
        page.keyboard.press("Enter")
        expect(page.locator("#card-title")).to_have_text(f"Spool {second}")
        close_card(page)

    page.locator("#open-registro").click()
    expect(page.locator("#registro")).to_be_visible()
    page.locator("#registro-close").click()
    page.keyboard.type("TEST-03")
    expect(page.locator("#scan")).to_have_value("TEST-03")
