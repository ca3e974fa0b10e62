"""Browser tests: Debian's Chromium, driven by Playwright, against a real `zeues serve --demo`.

Chromium comes from Debian (`apt-get install chromium`, installed here when missing); no browser
is ever downloaded. Every page a test opens is watched: a console error, an uncaught exception or
a failed asset request (a missing favicon included) fails the test, except the HTTP error answers
the test itself provokes from the API (a 409 shows in Chrome's console too)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Frame,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests.infra.auth import ADMIN_TOKEN
from tests.infra.live import HANG_SECONDS, live_server
from tests.infra.processes import zeues_env, zeues_serve
from tests.infra.servers import apt_install, free_port
from tests.infra.waits import wait_for

CHROMIUM = "/usr/bin/chromium"
# Flags for a headless Chromium on a machine without network beyond loopback: no background
# connections to Google, no sandbox (tests run as root in CI).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
ROOT = Path(__file__).resolve().parents[2]
TABLET_PORTRAIT = {"width": 800, "height": 1280}
TABLET_LANDSCAPE = {"width": 1280, "height": 800}
TV = {"width": 1920, "height": 1080}
# Chrome logs every 4xx/5xx fetch answer as "Failed to load resource". Answers of the API that a
# test provokes on purpose (409 occupied, 400 state, 403, 404, 410, 422) are not page errors.
_API_ERROR = re.compile(r"status of (400|401|403|404|409|410|422)\b")
# An `expect` that is not met in time is a hang: Playwright's 5 s default is crossed by a screen
# that waits on a request while the machine runs a second suite. A met expectation returns at
# once, and a test that means "fast" passes its own timeout.
expect.set_options(timeout=HANG_SECONDS * 1000)


def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        apt_install("chromium")
    if shutil.which(CHROMIUM) is None:
        raise RuntimeError("chromium no está instalado y apt-get no pudo instalarlo")
    return CHROMIUM


class PageWatch:
    """Collects what went wrong in a page; `allow(pattern)` accepts errors a test expects
    (for instance the connection refusals of a test that stops the server)."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        self.allowed: list[re.Pattern[str]] = []
        # Reads cut (ERR_ABORTED) since the page last navigated: forgiven when it navigates next.
        self._cut: list[str] = []
        self._page = page
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"excepción: {exc}"))
        page.on("requestfailed", self._failed)
        page.on("framenavigated", self._navigated)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        url = msg.location.get("url", "") if msg.location else ""
        if "/api/" in url and _API_ERROR.search(msg.text):
            return
        self.problems.append(f"consola: {msg.text} ({url})")

    def _failed(self, request: Any) -> None:
        # An SSE stream cut when the page closes or navigates is not a failure.
        failure = request.failure or ""
        if "/api/sse/stream" in request.url and "ERR_ABORTED" in failure:
            return
        problem = f"petición fallida: {request.url} {failure}"
        if "ERR_ABORTED" in failure and request.method == "GET":
            # A read the page's own reload or navigation cut (signing out reloads the console
            # while a refresh may be in flight; a loaded machine makes that likely). Only if
            # the page really navigates afterwards: a read aborted otherwise stays a problem,
            # and a cut write always is one.
            self._cut.append(problem)
            return
        self.problems.append(problem)

    def _navigated(self, frame: Frame) -> None:
        if frame == self._page.main_frame:
            self._cut.clear()

    def unexpected(self) -> list[str]:
        found = self.problems + self._cut
        return [p for p in found if not any(a.search(p) for a in self.allowed)]


def until(page: Page, condition: Callable[[], bool], what: str) -> None:
    """`wait_for`, pausing with `page.wait_for_timeout`, not `time.sleep`: sync Playwright
    delivers the page's events (requests, failures) only while it is called."""
    wait_for(condition, what=what, pause=lambda seconds: page.wait_for_timeout(seconds * 1000))


# Package scope: sync Playwright runs an event loop in the main thread until it is closed, and
# tests after this package call asyncio.run().
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    found = playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield found
    found.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[str]:
    """A fresh `zeues serve --demo` for this test (state is not shared between tests)."""
    with live_server(tmp_path) as base:
        yield base


class DemoServer:
    """A `zeues serve --demo` that a test stops and starts again on the same port and database:
    what a tablet sees when the server goes away and comes back."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = zeues_env(f"sqlite:///{workdir}/live.db", None, ADMIN_TOKEN)
        self._running: ExitStack | None = None

    def start(self) -> None:
        assert self._running is None, "ya está en marcha"
        stack = ExitStack()
        stack.enter_context(zeues_serve(self.env, self.workdir, args=("--demo",), port=self.port))
        self._running = stack

    def stop(self) -> None:
        if self._running is not None:
            self._running.close()
            self._running = None


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[DemoServer]:
    """A running DemoServer (`.base`, `.stop()`, `.start()`), stopped at the end of the test."""
    server = DemoServer(tmp_path)
    server.start()
    yield server
    server.stop()


OpenPage = Callable[..., tuple[Page, PageWatch]]


@pytest.fixture
def open_page(browser: Browser) -> Iterator[OpenPage]:
    """`open_page(url, viewport=TABLET_PORTRAIT)` → a page in a context of its own (a separate
    tablet: its own storage) and its watcher. At the end of the test every page must be clean.
    A tablet of the shop by default (es-CL, America/Santiago); `timezone_id` and `locale` make
    it another one, and `prepare(page)` runs before the page is loaded (routes, a fake clock)."""
    opened: list[tuple[BrowserContext, PageWatch]] = []

    def open_(
        url: str,
        viewport: dict[str, int] | None = None,
        *,
        timezone_id: str = "America/Santiago",
        locale: str = "es-CL",
        prepare: Callable[[Page], None] | None = None,
    ) -> tuple[Page, PageWatch]:
        context = browser.new_context(
            viewport=viewport or TABLET_PORTRAIT, locale=locale, timezone_id=timezone_id
        )
        page = context.new_page()
        watch = PageWatch(page)
        opened.append((context, watch))
        if prepare is not None:
            prepare(page)
        page.goto(url)
        return page, watch

    yield open_
    problems = [p for _, watch in opened for p in watch.unexpected()]
    for context, _ in opened:
        context.close()
    assert not problems, "errores en el navegador:\n" + "\n".join(problems)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now. The script is
    evaluated through the DevTools protocol, so the page's CSP stays in force for its own code."""
    page.evaluate(AXE.read_text())
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in found if v.get("impact") in ("serious", "critical")]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )


def screenshot(page: Page, name: str) -> Path:
    """Saves `name`.png under test-results/screenshots/, and under docs/screenshots/ too when
    ZEUES_UPDATE_SCREENSHOTS=1 (how the README's pictures are refreshed)."""
    target = ROOT / "test-results" / "screenshots" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=False)
    if os.environ.get("ZEUES_UPDATE_SCREENSHOTS") == "1":
        docs = ROOT / "docs" / "screenshots" / f"{name}.png"
        docs.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, docs)
    return target
