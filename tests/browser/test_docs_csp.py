"""/api/docs under its Content-Security-Policy (issue 19): the vendored Swagger UI still renders
the operations and can try one, with no CSP violation or other error in Chromium's console."""

from __future__ import annotations

from tests.browser.conftest import OpenPage, screenshot
from tests.infra.live import HANG_SECONDS

DESKTOP = {"width": 1280, "height": 900}


def test_swagger_ui_works_under_the_docs_csp(demo: str, open_page: OpenPage) -> None:
    page, watch = open_page(f"{demo}/api/docs", DESKTOP)
    page.get_by_text("/api/health/live").first.wait_for(timeout=HANG_SECONDS * 1000)

    page.get_by_text("/api/health/live").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=HANG_SECONDS * 1000)
    assert "200" in status.inner_text()
    screenshot(page, "docs-csp")
    assert watch.unexpected() == []
