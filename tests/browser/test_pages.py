"""The three screens are served by the app with a strict CSP, and load cleanly in Chromium."""

from __future__ import annotations

import httpx
import pytest

from tests.browser.conftest import OpenPage
from zeues.web.pages import render

PAGES = ["/", "/tablero", "/supervisor"]


@pytest.mark.parametrize("path", PAGES)
def test_each_screen_is_served_with_a_strict_csp_and_told_the_shop_timezone(
    demo: str, path: str
) -> None:
    answer = httpx.get(demo + path)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    csp = answer.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in answer.text  # every script is a same-origin file
    # The demo's ZEUES_TIMEZONE and ZEUES_SSE_PING_SECONDS, read by common/config.js.
    assert '<meta name="zeues-timezone" content="America/Santiago">' in answer.text
    assert '<meta name="zeues-sse-ping-seconds" content="15">' in answer.text


def test_the_favicon_is_served(demo: str) -> None:
    answer = httpx.get(demo + "/favicon.ico")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("path", PAGES)
def test_each_screen_loads_without_a_browser_error(
    demo: str, open_page: OpenPage, path: str
) -> None:
    page, _ = open_page(demo + path)
    # Not "networkidle": a screen holding its live stream (SSE) never goes idle.
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)  # its first API reads answered (errors fail the test at the end)
    assert page.title().startswith("ZEUES")


def test_a_page_gets_its_settings_escaped_and_its_entry_modules_imports_preloaded() -> None:
    page = '<head>\n<script type="module" src="/static/board/board.js"></script>\n</head>'
    served = render(page, {"timezone": 'a"b<', "sse-ping-seconds": "15"})
    head = served.splitlines()[1:-1]
    assert head[0] == '<script type="module" src="/static/board/board.js"></script>'
    assert '<link rel="modulepreload" href="/static/common/live-stream.js">' in head
    assert head[-2:] == [
        '<meta name="zeues-timezone" content="a&quot;b&lt;">',
        '<meta name="zeues-sse-ping-seconds" content="15">',
    ]
    with pytest.raises(ValueError, match="script"):
        render("<head></head>", {"timezone": "UTC"})
