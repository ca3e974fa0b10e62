"""The screens' shared toolkit (static/common/) in Chromium: dates and times in the shop's
timezone whatever the tablet's, the request helper's Spanish error shape, and one way of
reconnecting the live stream (growing wait, Last-Event-ID, a watchdog) on the board and on the
worker app alike.

A server whose shop is in Auckland is watched from a browser set to Tokyo in English: any time
written in the browser's zone or language instead of the shop's shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import TV, OpenPage
from tests.browser.floor import tomar
from tests.browser.worker_ui import sign_in
from tests.infra.live import HANG_SECONDS, live_server

SHOP = "Pacific/Auckland"
ELSEWHERE = {"timezone_id": "Asia/Tokyo", "locale": "en-US"}


@pytest.fixture(scope="module")
def auckland(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo with ZEUES_TIMEZONE set to a zone no test machine or browser here uses."""
    with live_server(tmp_path_factory.mktemp("auckland"), ZEUES_TIMEZONE=SHOP) as base:
        yield base


FORMATS = """async () => {
  const f = await import("/static/common/format.js");
  const summer = "2026-03-01T02:30:05Z", winter = "2026-07-01T13:30:00Z";
  return {
    summerDate: f.formatDate(summer), summerTime: f.formatTime(summer),
    summerClock: f.formatClock(summer), winter: f.formatDateTime(winter),
    businessDate: f.formatDate("2026-07-04"), epoch: f.formatDateTime(Date.parse(winter)),
    today: f.shopToday(), none: f.formatDate(null) + f.formatTime(""),
    durations: [0, 59, 60, 75, 3599, 3600 * 3 + 300, 86400 * 2 + 3600 * 3].map(f.formatDuration),
    countdowns: [0, -5, 65, 3725].map(f.formatCountdown),
  };
}"""


def test_dates_and_times_are_the_shops_whatever_the_tablets_zone_and_language(
    auckland: str, open_page: OpenPage
) -> None:
    page, _ = open_page(auckland + "/tablero", TV, **ELSEWHERE)
    before = datetime.now(ZoneInfo(SHOP)).date()
    got: dict[str, Any] = page.evaluate(FORMATS)
    after = datetime.now(ZoneInfo(SHOP)).date()
    # 02:30 UTC on 1 March is 15:30 in Auckland's summer (UTC+13), 11:30 in Tokyo.
    assert (got["summerDate"], got["summerTime"]) == ("01-03-2026", "15:30")
    assert got["summerClock"] == "15:30:05"
    # 13:30 UTC on 1 July is past midnight in Auckland's winter (UTC+12): the next day.
    assert got["winter"] == got["epoch"] == "02-07-2026 01:30"
    assert got["businessDate"] == "04-07-2026"  # a business date is reordered, never shifted
    assert got["today"] in (before.isoformat(), after.isoformat())
    assert got["none"] == ""
    assert got["durations"] == [
        "< 1 min",
        "< 1 min",
        "1 min",
        "1 min",
        "59 min",
        "3 h 05 min",
        "2 d 3 h",
    ]
    assert got["countdowns"] == ["vencida", "vencida", "01:05", "1:02:05"]


def test_the_board_in_another_timezone_shows_the_shops_clock_and_times(
    auckland: str, open_page: OpenPage
) -> None:
    page, _ = open_page(auckland + "/tablero", TV, **ELSEWHERE)
    expect(page.locator("#conexion")).to_have_text("en vivo")
    row = page.locator("#ocupados tr[data-tag]").first  # the oldest hold (issue 20)
    expect(row).to_be_visible()
    tag = row.get_attribute("data-tag")
    held = next(
        r
        for r in httpx.get(auckland + "/api/dashboard/occupied", timeout=10).json()
        if r["tag_spool"] == tag
    )
    shop_hhmm = held["fecha_ocupacion"][11:16]  # the API writes times in the shop's zone
    expect(row.locator("td").nth(3)).to_have_text(re.compile(f"^{shop_hhmm} · "))
    shown = datetime.strptime(page.locator("#reloj").inner_text(), "%H:%M:%S")
    shop_now = datetime.now(ZoneInfo(SHOP)).replace(tzinfo=None)
    shown = shown.replace(year=shop_now.year, month=shop_now.month, day=shop_now.day)
    gap = abs((shown - shop_now).total_seconds()) % 86400
    assert min(gap, 86400 - gap) < 10, (shown, shop_now)


