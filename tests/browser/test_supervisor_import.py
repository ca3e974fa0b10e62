"""The console's "Importar / Exportar" section against the real endpoints: a review first (dry
run, nothing written), the per-row report with the invalid row's reason, then the import with
"omitir inválidas", and an export downloaded with the bearer token."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import TABLET_LANDSCAPE, OpenPage, screenshot
from tests.browser.floor import sign_in

SHEET = (
    "Planilla de spools, obra 77;;;;\n"  # a title above the headers (issue 20)
    "TAG_SPOOL;NV;Fecha_Materiales;Fecha_Armado;Fecha_Soldadura\n"
    "IMP-0001;NV-77;02-11-2026;;\n"
    "IMP-0002;NV-77;02-11-2026;;05-11-2026\n"  # welded without fit-up: invalid
    "TOTAL;;;;\n"  # a totals row: skipped, never a spool
)


def test_import_reviews_first_then_imports_the_valid_rows_and_exports_download(
    demo: str, open_page: OpenPage, admin_token: str, tmp_path: Path
) -> None:
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    sign_in(page, admin_token)
    planilla = tmp_path / "spools.csv"
    planilla.write_text(SHEET, encoding="utf-8")
    page.set_input_files("#imp-archivo", str(planilla))
    page.click("#form-importar button[type=submit]")
    informe = page.locator("#imp-informe")
    expect(informe).to_contain_text("Revisión (nada se ha importado todavía)")
    expect(informe).to_contain_text(
        "Filas: 1 nueva · 0 actualizadas · 0 sin cambios · 1 no válida · "
        "1 omitida (totales o notas)"
    )
    expect(informe).to_contain_text(
        "Encabezados en la fila 2; la fila de arriba se leyó como título."
    )
    expect(informe).to_contain_text("Spools nuevos (1): IMP-0001")
    expect(informe).to_contain_text("Fila 5 «TOTAL»: fila de totales: no es un spool, se omite")
    expect(informe).to_contain_text("marque «Omitir filas inválidas e importar el resto»")
    expect(informe.locator("tbody tr")).to_have_count(1)
    expect(informe.locator("tbody tr td").first).to_have_text("4")  # the file's row number
    expect(page.locator("#imp-confirmar")).to_be_hidden()  # an invalid row, not skipped
    informe.scroll_into_view_if_needed()
    screenshot(page, "supervisor-import-review")
    assert httpx.get(f"{demo}/api/spools/IMP-0001").status_code == 404  # the review wrote nothing

    page.check("#imp-omitir")
    page.click("#form-importar button[type=submit]")
    expect(page.locator("#imp-confirmar")).to_be_visible()
    page.click("#imp-confirmar")
    expect(informe).to_contain_text("Importación realizada")
    expect(page.locator("#imp-confirmar")).to_be_hidden()
    spool = httpx.get(f"{demo}/api/spools/IMP-0001")
    assert spool.status_code == 200 and spool.json()["nv"] == "NV-77"
    assert httpx.get(f"{demo}/api/spools/IMP-0002").status_code == 404
    assert httpx.get(f"{demo}/api/spools/TOTAL").status_code == 404

    with page.expect_download() as caught:
        page.get_by_role("button", name="Exportar Spools en CSV").click()
    exported = Path(caught.value.path()).read_text(encoding="utf-8-sig")
    assert exported.splitlines()[0].startswith("TAG_SPOOL")
    assert "IMP-0001" in exported


def test_a_big_review_says_how_many_rows_it_lists_and_names_a_repeated_tag_once(
    demo: str, open_page: OpenPage, admin_token: str, tmp_path: Path
) -> None:
    """Issue 19: 1,050 rows of one placeholder tag answer 1,000 rows; the console says so, and
    the repeated tag's reason (count and first rows) is given once, the other rows refer to it."""
    page, _ = open_page(demo + "/supervisor", TABLET_LANDSCAPE)
    sign_in(page, admin_token)
    planilla = tmp_path / "repetido.csv"
    planilla.write_text("TAG_SPOOL;NV\n" + "X;NV-1\n" * 1050, encoding="utf-8")
    page.set_input_files("#imp-archivo", str(planilla))
    page.click("#form-importar button[type=submit]")
    informe = page.locator("#imp-informe")
    expect(informe).to_contain_text("1050 no válidas")
    expect(informe).to_contain_text("La respuesta lista 1000 de 1050 filas")
    expect(informe).to_contain_text("… y más problemas: se muestran los primeros 200.")
    expect(informe.locator("tbody tr").first).to_contain_text(
        "TAG repetido en 1.050 filas (2, 3, 4, 5, 6 y 1.045 más)"
    )
    expect(informe.locator("tbody tr").nth(1)).to_contain_text("TAG repetido: ver la fila 2")
    informe.locator("p.ayuda").last.scroll_into_view_if_needed()
    screenshot(page, "supervisor-import-big-review")
