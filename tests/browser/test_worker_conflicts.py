"""What the worker sees when others got there first, and that one tap is one action."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Request, Route, expect

from tests.api.helpers import FRESCO, SOLDADO
from tests.browser.conftest import OpenPage
from tests.browser.floor import wait_for_streams
from tests.browser.worker_ui import (
    audit_types,
    card_action,
    choose_operation,
    scan,
    sign_in,
    tomar,
)
from tests.infra.live import HANG_SECONDS


def test_taking_a_spool_someone_else_holds_names_the_holder_in_spanish(
    demo: str, open_page: OpenPage
) -> None:
    page, _ = open_page(demo)
    # No live updates on this tablet: the card still offers TOMAR when the other worker takes it.
    page.route("**/api/sse/stream*", lambda route: None)
    sign_in(page, 94)
    scan(page, FRESCO)
    expect(card_action(page, "ARM", "TOMAR")).to_be_enabled()
    tomar(demo, FRESCO, 93)
    card_action(page, "ARM", "TOMAR").click()
    result = page.locator("#card-result")
    expect(result).to_contain_text("No se hizo")
    expect(result).to_contain_text(f"El spool {FRESCO} está ocupado por MR(93) (ARM)")
    # Afterwards the card and the lists say so before anyone tries: the reason, no dead button.
    expect(page.locator("#card-now")).to_have_text(
        f"El spool {FRESCO} está ocupado por MR(93) (ARM). Espere a que lo pause o complete."
    )
    expect(page.locator("#card .btn:disabled")).to_have_count(0)
    page.locator("#card-close").click()
    row = page.locator("#unavailable .row", has_text=FRESCO)
    expect(row).to_contain_text(re.compile(r"ocupado por MR\(93\) desde \d\d:\d\d"))


def test_a_batch_of_five_with_one_taken_meanwhile_shows_four_done_and_one_refused(
    demo: str, open_page: OpenPage
) -> None:
    page, _ = open_page(demo)
    sign_in(page, 94)
    choose_operation(page, "ARM")
    rows = page.locator("#free .row")
    tags = [rows.nth(i).get_attribute("data-tag") for i in range(5)]
    for tag in tags:
        page.locator(f"#free .row[data-tag='{tag}'] input[type=checkbox]").check()
    expect(page.locator("#batch-count")).to_contain_text("5 seleccionados")
    assert tags[2]
    taken = tags[2]

    def take_first(route: Route) -> None:
        # Another tablet takes one while the batch is on its way (too late for the list).
        tomar(demo, taken, 93)
        route.continue_()

    page.route("**/api/occupation/batch-tomar", take_first)
    page.locator("#batch-take").click()
    result = page.locator("#result")
    expect(result).to_contain_text("TOMAR: 4 tomados, 1 rechazado.")
    expect(result.locator("li", has_text=f"✗ {tags[2]}")).to_contain_text("ocupado por MR(93)")
    expect(result.locator("li", has_text="✓")).to_have_count(4)
    for tag in tags:
        expect(page.locator(f"#mine .row[data-tag='{tag}']")).to_have_count(
            0 if tag == tags[2] else 1
        )


def test_a_selected_spool_another_tablet_takes_leaves_the_selection_at_once(
    demo: str, open_page: OpenPage
) -> None:
    page, _ = open_page(demo)
    sign_in(page, 94)
    rows = page.locator("#free .row")
    tags = [rows.nth(i).get_attribute("data-tag") for i in range(3)]
    for tag in tags:
        page.locator(f"#free .row[data-tag='{tag}'] input[type=checkbox]").check()
    expect(page.locator("#batch-count")).to_contain_text("3 seleccionados")
    assert tags[1]
    wait_for_streams(demo, 1)
    sent = time.monotonic()
    tomar(demo, tags[1], 93)
    wrote = time.monotonic() - sent
    expect(page.locator("#result")).to_have_text(
        f"{tags[1]} ya no está disponible: se quitó de la selección.",
        timeout=HANG_SECONDS * 1000,
    )
    # At once: 2 s, plus what the TOMAR itself took on this machine in this run.
    took = time.monotonic() - sent
    assert took < 2.0 + wrote, (took, wrote)
    expect(page.locator("#batch-count")).to_contain_text("2 seleccionados")
    expect(page.locator(f"#free .row[data-tag='{tags[1]}']")).to_have_count(0)
    expect(page.locator(f"#unavailable .row[data-tag='{tags[1]}']")).to_contain_text(
        "ocupado por MR(93)"
    )


def test_tag_and_enter_opens_the_card_with_the_right_actions_enabled(
    demo: str, open_page: OpenPage
) -> None:
    page, _ = open_page(demo)
    sign_in(page, 95)  # Metrología only
    scan(page, SOLDADO)
    expect(page.locator("#card-estado")).to_have_text(
        "Disponible · ARM completado, SOLD completado"
    )
    expect(card_action(page, "METROLOGIA", "APROBADO")).to_be_enabled()
    expect(card_action(page, "METROLOGIA", "RECHAZADO")).to_be_enabled()
    # What the worker cannot do is not offered at all (no dead buttons, no reasons repeated).
    expect(page.locator("#card .btn:disabled")).to_have_count(0)
    expect(page.locator("#card-others")).to_be_hidden()


def test_a_double_tap_sends_one_request_and_acts_once(demo: str, open_page: OpenPage) -> None:
    page, _ = open_page(demo)
    sign_in(page, 94)
    scan(page, FRESCO)
    requests: list[Request] = []
    page.on("request", lambda r: requests.append(r))
    card_action(page, "ARM", "TOMAR").dblclick()
    expect(page.locator("#card-result")).to_contain_text("tomado por JP(94)")
    # A sentinel instead of a wait: the page's requests are reported in the order it sends
    # them, so a second TOMAR from the second tap would be reported before this one.
    with page.expect_request("**/api/health/live"):
        page.evaluate("() => fetch('/api/health/live').then(r => r.status)")
    sentinel = next(i for i, r in enumerate(requests) if r.url.endswith("/api/health/live"))
    sent = [r for r in requests[:sentinel] if r.url.endswith("/api/occupation/tomar")]
    assert len(sent) == 1
    assert sent[0].headers.get("idempotency-key")
    assert audit_types(demo, FRESCO) == ["TOMAR_SPOOL"]


def test_lists_follow_another_workers_take_within_a_second(demo: str, open_page: OpenPage) -> None:
    page, _ = open_page(demo)
    sign_in(page, 94)
    page.locator("#scan").fill(FRESCO)
    expect(page.locator("#free .row", has_text=FRESCO)).to_have_count(1)
    start = time.monotonic()
    tomar(demo, FRESCO, 93)
    wrote = time.monotonic() - start  # the yardstick: the write itself, at the machine's load now
    expect(page.locator("#unavailable .row", has_text=FRESCO)).to_contain_text("ocupado por MR(93)")
    delay = time.monotonic() - start
    print(f"lista actualizada {delay * 1000:.0f} ms después de la toma de otro trabajador")
    # Generous on a shared machine (the figure is printed above), plus what load added to the
    # write; a list that waited for a poll or a reload would miss it on a quiet machine.
    assert delay < 1.0 * 3 + wrote, (delay, wrote)