REQUESTS = """async () => {
  const { requestJSON, ApiError } = await import("/static/common/request.js");
  const tomar = { tag_spool: "TEST-03", worker_id: 94, operacion: "ARM" };
  const out = {};
  const failure = async (name, url, options) => {
    try { out[name] = { ok: await requestJSON(url, options) }; }
    catch (err) {
      out[name] = { isApiError: err instanceof ApiError, status: err.status, body: err.body,
                    retryAfterSeconds: err.retryAfterSeconds };
    }
  };
  await failure("first", "/api/occupation/tomar", { method: "POST", body: tomar });
  const other = { ...tomar, worker_id: 93 };
  await failure("occupied", "/api/occupation/tomar", { method: "POST", body: other });
  await failure("invalid", "/api/occupation/tomar", { method: "POST", body: {} });
  await failure("busy", "/api/toolkit/busy");
  await failure("busyShaped", "/api/toolkit/busy-shaped");
  await failure("proxy", "/api/toolkit/proxy");
  await failure("down", "/api/toolkit/down");
  return out;
}"""


def test_the_request_helper_gives_the_api_error_shape_with_a_spanish_message(
    auckland: str, open_page: OpenPage
) -> None:
    def answer(route: Route) -> None:
        name = route.request.url.rsplit("/", 1)[1]
        if name == "down":
            route.abort("connectionrefused")
        elif name == "busy":
            route.fulfill(status=503, headers={"Retry-After": "7"}, body="<html>busy</html>")
        elif name == "busy-shaped":
            body = {
                "error": "BASE_DE_DATOS_NO_DISPONIBLE",
                "detail": "La base...",
                "message": "La base...",
                "data": {},
            }
            route.fulfill(status=503, headers={"Retry-After": "2"}, json=body)
        else:
            route.fulfill(status=502, content_type="text/html", body="<h1>Bad gateway</h1>")

    def prepare(page: Page) -> None:
        page.route("**/api/toolkit/*", answer)

    page, watch = open_page(auckland + "/tablero", TV, prepare=prepare)
    watch.allow(r"status of (502|503)|ERR_CONNECTION_REFUSED|/api/toolkit/down")
    got: dict[str, Any] = page.evaluate(REQUESTS)

    assert got["first"]["ok"]["success"] is True
    occupied = got["occupied"]
    assert (occupied["isApiError"], occupied["status"]) == (True, 409)
    assert occupied["body"]["error"] == "SPOOL_OCCUPIED"
    assert occupied["body"]["data"]["owner_id"] == 94
    assert "ocupado por JP(94)" in occupied["body"]["message"]
    assert got["invalid"]["status"] == 422
    assert got["invalid"]["body"]["error"] == "VALIDATION_ERROR"

    busy = got["busy"]
    assert (busy["status"], busy["retryAfterSeconds"]) == (503, 7)
    assert busy["body"] == {
        "error": "SERVICIO_NO_DISPONIBLE",
        "detail": "El servidor no está disponible por ahora. Reintente en 7 s.",
        "message": "El servidor no está disponible por ahora. Reintente en 7 s.",
        "data": {},
    }
    shaped = got["busyShaped"]  # the server's own words are kept
    assert (shaped["body"]["error"], shaped["body"]["message"]) == (
        "BASE_DE_DATOS_NO_DISPONIBLE",
        "La base...",
    )
    assert shaped["retryAfterSeconds"] == 2
    assert got["proxy"]["status"] == 502
    assert got["proxy"]["body"]["error"] == "ERROR_DEL_SERVIDOR"
    assert got["proxy"]["body"]["message"].startswith("El servidor tuvo un problema (502).")
    assert got["down"]["status"] == 0
    assert got["down"]["body"]["error"] == "SIN_CONEXION"
    assert (
        got["down"]["body"]["message"] == "Sin conexión con el servidor. Reintente en un momento."
    )


# Each /api/sse/stream attempt as the page lives it, in the page's clock (Playwright's fake one,
# so waits are measured exactly): when its fetch started, connected or failed, when its signal
# aborted it (the watchdog), when data last arrived and what text came.
STREAM_PROBE = Path(__file__).with_name("stream_probe.js")
PING_SECONDS = 120  # no real ping arrives while the test plays with the page's clock
WATCHDOG_MS = 3 * PING_SECONDS * 1000
WAITS_S = [1, 2, 4, 8, 15, 15]  # after a stream that had been up: 1 s, doubling up to 15 s
REFUSED = r"ERR_CONNECTION_REFUSED|ERR_ABORTED|/api/sse/stream"


class StreamGate:
    """Lets the page's live-stream attempts through to the server or refuses them, and keeps
    each attempt's Last-Event-ID header."""

    def __init__(self) -> None:
        self.open = True
        self.last_event_ids: list[str | None] = []

    def handle(self, route: Route) -> None:
        self.last_event_ids.append(route.request.headers.get("last-event-id"))
        if self.open:
            route.continue_()
        else:
            route.abort("connectionrefused")


