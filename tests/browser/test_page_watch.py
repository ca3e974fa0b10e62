"""The browser tests' watcher itself: a read cut by the page's own reload is not a failure (the
console reloads on sign-out, whatever it had in flight); a read aborted without navigating is."""

from __future__ import annotations

from playwright.sync_api import Page, Route

from tests.browser.conftest import OpenPage, until


def hold(page: Page, pattern: str) -> list[Route]:
    """Requests matching `pattern` are never answered: each stays in flight until something cuts
    it. The list fills as they arrive."""
    held: list[Route] = []
    page.route(pattern, lambda route: held.append(route))
    return held


def test_a_read_cut_by_the_pages_own_reload_is_forgiven(demo: str, open_page: OpenPage) -> None:
    page, watch = open_page(demo + "/tablero")
    held = hold(page, "**/api/health?cortada=1")
    page.evaluate("() => { fetch('/api/health?cortada=1').catch(() => {}); }")
    until(page, lambda: bool(held), "la lectura retenida")
    page.reload()
    page.wait_for_load_state()
    assert not [p for p in watch.unexpected() if "cortada" in p]


def test_a_read_aborted_without_navigating_stays_a_problem(demo: str, open_page: OpenPage) -> None:
    page, watch = open_page(demo + "/tablero")
    held = hold(page, "**/api/health?abortada=1")
    page.evaluate(
        """() => {
          const c = new AbortController();
          fetch('/api/health?abortada=1', { signal: c.signal }).catch(() => {});
          window.__cut = c;
        }"""
    )
    until(page, lambda: bool(held), "la lectura retenida")
    page.evaluate("() => window.__cut.abort()")

    def reported() -> list[str]:
        return [p for p in watch.unexpected() if "abortada" in p]

    until(page, lambda: bool(reported()), "el fallo de la lectura abortada, en el vigilante")
    found = reported()
    assert "ERR_ABORTED" in found[0], found
    watch.allow("abortada")  # seen and asserted: the fixture's own check must not fail on it
