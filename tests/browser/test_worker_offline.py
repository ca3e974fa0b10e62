"""A lost connection never leaves the worker guessing: "Sin conexión" is shown, the action in
flight is sent again with the same Idempotency-Key, its real outcome is shown, and the audit
trail holds it exactly once."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect

from tests.api.helpers import ARM_PAUSADO, FRESCO
from tests.browser.conftest import DemoServer, OpenPage
from tests.browser.floor import wait_for_streams
from tests.browser.worker_ui import audit_types, card_action, scan, sign_in

# What Chromium reports while the server is down (refused fetches, the SSE stream cut).
OFFLINE_ERRORS = (
    r"ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|ERR_FAILED"
    r"|ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_NETWORK_CHANGED"
)


def test_the_server_stopped_mid_action_shows_sin_conexion_then_the_real_outcome_once(
    demo_server: DemoServer, open_page: OpenPage
) -> None:
    page, watch = open_page(demo_server.base)
    watch.allow(OFFLINE_ERRORS)
    sign_in(page, 94)
    scan(page, FRESCO)
    take = card_action(page, "ARM", "TOMAR")
    expect(take).to_be_enabled()
    demo_server.stop()
    take.click()
    expect(page.locator("#offline")).to_be_visible()
    expect(page.locator("#offline")).to_contain_text("Sin conexión")
    expect(page.locator("#card-result")).to_contain_text("Sin conexión")
    demo_server.start()
    expect(page.locator("#card-result")).to_contain_text("tomado por JP(94)")
    expect(page.locator("#offline")).to_be_hidden()
    assert audit_types(demo_server.base, FRESCO) == ["TOMAR_SPOOL"]


def test_an_answer_lost_on_the_way_back_is_retried_with_the_same_key_and_done_once(
    demo_server: DemoServer, open_page: OpenPage
) -> None:
    page, watch = open_page(demo_server.base)
    watch.allow(OFFLINE_ERRORS)
    keys: list[str] = []

    def lose_first_answer(route: Route) -> None:
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:
            route.fetch()  # the server does it...
            route.abort("connectionreset")  # ...and the answer never reaches the tablet
        else:
            route.continue_()

    page.route("**/api/occupation/tomar", lose_first_answer)
    sign_in(page, 94)
    scan(page, ARM_PAUSADO)
    card_action(page, "ARM", "TOMAR").click()
    expect(page.locator("#card-result")).to_contain_text("tomado por JP(94)")
    assert len(keys) >= 2 and len(set(keys)) == 1, keys
    assert audit_types(demo_server.base, ARM_PAUSADO).count("TOMAR_SPOOL") == 1


def _tomar_fresco_while_the_server_is_down(demo_server: DemoServer, open_page: OpenPage) -> Page:
    """JP(94) presses TOMAR on FRESCO with the server stopped: the tablet shows it is offline."""
    page, watch = open_page(demo_server.base)
    watch.allow(OFFLINE_ERRORS)
    sign_in(page, 94)
    scan(page, FRESCO)
    demo_server.stop()
    card_action(page, "ARM", "TOMAR").click()
    expect(page.locator("#offline")).to_be_visible()
    return page


def test_an_outcome_arriving_after_the_card_was_closed_shows_on_the_main_screen(
    demo_server: DemoServer, open_page: OpenPage
) -> None:
    page = _tomar_fresco_while_the_server_is_down(demo_server, open_page)
    page.locator("#card-close").click()
    demo_server.start()
    expect(page.locator("#result")).to_contain_text("tomado por JP(94)")
    expect(page.locator("#mine .row", has_text=FRESCO)).to_have_count(1)
    assert audit_types(demo_server.base, FRESCO) == ["TOMAR_SPOOL"]


def test_an_idle_tablet_shows_sin_conexion_while_the_server_is_down(
    demo_server: DemoServer, open_page: OpenPage
) -> None:
    page, watch = open_page(demo_server.base)
    watch.allow(OFFLINE_ERRORS)
    sign_in(page, 94)
    expect(page.locator("#offline")).to_be_hidden()
    demo_server.stop()
    expect(page.locator("#offline")).to_be_visible()
    demo_server.start()
    # The live stream retries with a growing wait (1 s → 15 s, ±20 %): back within ~18 s.
    expect(page.locator("#offline")).to_be_hidden()


def test_an_action_left_unanswered_when_the_page_closed_is_sent_again_on_the_next_start(
    demo_server: DemoServer, open_page: OpenPage
) -> None:
    page = _tomar_fresco_while_the_server_is_down(demo_server, open_page)
    context = page.context
    page.close()  # the tablet's browser is closed before the server comes back
    demo_server.start()
    again = context.new_page()
    again.goto(demo_server.base)
    result = again.locator("#result")
    expect(result).to_contain_text(f"Acción pendiente (spool {FRESCO})")
    expect(result).to_contain_text("tomado por JP(94)")
    assert audit_types(demo_server.base, FRESCO) == ["TOMAR_SPOOL"]


def test_a_read_lost_in_a_short_drop_is_asked_again_while_the_stream_stays_up(
    demo: str, open_page: OpenPage
) -> None:
    """A Wi-Fi drop of seconds fails a read but leaves the live stream's connection standing
    (Chromium's offline mode does the same). Nothing else asked again, so "Sin conexión …
    Reintentando…" stayed for good over a tablet that was back; now it asks until the server
    answers, and the read is made again."""
    page, watch = open_page(demo)
    watch.allow("ERR_INTERNET_DISCONNECTED")
    sign_in(page, 93)
    wait_for_streams(demo, 1)
    page.context.set_offline(True)
    # The search's own read, failed: a re-read of the queue may still be on its way and fail
    # first (the first screen is read again after the stream opens).
    with page.expect_event("requestfailed", lambda r: "q=TEST-0" in r.url):
        page.locator("#scan").fill("TEST-0")  # the search reads the server
    expect(page.locator("#offline")).to_be_visible()
    page.context.set_offline(False)
    expect(page.locator("#offline")).to_be_hidden()
    # The search was made again: only what it found is listed.
    expect(page.locator("#free .row[data-tag^='TEST-0']").first).to_be_visible()
    expect(page.locator("#free .row[data-tag]:not([data-tag^='TEST-0'])")).to_have_count(0)


def test_the_browser_saying_offline_is_ended_by_the_next_answer(
    demo: str, open_page: OpenPage
) -> None:
    """The browser's own "offline" shows the banner at once; back online, the next answer from
    the server hides it (it went round the connection state, and stayed over a working tablet)."""
    page, watch = open_page(demo)
    watch.allow("ERR_INTERNET_DISCONNECTED")
    sign_in(page, 93)
    _offline_then_ended_by_a_search(page)


def _offline_then_ended_by_a_search(page: Page) -> None:
    """The browser goes offline and back; the search's answer is what ends "Sin conexión"."""
    page.context.set_offline(True)
    expect(page.locator("#offline")).to_be_visible()
    page.context.set_offline(False)
    with page.expect_response(lambda r: "q=TEST-0" in r.url and r.ok):
        page.locator("#scan").fill("TEST-0")
    expect(page.locator("#offline")).to_be_hidden()


def test_an_answer_that_ends_sin_conexion_drops_the_ask_already_planned(
    demo: str, open_page: OpenPage
) -> None:
    """While down the tablet asks the server every ~5 s. Once some other answer ends "Sin
    conexión", the ask already planned is dropped: a hall of tablets coming back would each
    ask once more for nothing. The page's clock is Playwright's, so the planned ask's time is
    run through rather than waited for."""
    page, watch = open_page(demo, prepare=lambda p: p.clock.install())
    watch.allow("ERR_INTERNET_DISCONNECTED")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/health/live" in r.url else None)
    sign_in(page, 93)
    _offline_then_ended_by_a_search(page)
    before = len(asked)
    page.clock.run_for(10_000)  # past the planned ask (5 s, ±20 %)
    # A read started after that time has run: a planned ask would have been sent before it.
    with page.expect_response(lambda r: "q=TEST-1" in r.url and r.ok):
        page.locator("#scan").fill("TEST-1")
    assert asked[before:] == [], "la pregunta planeada se hizo igual"
