"""The browser tests' watcher itself: a read cut by the page's own reload is not a failure (the
console reloads on sign-out, whatever it had in flight); a read aborted without navigating is."""

from __future__ import annotations

from playwright.sync_api import Route

from tests.browser.conftest import OpenPage

HELD: list[Route] = []


def _hold(route: Route) -> None:
    HELD.append(route)  # never answered: the read stays in flight until something cuts it


def test_a_read_cut_by_the_pages_own_reload_is_forgiven(demo: str, open_page: OpenPage) -> None:
    page, watch = open_page(demo + "/tablero")
    page.route("**/api/health?cortada=1", _hold)
    page.evaluate("() => { fetch('/api/health?cortada=1').catch(() => {}); }")
    while not HELD:
        page.wait_for_timeout(20)
    page.reload()
    page.wait_for_load_state()
    assert not [p for p in watch.unexpected() if "cortada" in p]


def test_a_read_aborted_without_navigating_stays_a_problem(demo: str, open_page: OpenPage) -> None:
    page, watch = open_page(demo + "/tablero")
    HELD.clear()
    page.route("**/api/health?abortada=1", _hold)
    page.evaluate(
        """() => {
          const c = new AbortController();
          fetch('/api/health?abortada=1', { signal: c.signal }).catch(() => {});
          window.__cut = c;
        }"""
    )
    while not HELD:
        page.wait_for_timeout(20)
    page.evaluate("() => window.__cut.abort()")
    found: list[str] = []
    for _ in range(500):  # until the failure event reaches the watcher (10 s at most)
        found = [p for p in watch.unexpected() if "abortada" in p]
        if found:
            break
        page.wait_for_timeout(20)
    assert found and "ERR_ABORTED" in found[0], watch.unexpected()
    watch.allow("abortada")  # seen and asserted: the fixture's own check must not fail on it
