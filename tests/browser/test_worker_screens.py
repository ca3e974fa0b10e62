"""The worker screen in its main states: no serious or critical axe-core violation, tablet
ergonomics (targets ≥ 48 px, text ≥ 16 px), and the screenshots of the README."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.api.helpers import ARM_PAUSADO, FRESCO
from tests.browser.conftest import (
    TABLET_LANDSCAPE,
    OpenPage,
    axe_violations,
    describe,
    screenshot,
)
from tests.browser.worker_ui import card_action, choose_operation, scan, sign_in, tomar

_SMALL_THINGS = """() => {
  const seen = (e) => e.offsetParent !== null && e.getClientRects().length > 0;
  const out = [];
  for (const e of document.querySelectorAll('button, input, select')) {
    const r = e.getBoundingClientRect();
    const small = r.height < 48 || r.width < 48;
    if (seen(e) && small) out.push(['target', e.id || e.textContent, r.width, r.height]);
  }
  for (const e of document.querySelectorAll('body *')) {
    const text = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!seen(e) || !text) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < 16) out.push(['text', e.textContent.slice(0, 40), size]);
  }
  return out;
}"""


def assert_accessible(page: Page, state: str) -> None:
    found = axe_violations(page)
    assert not found, f"{state}:\n{describe(found)}"


def small_things(page: Page) -> list[Any]:
    """Visible buttons/inputs smaller than 48 px and visible text under 16 px."""
    found: list[Any] = page.evaluate(_SMALL_THINGS)
    return found


def test_the_worker_screen_is_accessible_in_its_main_states_and_photographed(
    demo: str, open_page: OpenPage
) -> None:
    page, _ = open_page(demo)
    expect(page.locator("#worker-tiles .tile").first).to_be_visible()
    assert_accessible(page, "¿Quién es usted?")
    assert small_things(page) == []
    screenshot(page, "worker-identity")

    tomar(demo, ARM_PAUSADO, 94)
    sign_in(page, 94)
    choose_operation(page, "ARM")
    expect(page.locator("#mine .row", has_text=ARM_PAUSADO)).to_be_visible()
    page.locator("#free .row input[type=checkbox]").nth(0).check()
    page.locator("#free .row input[type=checkbox]").nth(1).check()
    assert_accessible(page, "cola")
    assert small_things(page) == []
    screenshot(page, "worker-portrait")

    scan(page, FRESCO)
    expect(card_action(page, "ARM", "TOMAR")).to_be_enabled()
    assert_accessible(page, "ficha del spool")
    assert small_things(page) == []
    screenshot(page, "worker-card")

    card_action(page, "ARM", "TOMAR").click()
    expect(card_action(page, "ARM", "COMPLETAR")).to_be_enabled()
    card_action(page, "ARM", "COMPLETAR").click()
    expect(page.locator("#confirm-fecha")).to_be_visible()
    assert_accessible(page, "confirmar COMPLETAR")


def test_the_landscape_tablet_shows_the_queue_in_two_columns(
    demo: str, open_page: OpenPage
) -> None:
    page, _ = open_page(demo, TABLET_LANDSCAPE)
    sign_in(page, 93)
    choose_operation(page, "SOLD")
    expect(page.locator("#free .row").nth(1)).to_be_visible()
    # Both boxes from one layout: measured one after the other, a queue refresh in between
    # (another test's action on the shared demo server) can move the second row.
    box1, box2 = page.eval_on_selector_all(
        "#free .row",
        "rows => rows.slice(0, 2).map(r => { const b = r.getBoundingClientRect();"
        " return {x: b.x, y: b.y}; })",
    )
    assert box1["y"] == box2["y"] and box2["x"] > box1["x"]
    assert_accessible(page, "cola apaisada")
    assert small_things(page) == []
    screenshot(page, "worker-landscape")
