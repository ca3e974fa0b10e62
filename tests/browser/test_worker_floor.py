"""A floor of tablets (issue 17): a change shows on every tablet open within a second, each
moving one row; a tablet that was offline meanwhile ends exactly as a freshly loaded one."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.api.helpers import ARM_PAUSADO, FRESCO
from tests.browser.conftest import OpenPage
from tests.browser.floor import pausar, tomar, wait_for_streams
from tests.browser.worker_ui import choose_operation, sign_in
from tests.infra.live import HANG_SECONDS, live_server

# Records, in the page, when `shown()` first holds (epoch ms): set before the change is made.
WATCH = """([sel, text]) => {
  window.__seenAt = null;
  const look = () => {
    const found = document.querySelector(sel);
    if (window.__seenAt === null && found && found.textContent.includes(text)) {
      window.__seenAt = Date.now();
    }
  };
  const all = { subtree: true, childList: true, characterData: true };
  new MutationObserver(look).observe(document.body, all);
  look();
}"""


def row(list_id: str, tag: str, text: str = "") -> tuple[str, str]:
    return (f'#{list_id} .row[data-tag="{tag}"]', text)


def tablet(open_page: OpenPage, base: str, worker: int, op: str) -> Page:
    page, _ = open_page(base)
    sign_in(page, worker)
    if op != "ARM":
        choose_operation(page, op)
    expect(page.locator("#free-count")).not_to_be_empty()
    return page


def test_a_change_shows_on_every_tablet_within_a_second(demo: str, open_page: OpenPage) -> None:
    tablets = [
        (tablet(open_page, demo, 93, "ARM"), row("unavailable", FRESCO, "ocupado por JP(94)")),
        (tablet(open_page, demo, 94, "ARM"), row("mine", FRESCO)),
        (tablet(open_page, demo, 100, "ARM"), row("unavailable", FRESCO, "ocupado por JP(94)")),
        (tablet(open_page, demo, 101, "SOLD"), row("unavailable", FRESCO, "ocupado por JP(94)")),
    ]
    for page, _ in tablets:
        expect(
            page.locator(f"#free .row[data-tag='{FRESCO}'], #unavailable .row[data-tag='{FRESCO}']")
        ).to_have_count(1)
    # Every tablet's stream is open (the server counts them), not "probably by now".
    wait_for_streams(demo, len(tablets))
    for page, shown in tablets:
        page.evaluate(WATCH, list(shown))
        assert page.evaluate("window.__seenAt") is None
    held = int(tablets[1][0].locator("#mine-count").inner_text().strip("()"))
    sent = time.time() * 1000
    tomar(demo, FRESCO, 94)
    wrote = time.time() * 1000 - sent
    for page, _ in tablets:
        # A function, not an expression: Playwright re-evaluates an expression with eval() at
        # every poll, which the page's CSP refuses once the first check has come out false.
        page.wait_for_function("() => window.__seenAt !== null", timeout=HANG_SECONDS * 1000)
        late = page.evaluate("window.__seenAt") - sent
        # The target is 1 s; a shared machine adds what the TOMAR itself took in this run.
        assert late < 1000 + wrote, f"{late:.0f} ms (la escritura tardó {wrote:.0f} ms)"
    # The count moved with the row, on the tablets where it moved groups.
    mine = tablets[1][0]
    expect(mine.locator("#mine-count")).to_have_text(f"({held + 1})")


OFFLINE = r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"


def lists(page: Page) -> dict[str, str]:
    return {
        name: page.locator(f"#{name}").inner_text()
        for name in ("mine", "free", "unavailable", "mine-count", "free-count", "blocked-count")
    }


def test_a_tablet_offline_meanwhile_ends_equal_to_a_fresh_load(
    tmp_path: Path, open_page: OpenPage
) -> None:
    # Streams end every 6 s (a stream is reopened at once after that): the tablet's network
    # is cut by refusing every request, so the stream it has ends and none reopens.
    with live_server(tmp_path, ZEUES_SSE_MAX_STREAM_SECONDS="6") as base:
        page, watch = open_page(base)
        watch.allow(OFFLINE)
        sign_in(page, 93)
        page.context.route("**/*", lambda route: route.abort("internetdisconnected"))
        page.wait_for_timeout(7_000)  # the stream open before the cut has ended (6 s at most)
        expect(page.locator("#offline")).to_be_visible()
        before = lists(page)
        tomar(base, FRESCO, 94)
        tomar(base, "TEST-02", 93)
        tomar(base, ARM_PAUSADO, 100)
        pausar(base, ARM_PAUSADO, 100)
        page.wait_for_timeout(500)
        assert lists(page) == before, "offline: nothing of that arrived"
        page.context.unroute("**/*")
        expect(page.locator("#mine .row[data-tag='TEST-02']")).to_have_count(1)
        expect(page.locator("#offline")).to_be_hidden()
        fresh = tablet(open_page, base, 93, "ARM")
        page.wait_for_timeout(500)
        assert lists(page) == lists(fresh)


def test_a_tap_across_a_redraw_is_not_lost(demo: str, open_page: OpenPage) -> None:
    """A busy floor redraws a tablet's queue many times a minute. A row drawn the same keeps its
    node: swapped between the finger's touch and its release, the tap would be lost (and
    Playwright's own actions on a row failed the same way under load)."""
    page = tablet(open_page, demo, 93, "ARM")
    others = page.locator(f'#free .row[data-tag]:not([data-tag="{FRESCO}"])')
    expect(others.first).to_be_visible()
    kept = others.first.element_handle()
    changed = page.locator(f'#free .row[data-tag="{FRESCO}"]').element_handle()
    box = kept.bounding_box()
    assert box is not None
    wait_for_streams(demo, 1)

    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2)
    page.mouse.down()
    tomar(demo, FRESCO, 94)  # meanwhile another worker takes a spool of this queue
    expect(page.locator(f'#unavailable .row[data-tag="{FRESCO}"]')).to_contain_text(
        "ocupado por JP(94)"
    )
    page.mouse.up()

    assert changed.evaluate("(n) => n.isConnected") is False  # what changed was redrawn
    assert kept.evaluate("(n) => n.isConnected"), "una fila sin cambios se volvió a dibujar"
    expect(others.first).to_have_class("row pick selected")
    expect(page.locator("#batch-count")).to_have_text("1 seleccionado (máx. 50)")

    # The row just ticked is what a redraw draws too: the next change elsewhere keeps it as well.
    pausar(demo, FRESCO, 94)
    expect(page.locator(f'#free .row[data-tag="{FRESCO}"]')).to_have_count(1)
    assert kept.evaluate("(n) => n.isConnected"), "la fila marcada se volvió a dibujar"
    assert kept.eval_on_selector("input", "(box) => box.checked")
