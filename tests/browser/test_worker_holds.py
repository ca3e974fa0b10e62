"""A shift on the floor without traps (issue 20), on the worker tablet in Chromium: a hold the
tablet shows is renewed while shown; a hold that lapsed while nobody took the spool is said in
words and can still be closed; the card leads with what this worker can do now; the batch
selection follows the list; one voice, no codes, dates written by the app."""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path

from playwright.sync_api import Request, expect

from tests.api.helpers import ARM_COMPLETADO, FRESCO, RECHAZADO
from tests.browser.conftest import OpenPage, screenshot
from tests.browser.worker_ui import (
    audit_types,
    card_action,
    choose_operation,
    close_card,
    confirm,
    estado,
    scan,
    sign_in,
    tomar,
)
from tests.infra.live import live_server

CODES = re.compile(r"EN_REPARACION|REPARACION_PAUSADA|PENDIENTE_METROLOGIA|\(Ciclo \d/\d\)")


def wait_past(moment_iso: str, margin_s: float = 1.0) -> None:
    """Waits, by the clock, until `moment_iso` (a lease's end on the live server) has passed."""
    left = datetime.fromisoformat(moment_iso).timestamp() + margin_s - time.time()
    if left > 0:
        time.sleep(left)


def test_a_hold_the_tablet_shows_is_renewed_past_its_first_lease(
    tmp_path: Path, open_page: OpenPage
) -> None:
    with live_server(tmp_path, ZEUES_LEASE_TTL_SECONDS="9") as base:
        page, _ = open_page(base)
        sign_in(page, 94)
        choose_operation(page, "ARM")
        scan(page, FRESCO)
        card_action(page, "ARM", "TOMAR").click()
        expect(page.locator("#card-result")).to_contain_text("Usted trabajando en ARM")
        close_card(page)
        first = estado(base, FRESCO)["lease_expires_at"]
        expect(page.locator("#mine .row", has_text=FRESCO)).to_be_visible()
        wait_past(first, 3.0)  # the first lease is over; the tablet kept showing the spool
        held = estado(base, FRESCO)
        assert held["ocupado_por"] == "JP(94)", held
        assert held["lease_expires_at"] > first
        assert audit_types(base, FRESCO) == ["TOMAR_SPOOL"]  # renewals write no audit event
        expect(page.locator("#mine .row", has_text=FRESCO)).not_to_contain_text("venció")


def test_a_hold_that_lapsed_while_nobody_took_it_is_said_and_still_completed(
    tmp_path: Path, open_page: OpenPage
) -> None:
    with live_server(tmp_path, ZEUES_LEASE_TTL_SECONDS="3") as base:
        tomar(base, FRESCO, 94)  # on another tablet, switched off since
        wait_past(estado(base, FRESCO)["lease_expires_at"])
        page, _ = open_page(base)
        sign_in(page, 94)
        choose_operation(page, "ARM")
        row = page.locator("#mine .row", has_text=FRESCO)
        expect(row).to_contain_text(
            re.compile(r"Su toma venció a las \d\d:\d\d y nadie ha tomado el spool: puede pausar")
        )
        expect(row.get_by_role("button", name="COMPLETAR")).to_be_enabled()
        screenshot(page, "worker-lapsed-hold")
        row.get_by_role("button", name="COMPLETAR").click()
        confirm(page)
        expect(page.locator("#result")).to_contain_text("ARM completado")
        assert audit_types(base, FRESCO) == ["TOMAR_SPOOL", "LEASE_EXPIRADO", "COMPLETAR_ARM"]


def test_the_card_leads_with_what_the_holder_can_do_and_says_usted(
    demo: str, open_page: OpenPage
) -> None:
    tomar(demo, FRESCO, 93)
    page, _ = open_page(demo)
    sign_in(page, 93)
    choose_operation(page, "ARM")
    scan(page, FRESCO)
    now = page.locator("#card-now")
    expect(now.locator("h3")).to_have_text("ARM: lo que puede hacer ahora")
    expect(now.get_by_role("button")).to_have_text(["PAUSAR", "COMPLETAR"])  # never TOMAR
    expect(page.locator("#card-estado")).to_have_text(
        "Usted trabajando en ARM · ARM en progreso, SOLD pendiente"
    )
    expect(page.locator("#card")).not_to_contain_text("MR(93)")
    expect(page.locator("#card .btn:disabled")).to_have_count(0)
    screenshot(page, "worker-card-holder")


def test_other_operations_are_folded_and_a_refusal_is_said_once(
    demo: str, open_page: OpenPage
) -> None:
    page, _ = open_page(demo)
    sign_in(page, 93)
    choose_operation(page, "ARM")
    scan(page, ARM_COMPLETADO)
    now = page.locator("#card-now")
    expect(now).to_have_text(f"ARM ya está completado en el spool {ARM_COMPLETADO}.")
    expect(now.get_by_role("button")).to_have_count(0)
    others = page.locator("#card-others")
    expect(others).to_be_visible()
    expect(others).not_to_have_attribute("open", "")
    take_sold = page.locator("#card-others-list").get_by_role("button", name="TOMAR")
    expect(take_sold).to_be_hidden()  # folded until asked for
    others.locator("summary").click()
    expect(take_sold).to_be_visible()
    assert page.locator("#card").inner_text().count("ya está completado") == 1  # said once


def test_the_batch_selection_follows_the_list(demo: str, open_page: OpenPage) -> None:
    page, _ = open_page(demo)
    sign_in(page, 94)
    choose_operation(page, "ARM")
    rows = page.locator("#free .row")
    tags = [rows.nth(i).get_attribute("data-tag") for i in range(3)]
    for i in range(3):
        rows.nth(i).locator("input[type=checkbox]").check()
    expect(page.locator("#batch-count")).to_have_text("3 seleccionados (máx. 50)")
    tomar(demo, str(tags[1]), 93)  # another tablet takes one of them
    expect(page.locator("#batch-count")).to_have_text("2 seleccionados (máx. 50)")
    expect(page.locator("#result")).to_contain_text(f"{tags[1]} ya no está disponible")
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith("/batch-tomar") else None)
    page.locator("#batch-take").click()
    expect(page.locator("#result")).to_contain_text("TOMAR: 2 tomados, 0 rechazados.")
    assert sent and sent[0].post_data_json["tag_spools"] == [tags[0], tags[2]]


def test_screens_speak_one_voice_without_codes_and_write_their_own_dates(
    demo: str, open_page: OpenPage
) -> None:
    page, _ = open_page(demo)
    expect(page.locator("#identity-title")).to_have_text("¿Quién es usted?")
    sign_in(page, 96)
    choose_operation(page, "REPARACION")
    scan(page, RECHAZADO)
    card_action(page, "REPARACION", "TOMAR").click()
    expect(page.locator("#card-estado")).to_have_text(
        "En reparación (ciclo 2 de 3), la tiene usted"
    )
    card_action(page, "REPARACION", "COMPLETAR").click()
    expect(page.locator("#confirm-fecha")).to_have_text(re.compile(r"^\d\d-\d\d-\d{4}$"))
    expect(page.locator("#confirm-next")).to_be_disabled()  # never a future day
    expect(page.locator("input[type=date]")).to_have_count(0)
    confirm(page)
    expect(page.locator("#card-result")).to_contain_text("Reparación completada")
    expect(page.locator("#card-estado")).to_have_text("Reparado, espera metrología (ciclo 2 de 3)")
    close_card(page)
    shown = page.locator("main").inner_text()
    assert not CODES.search(shown), CODES.search(shown)
    assert "NV NV-" not in shown
