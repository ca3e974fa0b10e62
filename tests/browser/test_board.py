"""The live board at /tablero on a TV: who holds what, counts per state, recent actions, kept
current over SSE from changes made by any process, and honest about a lost connection."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.browser.conftest import TV, DemoServer, OpenPage, axe_violations, describe, screenshot
from tests.browser.floor import inspeccionar, pausar, soldar, tomar
from tests.infra.processes import zeues_serve

# What Chromium reports while the server is stopped: refused connections, a cut stream.
CONNECTION_ERRORS = (
    r"ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_INCOMPLETE_CHUNKED|ERR_CONNECTION_RESET"
    r"|ERR_FAILED|ERR_ABORTED|Failed to load resource"
)


def _live(page: Page) -> None:
    expect(page.locator("#conexion")).to_have_text("en vivo")
    expect(page.locator("#ocupados tr[data-tag]").first).to_be_visible()


def _count(page: Page, name: str) -> int:
    return int(page.locator(f"[data-cifra={name}] b").inner_text())


def test_a_second_contexts_board_shows_an_action_within_a_second(
    demo: str, open_page: OpenPage
) -> None:
    page, _ = open_page(demo + "/tablero", TV)
    _live(page)
    before = _count(page, "en_progreso")
    row = page.locator('#ocupados tr[data-tag="TEST-01"]')
    expect(row).to_have_count(0)

    started = time.monotonic()
    tomar(demo, "TEST-01", 93)  # another "device": the API, not this page
    row.wait_for(state="visible", timeout=5000)
    delay = time.monotonic() - started
    print(f"\ntablero: TOMAR visible en otro contexto tras {delay * 1000:.0f} ms")
    assert delay < 2.0, (
        f"el tablero tardó {delay:.2f} s (objetivo 1 s; margen por máquina compartida)"
    )
    expect(row).to_contain_text("MR(93)")
    expect(row).to_contain_text("ARM")
    expect(row.locator(".vence")).to_have_text(re.compile(r"^(59|60):\d\d$"))
    expect(page.locator("[data-cifra=en_progreso] b")).to_have_text(str(before + 1))
    feed = page.locator('#eventos li[data-tag="TEST-01"]').first
    expect(feed).to_contain_text("MR(93) · ARM")
    expect(feed).to_contain_text("MR(93) trabajando ARM")

    pausar(demo, "TEST-01", 93)
    expect(row).to_have_count(0)
    expect(page.locator("[data-cifra=en_progreso] b")).to_have_text(str(before))


def test_the_board_says_sin_conexion_while_the_server_is_down_and_resyncs_after(
    demo_server: DemoServer, open_page: OpenPage
) -> None:
    server = demo_server
    page, watch = open_page(server.base + "/tablero", TV)
    watch.allow(CONNECTION_ERRORS)  # the stream and reloads fail while the server is stopped
    _live(page)
    tomar(server.base, "TEST-01", 93)  # the board has seen an event id before the outage
    expect(page.locator('#eventos li[data-tag="TEST-01"]')).to_have_count(1)
    server.stop()
    expect(page.locator("#conexion")).to_contain_text("sin conexión", timeout=10000)

    # Meanwhile another process on the same database changes the floor.
    with zeues_serve(server.env, server.workdir) as other:
        tomar(other, "TEST-02", 94)
    row = page.locator('#ocupados tr[data-tag="TEST-02"]')
    expect(row).to_have_count(0)

    server.start()
    # The live stream retries with a growing wait (1 s → 15 s, ±20 %): back within ~18 s.
    expect(page.locator("#conexion")).to_have_text("en vivo", timeout=25_000)
    expect(row).to_contain_text("JP(94)")
    # Missed events are replayed (Last-Event-ID), so the feed has the change too.
    expect(page.locator('#eventos li[data-tag="TEST-02"]')).to_have_count(1)


def test_the_board_passes_axe_and_is_photographed_on_a_tv(demo: str, open_page: OpenPage) -> None:
    page, _ = open_page(demo + "/tablero", TV)
    _live(page)
    soldar(demo, "TEST-03", 93)
    inspeccionar(demo, "TEST-03", "RECHAZADO")
    tomar(demo, "TEST-04", 94)
    tomar(demo, "TEST-05", 93, "ARM")
    expect(page.locator('#ocupados tr[data-tag="TEST-05"]')).to_be_visible()
    expect(page.locator("#eventos li")).to_have_count(7)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    screenshot(page, "tablero-tv")