def wait_for_attempt(page: Page, number: int, condition: str) -> list[dict[str, Any]]:
    """Waits (real time, HANG_SECONDS at most) until attempt `number` (from 1) meets
    `condition`, a JS expression on `a`; returns every attempt."""
    page.wait_for_function(
        f"n => {{ const a = window.__streamAttempts[n - 1]; return a && ({condition}); }}",
        arg=number,
        polling=50,  # not on animation frames: they stop with the page's paused clock
        timeout=HANG_SECONDS * 1000,
    )
    found: list[dict[str, Any]] = page.evaluate("window.__streamAttempts")
    return found


def last_event_id(base: str, tag: str) -> str:
    events = httpx.get(f"{base}/api/history/{tag}/events", timeout=10).json()["events"]
    return str(events[-1]["id"])


def ended(attempt: dict[str, Any]) -> float:
    end: float = attempt["failedAt"] if attempt["failedAt"] is not None else attempt["abortedAt"]
    return end


def refused_attempts_back_off(page: Page, first: int, waits_s: list[int]) -> list[dict[str, Any]]:
    """Attempt `first` − 1 has ended; the next ones are refused: each waits `waits_s` in turn."""
    log: list[dict[str, Any]] = []
    for number, wait_s in enumerate(waits_s, start=first):
        page.clock.run_for(int(wait_s * 1250))
        log = wait_for_attempt(page, number, "a.failedAt !== null")
        gap = log[number - 1]["at"] - ended(log[number - 2])
        assert 0.8 * wait_s * 1000 <= gap <= 1.2 * wait_s * 1000, (number, wait_s, gap)
    return log


@pytest.mark.parametrize("screen", ["board", "worker"])
def test_the_board_and_the_worker_app_reconnect_the_same_way(
    tmp_path: Path, open_page: OpenPage, screen: str
) -> None:
    """A stream silent for three pings' time is dropped; attempts then wait 1, 2, 4, 8, 15,
    15 s (±20 %), each with the last event id seen; the server replays what was missed; a
    stream that stayed up starts the waits again at 1 s."""
    gate = StreamGate()

    def prepare(page: Page) -> None:
        page.add_init_script(path=STREAM_PROBE)
        page.clock.install()
        page.route("**/api/sse/stream*", gate.handle)  # the worker's has a query
        # The page's clock jumps minutes: the worker app would renew its holds meanwhile, and a
        # renewal reaches the tablet's stream at once (a row), resetting the watchdog measured
        # here. Renewals are refused: this test is about a silent stream.
        page.route("**/api/occupation/renovar", lambda route: route.abort("connectionrefused"))

    with live_server(tmp_path, ZEUES_SSE_PING_SECONDS=str(PING_SECONDS)) as base:
        page, watch = open_page(
            base + ("/tablero" if screen == "board" else "/"), TV, prepare=prepare
        )
        watch.allow(REFUSED)
        if screen == "worker":
            sign_in(page, 94)
        wait_for_attempt(page, 1, "a.openedAt !== null")
        tomar(base, "TEST-01", 93)
        first_id = last_event_id(base, "TEST-01")
        wait_for_attempt(page, 1, f"a.text.includes('id: {first_id}')")

        gate.open = False
        page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # seconds, the page's clock
        page.clock.run_for(WATCHDOG_MS + 2_000)
        log = wait_for_attempt(page, 2, "a.failedAt !== null")
        assert log[0]["abortedAt"] - log[0]["lastDataAt"] == pytest.approx(WATCHDOG_MS, abs=5)
        gap = log[1]["at"] - log[0]["abortedAt"]
        assert 800 <= gap <= 1200, gap
        log = refused_attempts_back_off(page, 3, WAITS_S[1:])
        if screen == "board":  # since when, never a countdown that is stale once drawn
            expect(page.locator("#conexion")).to_have_text(
                re.compile(r"^sin conexión desde las \d\d:\d\d$")
            )
        assert gate.last_event_ids == [None] + [first_id] * (len(log) - 1)

        tomar(base, "TEST-02", 94)  # while the screen is cut off
        missed_id = last_event_id(base, "TEST-02")
        gate.open = True
        page.clock.run_for(19_000)
        reopened = len(log) + 1
        wait_for_attempt(page, reopened, f"a.text.includes('id: {missed_id}')")  # replayed
        assert gate.last_event_ids[-1] == first_id

        # That stream stays up, then falls silent: the waits start again at 1 s.
        gate.open = False
        page.clock.run_for(WATCHDOG_MS + 2_000)
        log = wait_for_attempt(page, reopened + 1, "a.failedAt !== null")
        assert 800 <= log[reopened]["at"] - log[reopened - 1]["abortedAt"] <= 1200
        assert gate.last_event_ids[-1] == missed_id

        gate.open = True
        page.clock.resume()
        if screen == "board":
            expect(page.locator("#conexion")).to_have_text("en vivo")
            expect(page.locator('#eventos li[data-tag="TEST-02"]')).to_have_count(1)
        else:
            expect(page.locator('#mine [data-tag="TEST-02"]')).to_be_visible()
