"""The supervisor console's bar shows the last good backup from /api/health (issue 19, item 8):
its age when recent, a warning when there is none, it is late or the last copy failed."""

from __future__ import annotations

import json

from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import TABLET_LANDSCAPE, OpenPage, screenshot
from tests.browser.floor import sign_in


def test_the_bar_shows_the_backup_zeues_serve_took_at_start(
    demo: str, open_page: OpenPage, admin_token: str
) -> None:
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    sign_in(page, admin_token)
    badge = page.locator("#copia")
    expect(badge).to_contain_text("Copia de seguridad: hace menos de 1 h")
    expect(badge).not_to_have_class("copia mal")
    screenshot(page, "supervisor-backup-ok")


def _health_with(backup: dict[str, object]) -> object:
    def answer(route: Route) -> None:
        real = route.fetch()
        body = real.json()
        body["backup"] = {**body["backup"], **backup}
        route.fulfill(response=real, body=json.dumps(body))

    return answer


def _open_with(open_page: OpenPage, demo: str, backup: dict[str, object]) -> Page:
    def prepare(page: Page) -> None:
        page.route("**/api/health", _health_with(backup))  # type: ignore[arg-type]

    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE, prepare=prepare)
    return page


def test_a_late_or_failed_backup_is_a_warning(
    demo: str, open_page: OpenPage, admin_token: str
) -> None:
    stale = _open_with(
        open_page,
        demo,
        {"status": "stale", "age_hours": 75.0, "last_backup_at": "2026-12-01T08:00:00-03:00"},
    )
    sign_in(stale, admin_token)
    expect(stale.locator("#copia")).to_contain_text("Copia de seguridad atrasada: hace 3 días")
    expect(stale.locator("#copia")).to_have_class("copia mal")
    screenshot(stale, "supervisor-backup-stale")

    failed = _open_with(open_page, demo, {"status": "error", "error": "OSError: disco lleno"})
    sign_in(failed, admin_token)
    expect(failed.locator("#copia")).to_contain_text("La última copia de seguridad falló")

    none = _open_with(
        open_page, demo, {"status": "none", "last_backup_at": None, "age_hours": None}
    )
    sign_in(none, admin_token)
    expect(none.locator("#copia")).to_have_text("Sin copia de seguridad todavía")
