"""SOLD, METROLOGIA and the repair cycle through the worker app, up to the blocked spool."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.api.helpers import ARM_COMPLETADO, SOLDADO
from tests.browser.conftest import OpenPage
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


def test_a_welder_takes_and_completes_sold_from_my_spools(demo: str, open_page: OpenPage) -> None:
    page, _ = open_page(demo)
    sign_in(page, 94)
    choose_operation(page, "SOLD")
    scan(page, ARM_COMPLETADO)
    card_action(page, "SOLD", "TOMAR").click()
    expect(page.locator("#card-result")).to_contain_text("Usted trabajando en SOLD")
    close_card(page)
    mine = page.locator("#mine .row", has_text=ARM_COMPLETADO)
    mine.get_by_role("button", name="COMPLETAR").click()
    confirm(page)
    expect(page.locator("#result")).to_contain_text("SOLD completado")
    expect(page.locator("#mine .row", has_text=ARM_COMPLETADO)).to_have_count(0)
    assert estado(demo, ARM_COMPLETADO)["estado"]["sold"] == "COMPLETADO"


def _inspect(page: Page, tag: str, resultado: str) -> None:
    scan(page, tag)
    card_action(page, "METROLOGIA", resultado).click()
    expect(page.locator("#confirm-title")).to_have_text(f"METROLOGIA {resultado}")
    confirm(page)
    expect(page.locator("#card-result")).to_contain_text(f"Metrología {resultado} registrada")


def test_a_metrologist_approves_a_welded_spool(demo: str, open_page: OpenPage) -> None:
    page, _ = open_page(demo)
    sign_in(page, 95)
    expect(page.locator("#ops button")).to_have_text(["METROLOGIA", "REPARACION"])
    expect(page.locator("#free .row", has_text=SOLDADO)).to_have_count(1)
    _inspect(page, SOLDADO, "APROBADO")
    expect(page.locator("#card-estado")).to_contain_text("metrología aprobada")
    assert estado(demo, SOLDADO)["estado"]["metrologia"] == "APROBADO"


def test_rejections_go_through_repair_and_the_third_blocks_the_spool(
    demo: str, open_page: OpenPage
) -> None:
    inspector, _ = open_page(demo)
    sign_in(inspector, 95)
    repairer, _ = open_page(demo)
    sign_in(repairer, 96)
    choose_operation(repairer, "REPARACION")
    for ciclo in (1, 2, 3):
        _inspect(inspector, SOLDADO, "RECHAZADO")
        close_card(inspector)
        if ciclo == 3:
            break
        expect(repairer.locator("#free .row", has_text=SOLDADO)).to_have_count(1)
        scan(repairer, SOLDADO)
        card_action(repairer, "REPARACION", "TOMAR").click()
        expect(repairer.locator("#card-result")).to_contain_text(
            f"En reparación (ciclo {ciclo} de 3), la tiene"
        )
        card_action(repairer, "REPARACION", "COMPLETAR").click()
        confirm(repairer)
        expect(repairer.locator("#card-result")).to_contain_text("Reparado, espera metrología")
        close_card(repairer)
    blocked = repairer.locator("#unavailable .row", has_text=SOLDADO)
    expect(blocked).to_contain_text("bloqueado – contactar supervisor")
    scan(repairer, SOLDADO)
    expect(repairer.locator("#card-estado")).to_have_text(
        "Bloqueado tras 3 rechazos de metrología: avise al supervisor"
    )
    # A blocked spool: its reason once, one line, and no button at all.
    now = repairer.locator("#card-now")
    expect(now.locator("p")).to_have_count(1)
    expect(now).to_contain_text("BLOQUEADO")
    expect(repairer.locator("#card .action-group, #card-now .btn")).to_have_count(0)
    expect(repairer.locator("#card-others")).to_be_hidden()
    assert audit_types(demo, SOLDADO).count("COMPLETAR_REPARACION") == 2
