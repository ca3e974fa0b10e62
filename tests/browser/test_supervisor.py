"""The supervisor console at /supervisor: the admin token once per tab, the supervisor picks
himself, unblocks and releases spools with a required reason, reads the day's production and
downloads the day's audit events."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from tests.api.helpers import BLOQUEADO
from tests.browser.conftest import (
    TABLET_LANDSCAPE,
    TV,
    OpenPage,
    axe_violations,
    describe,
    screenshot,
)
from tests.browser.floor import (
    SUPERVISOR,
    completar,
    inspeccionar,
    post,
    sessions,
    sign_in,
    soldar,
    spool,
    today,
    tomar,
)


def test_a_wrong_token_is_refused_in_spanish_and_a_good_one_is_kept_for_the_tab(
    demo: str, open_page: OpenPage, admin_token: str
) -> None:
    page, watch = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    watch.allow("ERR_ABORTED")  # the reload below cuts the first load's requests
    page.fill("#token", "no-es-el-token")
    page.click("#form-token button[type=submit]")
    expect(page.locator("#error-token")).to_contain_text("no es válido")
    expect(page.locator("#consola")).to_be_hidden()
    sign_in(page, admin_token)
    expect(page.locator("#quien")).to_have_text(f"Supervisor: AF({SUPERVISOR})")
    page.reload()  # same tab: no second prompt
    expect(page.locator("#consola")).to_be_visible()
    expect(page.locator("#form-token")).to_be_hidden()


def test_a_supervisor_unblocks_a_blocked_spool_and_the_reason_is_required(
    demo: str, open_page: OpenPage, admin_token: str
) -> None:
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    sign_in(page, admin_token)
    row = page.locator(f'#bloqueados tr[data-tag="{BLOQUEADO}"]')
    row.get_by_role("button", name="Desbloquear").click()
    dialog = page.locator("#dialogo")
    expect(dialog).to_be_visible()
    page.click("#dlg-confirmar")  # no reason
    expect(page.locator("#dlg-error")).to_have_text("Escriba el motivo: es obligatorio.")
    expect(dialog).to_be_visible()
    assert spool(demo, BLOQUEADO)["estado"]["bloqueado"] is True  # nothing was sent

    page.fill("#motivo", "Revisado con calidad")
    page.click("#dlg-confirmar")
    expect(dialog).to_be_hidden()
    expect(page.locator("#aviso")).to_contain_text("rechazado en metrología")
    expect(row).to_have_count(0)
    estado = spool(demo, BLOQUEADO)["estado"]
    assert (estado["bloqueado"], estado["metrologia"], estado["ciclo"]) == (False, "RECHAZADO", 0)


def test_a_spool_blocked_by_its_third_rejection_appears_live_and_is_unblocked(
    demo: str, open_page: OpenPage, admin_token: str
) -> None:
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    sign_in(page, admin_token)
    row = page.locator('#bloqueados tr[data-tag="TEST-05"]')
    soldar(demo, "TEST-05", 93)
    for _ in range(2):
        inspeccionar(demo, "TEST-05", "RECHAZADO")
        for accion in ("tomar", "completar"):
            post(demo, f"/api/{accion}-reparacion", {"tag_spool": "TEST-05", "worker_id": 96})
    expect(row).to_have_count(0)
    inspeccionar(demo, "TEST-05", "RECHAZADO")  # the third: BLOQUEADO
    expect(row).to_be_visible()  # no reload: the console follows the live stream
    expect(page.locator("#n-bloqueados")).to_have_text("2")
    row.get_by_role("button", name="Desbloquear").click()
    page.fill("#motivo", "Revisado con calidad: se repara una vez más")
    page.click("#dlg-confirmar")
    expect(row).to_have_count(0)
    estado = spool(demo, "TEST-05")["estado"]
    assert (estado["bloqueado"], estado["metrologia"], estado["ciclo"]) == (False, "RECHAZADO", 0)


def test_a_supervisor_releases_an_abandoned_spool(
    demo: str, open_page: OpenPage, admin_token: str
) -> None:
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    sign_in(page, admin_token)
    tomar(demo, "TEST-02", 94)  # JP(94) takes it on his tablet and walks away
    row = page.locator('#tomados tr[data-tag="TEST-02"]')
    expect(row).to_contain_text("JP(94)")  # arrives live
    row.get_by_role("button", name="Liberar").click()
    expect(page.locator("#dlg-texto")).to_contain_text("JP(94)")
    page.fill("#motivo", "Tablet abandonada en la estación 3")
    page.click("#dlg-confirmar")
    expect(page.locator("#dialogo")).to_be_hidden()
    expect(row).to_have_count(0)
    found = spool(demo, "TEST-02")
    assert found["ocupado_por"] is None
    assert found["estado"]["arm"] == "PAUSADO"
    assert sessions(demo, "TEST-02")[-1]["end_reason"] == "LIBERADO"


def test_the_days_production_matches_what_was_done_and_the_csv_has_it(
    demo: str, open_page: OpenPage, admin_token: str
) -> None:
    soldar(demo, "TEST-03", 93)
    soldar(demo, "TEST-04", 94)
    inspeccionar(demo, "TEST-03", "RECHAZADO")
    inspeccionar(demo, "TEST-04", "APROBADO")
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    sign_in(page, admin_token)
    # The day is written by the console itself (DD-MM-YYYY), whatever the browser's language.
    expect(page.locator("#fecha")).to_have_text("-".join(reversed(today().split("-"))))
    expect(page.locator("#fecha-despues")).to_be_disabled()  # never a day after today
    expect(page.locator("input[type=date]")).to_have_count(0)
    for worker in (93, 94):
        expect(page.locator(f'#completados tr[data-worker="{worker}"] td')).to_have_text(
            [f"{'MR' if worker == 93 else 'JP'}({worker})", "1", "1"]
        )
    expect(page.locator("#aprobados")).to_have_text("1")
    expect(page.locator("#rechazados")).to_have_text("1")
    expect(page.locator('#por-soldador tr[data-soldador="MR(93)"] td')).to_have_text(
        ["MR(93)", "1", "1", "100 %"]
    )
    expect(page.locator('#por-soldador tr[data-soldador="JP(94)"] td')).to_have_text(
        ["JP(94)", "1", "0", "0 %"]
    )
    # An action while the console is open updates the figures live.
    tomar(demo, "TEST-05", 93)
    completar(demo, "TEST-05", 93)
    expect(page.locator('#completados tr[data-worker="93"] td')).to_have_text(["MR(93)", "2", "1"])

    with page.expect_download() as caught:
        page.click("#descargar-csv")
    download = caught.value
    assert download.suggested_filename == f"zeues-eventos-{today()}.csv"
    path = download.path()
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["ID", "Timestamp", "Evento_Tipo", "TAG_SPOOL"]
    mine = [(r[2], r[3], r[5]) for r in rows[1:] if r[3] in ("TEST-03", "TEST-05")]
    assert mine == [
        ("TOMAR_SPOOL", "TEST-03", "MR(93)"),
        ("COMPLETAR_ARM", "TEST-03", "MR(93)"),
        ("TOMAR_SPOOL", "TEST-03", "MR(93)"),
        ("COMPLETAR_SOLD", "TEST-03", "MR(93)"),
        ("COMPLETAR_METROLOGIA", "TEST-03", "CV(95)"),
        ("TOMAR_SPOOL", "TEST-05", "MR(93)"),
        ("COMPLETAR_ARM", "TEST-05", "MR(93)"),
    ]


def test_the_console_passes_axe_and_is_photographed_on_a_tablet_and_a_tv(
    demo: str, open_page: OpenPage, admin_token: str
) -> None:
    soldar(demo, "TEST-03", 93)
    inspeccionar(demo, "TEST-03", "RECHAZADO")
    tomar(demo, "TEST-04", 94)
    for name, viewport in (("supervisor-tablet", TABLET_LANDSCAPE), ("supervisor-tv", TV)):
        page, _ = open_page(demo + "/supervisor", viewport)
        violations = axe_violations(page)  # the sign-in form
        assert not violations, describe(violations)
        sign_in(page, admin_token)
        expect(page.locator('#completados tr[data-worker="93"]')).to_be_visible()
        expect(page.locator('#tomados tr[data-tag="TEST-04"]')).to_be_visible()
        violations = axe_violations(page)
        assert not violations, describe(violations)
        screenshot(page, name)
