"""Unions on the worker tablet (issue 21): a welder pauses after 3 of 7 welds ticked in the
picker, another finishes the other 4 (a COMPLETAR that would leave welds undone is explained
before sending), the queue row and the card show the progress, and both see their PD in
Mi registro. The unions come in through the admin import, as a shop loads its Uniones sheet."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    TABLET_LANDSCAPE,
    OpenPage,
    axe_violations,
    describe,
    screenshot,
)
from tests.browser.floor import sign_in as supervisor_sign_in
from tests.browser.worker_ui import (
    api,
    card_action,
    choose_operation,
    close_card,
    confirm,
    estado,
    scan,
    sign_in,
    tomar,
)
from tests.infra.auth import ADMIN_HEADERS

TAG = "TEST-02"
# 7 unions, all welded (BW, SO, FILL, BR, LET); DN 2, 3, 1.5, 4, 6, 0.5, 8 → 25 inches.
UNIONS = [(1, "2", "BW"), (2, "3", "BW"), (3, "1.5", "SO"), (4, "4", "BW"), (5, "6", "BR"),
          (6, "0.5", "LET"), (7, "8", "FILL")]  # fmt: skip


def _load_unions(base: str) -> None:
    sheet = "ID;N_UNION;TAG_SPOOL;DN_UNION;TIPO_UNION\n" + "".join(
        f"{TAG}-{n};{n};{TAG};{dn};{tipo}\n" for n, dn, tipo in UNIONS
    )
    response = api(
        base, "POST", "/api/admin/import", headers=ADMIN_HEADERS,
        data={"kind": "uniones"}, files={"file": ("uniones.csv", sheet.encode(), "text/csv")},
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["applied"], response.text


def _arm_done(base: str) -> None:
    """ARM by JP(94) through the API (a v3.0 COMPLETAR: every union's ARM in his name)."""
    tomar(base, TAG, 94)
    day = estado(base, TAG)["fecha_ocupacion"][:10]
    body = {"tag_spool": TAG, "worker_id": 94, "fecha_operacion": day}
    assert api(base, "POST", "/api/occupation/completar", json=body).status_code == 200


def registro(base: str, worker: int) -> dict[str, Any]:
    found: dict[str, Any] = api(base, "GET", f"/api/registro/{worker}").json()
    return found


def pd_text(value: float) -> str:
    """As the app writes a PD figure (no trailing .0)."""
    return f"{value:g}"


def _registro(page: Page) -> None:
    page.locator("#open-registro").click()
    expect(page.locator("#registro")).to_be_visible()
    expect(page.locator("#registro-body table.uniones")).to_be_visible()


def test_a_welder_pauses_after_three_of_seven_and_another_finishes_the_other_four(
    demo: str, open_page: OpenPage
) -> None:
    _load_unions(demo)
    before = {w: registro(demo, w) for w in (93, 94)}
    _arm_done(demo)

    mauricio, _ = open_page(demo)
    sign_in(mauricio, 93)
    choose_operation(mauricio, "SOLD")
    card = scan(mauricio, TAG)
    expect(card.locator("#card-uniones .progreso")).to_have_text("ARM 7/7 · SOLD 0/7 · 25 PD")
    expect(card.locator("#card-uniones")).not_to_contain_text("null")  # no rejection: nothing
    card_action(mauricio, "SOLD", "TOMAR").click()
    expect(card_action(mauricio, "SOLD", "PAUSAR")).to_be_enabled()
    card_action(mauricio, "SOLD", "PAUSAR").click()
    picker = mauricio.locator("#picker")
    expect(picker).to_be_visible()
    expect(picker.locator(".union-pick")).to_have_count(7)
    for n in (1, 2, 3):
        picker.locator(f"label[for=union-{n}]").click()
    expect(mauricio.locator("#picker-sum")).to_have_text("3 de 7 marcadas · 6.5 PD")
    expect(mauricio.locator("#picker-yes")).to_have_text("PAUSAR con 3 uniones")
    assert not axe_violations(mauricio), describe(axe_violations(mauricio))
    screenshot(mauricio, "worker-union-picker")
    mauricio.locator("#picker-yes").click()
    expect(mauricio.locator("#card-result")).to_contain_text("uniones 1, 2, 3: 6.5 PD")
    expect(card.locator("#card-uniones .progreso")).to_have_text("ARM 7/7 · SOLD 3/7 · 31.5 PD")
    close_card(mauricio)
    # The rows' progress: test_a_row_shows_the_progress_and_follows_another_tablets_union_pausar.

    juan, _ = open_page(demo)
    sign_in(juan, 94)
    choose_operation(juan, "SOLD")
    scan(juan, TAG)
    card_action(juan, "SOLD", "TOMAR").click()
    expect(card_action(juan, "SOLD", "COMPLETAR")).to_be_enabled()
    card_action(juan, "SOLD", "COMPLETAR").click()
    picker = juan.locator("#picker")
    expect(picker.locator(".union-pick")).to_have_count(4)  # only the welds still open
    expect(juan.locator("#picker-sum")).to_have_text("4 de 4 marcadas · 18.5 PD")
    # Unticking one explains, before anything is sent, why COMPLETAR would be refused.
    picker.locator("label[for=union-7]").click()
    expect(juan.locator("#picker-warn")).to_contain_text("falta la unión 7. Márquela si la terminó")
    expect(juan.locator("#picker-yes")).to_be_disabled()
    screenshot(juan, "worker-union-picker-completar")
    picker.locator("label[for=union-7]").click()
    juan.locator("#picker-yes").click()
    confirm(juan)  # the date
    expect(juan.locator("#card-result")).to_contain_text("SOLD completado")
    expect(juan.locator("#card-result")).to_contain_text("uniones 4, 5, 6, 7: 18.5 PD")
    close_card(juan)
    assert estado(demo, TAG)["estado"]["sold"] == "COMPLETADO"

    # Mi registro shows each worker's day as the server counts it, this spool's welds included
    # (the demo data has earlier unions of these workers too).
    for page, worker, welds, pd_here in ((juan, 94, 4, 18.5), (mauricio, 93, 3, 6.5)):
        _registro(page)
        day = registro(demo, worker)
        assert round(day["pd_sold"] - before[worker]["pd_sold"], 1) == pd_here
        totals = page.locator("#registro-body .total")
        expect(totals.nth(1)).to_have_text(f"{pd_text(day['pd_sold'])} PDSOLD")
        expect(totals.nth(2)).to_have_text(f"{pd_text(day['pd_total'])} PDTotal")
        here = page.locator("#registro-body tbody tr", has_text=TAG).filter(has_text="SOLD")
        expect(here).to_have_count(welds)
    assert not axe_violations(mauricio), describe(axe_violations(mauricio))
    screenshot(mauricio, "worker-mi-registro")
    # a day earlier: that day's record, without today's welds
    shown = mauricio.locator("#registro-fecha").inner_text()
    mauricio.locator("#registro-prev").click()
    expect(mauricio.locator("#registro-fecha")).not_to_have_text(shown)
    expect(mauricio.locator("#registro-body .total").first).to_be_visible()
    expect(mauricio.locator("#registro-body tbody tr", has_text=TAG)).to_have_count(0)


def test_the_repair_crew_sees_the_defect_and_the_rejected_unions(
    demo: str, open_page: OpenPage
) -> None:
    _load_unions(demo)
    _arm_done(demo)
    tomar(demo, TAG, 94, "SOLD")
    day = estado(demo, TAG)["fecha_ocupacion"][:10]
    body = {"tag_spool": TAG, "worker_id": 94, "operacion": "SOLD", "fecha_operacion": day}
    assert api(demo, "POST", "/api/occupation/completar", json=body).status_code == 200
    rejection = {"tag_spool": TAG, "worker_id": 93, "resultado": "RECHAZADO",
                 "defecto": "Socavado en cordón", "uniones": [4]}  # fmt: skip
    assert api(demo, "POST", "/api/metrologia/completar", json=rejection).status_code == 200

    note = {"texto": "Cambiar electrodo: usar E7018", "autor": "Calidad"}
    assert api(demo, "POST", f"/api/spools/{TAG}/notas", json=note).status_code == 200

    pedro, _ = open_page(demo)
    sign_in(pedro, 96)
    choose_operation(pedro, "REPARACION")
    # The queue's row names what to repair, as the card does (typed: the queue is long).
    pedro.locator("#scan").fill(TAG)
    row = pedro.locator(f'#free li[data-tag="{TAG}"]')
    expect(row.locator(".rechazo-fila")).to_have_text(
        "Rechazo de metrología · defecto: Socavado en cordón · unión 4"
    )
    expect(row.locator(".progreso")).to_have_text("ARM 7/7 · SOLD 7/7 · 50 PD")
    row.scroll_into_view_if_needed()
    assert not axe_violations(pedro), describe(axe_violations(pedro))
    screenshot(pedro, "worker-repair-row")
    pedro.locator("#scan").fill("")
    card = scan(pedro, TAG)
    note = card.locator("#card-uniones .rechazo")
    expect(note).to_have_text(
        "Rechazo de metrología (ciclo 1 de 3, MR(93)) · defecto: Socavado en cordón · unión 4"
    )
    expect(card.locator("#card-uniones tr.rechazada")).to_have_count(1)
    expect(card.locator("#card-uniones tr.rechazada td").first).to_have_text("4")
    expect(card.locator("#card-notas li")).to_contain_text("Calidad: Cambiar electrodo: usar E7018")
    screenshot(pedro, "worker-repair-defect")


def test_the_inspector_names_the_defect_and_the_unions_when_rejecting(
    demo: str, open_page: OpenPage
) -> None:
    """RECHAZADO on the inspector's tablet asks what to repair (both optional): the defect
    typed and the unions ticked reach the repair crew's row."""
    _load_unions(demo)
    _arm_done(demo)
    tomar(demo, TAG, 94, "SOLD")
    day = estado(demo, TAG)["fecha_ocupacion"][:10]
    body = {"tag_spool": TAG, "worker_id": 94, "operacion": "SOLD", "fecha_operacion": day}
    assert api(demo, "POST", "/api/occupation/completar", json=body).status_code == 200

    ines, _ = open_page(demo)
    sign_in(ines, 95)
    choose_operation(ines, "METROLOGIA")
    scan(ines, TAG)
    card_action(ines, "METROLOGIA", "RECHAZADO").click()
    expect(ines.locator("#confirm-title")).to_have_text("METROLOGIA RECHAZADO")
    expect(ines.locator("#confirm-uniones .union-pick")).to_have_count(len(UNIONS))
    ines.locator("#confirm-defecto").fill("Falta de fusión en raíz")
    for n in (2, 5):
        ines.locator(f"label[for=rechazo-union-{n}]").click()
    assert not axe_violations(ines), describe(axe_violations(ines))
    screenshot(ines, "worker-metrologia-rechazo")
    confirm(ines)
    expect(ines.locator("#card-result")).to_contain_text("Metrología RECHAZADO registrada")
    expect(ines.locator("#card-uniones .rechazo")).to_have_text(
        "Rechazo de metrología (ciclo 1 de 3, CV(95)) · defecto: Falta de fusión en raíz"
        " · uniones 2, 5"
    )
    rechazo = api(demo, "GET", f"/api/spools/{TAG}/uniones").json()["rechazo"]
    assert (rechazo["defecto"], rechazo["uniones"]) == ("Falta de fusión en raíz", [2, 5])

    # Neither named: the rejection is recorded as before, with nothing to add.
    other = "TEST-03"
    tomar(demo, other, 94)
    arm = {"tag_spool": other, "worker_id": 94, "operacion": "ARM", "fecha_operacion": day}
    assert api(demo, "POST", "/api/occupation/completar", json=arm).status_code == 200
    tomar(demo, other, 94, "SOLD")
    sold = {**arm, "operacion": "SOLD"}
    assert api(demo, "POST", "/api/occupation/completar", json=sold).status_code == 200
    close_card(ines)
    scan(ines, other)
    card_action(ines, "METROLOGIA", "RECHAZADO").click()
    expect(ines.locator("#confirm-uniones-box")).to_be_hidden()  # a spool without unions
    confirm(ines)
    expect(ines.locator("#card-result")).to_contain_text("Metrología RECHAZADO registrada")
    last = api(demo, "GET", f"/api/history/{other}/events").json()["events"][-1]
    assert "rechazo" not in last["metadata"] or not last["metadata"]["rechazo"]


def test_a_row_shows_the_progress_and_follows_another_tablets_union_pausar(
    demo: str, open_page: OpenPage
) -> None:
    """Juan's SOLD queue shows a spool's progress on its row; Mauricio pauses it on his tablet
    after two welds, and Juan's row says so without Juan doing anything (the stream's row)."""
    query = {"worker_id": 94, "operacion": "SOLD", "limite": 60}
    first = api(demo, "GET", "/api/cola", params=query).json()
    for item in first["disponibles"]:
        found = api(demo, "GET", f"/api/spools/{item['tag_spool']}/uniones").json()
        armed = {u["n_union"] for u in found["uniones"] if u["arm"]}
        welds = [n for n in found["abiertas"]["SOLD"] if n in armed]
        if item["progreso"] and len(welds) >= 2:
            tag = item["tag_spool"]
            break
    else:
        raise AssertionError("a demo spool with two welds to do on the first page")
    assert item["progreso"] == found["resumen"]["texto"]

    juan, _ = open_page(demo, TABLET_LANDSCAPE)
    sign_in(juan, 94)
    choose_operation(juan, "SOLD")
    shown = juan.locator(f'#free li[data-tag="{tag}"] .progreso')
    expect(shown).to_have_text(item["progreso"])

    mauricio, _ = open_page(demo)
    sign_in(mauricio, 93)
    choose_operation(mauricio, "SOLD")
    scan(mauricio, tag)
    card_action(mauricio, "SOLD", "TOMAR").click()
    expect(card_action(mauricio, "SOLD", "PAUSAR")).to_be_enabled()
    card_action(mauricio, "SOLD", "PAUSAR").click()
    picker = mauricio.locator("#picker")
    for n in welds[:2]:
        picker.locator(f"label[for=union-{n}]").click()
    mauricio.locator("#picker-yes").click()
    expect(mauricio.locator("#card-result")).to_contain_text(f"uniones {welds[0]}, {welds[1]}")
    after = api(demo, "GET", f"/api/spools/{tag}/uniones").json()["resumen"]["texto"]
    assert after != item["progreso"]

    juan.bring_to_front()
    expect(shown).to_have_text(after)
    juan.locator(f'#free li[data-tag="{tag}"]').evaluate(
        "(row) => row.scrollIntoView({block: 'center'})"
    )
    screenshot(juan, "worker-row-progress")


def test_the_console_shows_pd_per_worker_for_the_day_and_the_week(
    demo: str, open_page: OpenPage, admin_token: str
) -> None:
    _load_unions(demo)
    tomar(demo, TAG, 93)
    body = {"tag_spool": TAG, "worker_id": 93, "operacion": "ARM", "uniones": [1, 2, 3]}
    assert api(demo, "POST", "/api/occupation/pausar", json=body).status_code == 200
    day = api(demo, "GET", "/api/supervisor/pd", headers=ADMIN_HEADERS).json()
    week = api(demo, "GET", "/api/supervisor/pd?dias=7", headers=ADMIN_HEADERS).json()
    mine = next(w for w in day["trabajadores"] if w["worker_id"] == 93)

    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    supervisor_sign_in(page, admin_token)
    row = page.locator('#pd-dia tr[data-worker="93"]')
    expect(row).to_contain_text("MR(93)")
    expect(row.locator("td").nth(2)).to_have_text(pd_text(mine["pd_arm"]))
    expect(page.locator("#pd-dia-total")).to_have_text(f"· {pd_text(day['pd_total'])} PD en total")
    expect(page.locator("#pd-semana-total")).to_have_text(
        f"· {pd_text(week['pd_total'])} PD en total"
    )
    expect(page.locator("#pd-semana tr")).to_have_count(len(week["trabajadores"]))
    assert not axe_violations(page), describe(axe_violations(page))
    heading = page.locator("h3", has_text="Pulgadas-diámetro (PD) del día")
    heading.evaluate("(h) => h.scrollIntoView({block: 'start'})")
    screenshot(page, "supervisor-pd")
