"""Notas de un spool in the supervisor console (issue 21): the supervisor looks a spool up, reads
its notes newest first, appends one signed with their name (an audit event), and sees a note
written on the floor arrive by itself."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from tests.api.helpers import FRESCO
from tests.browser.conftest import TABLET_LANDSCAPE, OpenPage, axe_violations, describe, screenshot


def test_the_console_shows_a_spools_notes_and_appends_one_signed_by_the_supervisor(
    demo: str, open_page: OpenPage
) -> None:
    floor_note = {"texto": "Falta un soporte en la brida 2", "worker_id": 93}
    done = httpx.post(f"{demo}/api/spools/{FRESCO}/notas", json=floor_note, timeout=10)
    assert done.status_code == 200, done.text
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    page.fill("#pin-numero", "97")
    page.fill("#pin-clave", "9797")
    page.click("#form-pin button[type=submit]")
    expect(page.locator("#consola")).to_be_visible()
    page.locator("#t-notas").scroll_into_view_if_needed()
    page.fill("#notas-tag", "NO-EXISTE-1")
    page.click("#form-notas-buscar button[type=submit]")
    expect(page.locator("#error-notas")).to_contain_text("NO-EXISTE-1")
    expect(page.locator("#notas-spool")).to_be_hidden()

    page.fill("#notas-tag", FRESCO.lower())  # as typed: the server finds the stored tag
    page.click("#form-notas-buscar button[type=submit]")
    expect(page.locator("#notas-titulo")).to_have_text(f"{FRESCO} · 1 nota")
    expect(page.locator("#notas-tag")).to_have_value(FRESCO)
    expect(page.locator("#nota-firma")).to_have_text("Quedará firmada por AF(97).")
    page.click("#nota-agregar")
    expect(page.locator("#error-nota")).to_have_text("Escriba la nota.")
    page.fill("#nota-texto", "Priorizar:\nel cliente lo retira el lunes")
    page.click("#nota-agregar")
    items = page.locator("#notas-lista li")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("AF(97)")
    expect(items.nth(0)).to_contain_text("Priorizar: el cliente lo retira el lunes")
    expect(items.nth(1)).to_contain_text("MR(93)")
    expect(page.locator("#nota-texto")).to_have_value("")

    # A note written on the floor meanwhile arrives by itself (the live stream).
    later = {"texto": "Brida recibida", "autor": "Bodega"}
    assert httpx.post(f"{demo}/api/spools/{FRESCO}/notas", json=later, timeout=10).is_success
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("Bodega")
    expect(page.locator("#notas-titulo")).to_have_text(f"{FRESCO} · 3 notas")
    found = axe_violations(page)
    assert not found, describe(found)
    page.locator("#nota-agregar").scroll_into_view_if_needed()
    screenshot(page, "supervisor-notas")

    events = httpx.get(f"{demo}/api/history/{FRESCO}/events", timeout=10).json()["events"]
    notes = [e for e in events if e["evento_tipo"] == "NOTA"]
    assert [(e["worker_nombre"], e["metadata"]["texto"]) for e in notes] == [
        ("MR(93)", "Falta un soporte en la brida 2"),
        ("AF(97)", "Priorizar: el cliente lo retira el lunes"),
        ("Bodega", "Brida recibida"),
    ]
