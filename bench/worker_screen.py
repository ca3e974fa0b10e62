"""Benchmark: the worker tablet app in Debian's Chromium (headless, Playwright) against
`zeues serve --demo` (2,005 spools). Prints figures; asserts nothing.

    python bench/worker_screen.py                 # starts its own demo server
    python bench/worker_screen.py --runs 20 --base-url http://127.0.0.1:8000

Time to a usable screen: from navigation start (performance.now() = 0) until the queue of the
remembered worker is drawn (what a tablet shows each morning), and until the worker tiles are
drawn on a tablet that remembers nobody. Search: from the input event in the scan field to the
filtered lists drawn, then to the next painted frame, over every spool loaded for the queue.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path  # noqa: E402
from tests.infra.live import live_server  # noqa: E402

WORKER = {
    "id": 93,
    "nombre_completo": "MR(93)",
    "nombre": "Mauricio",
    "apellido": "Rodriguez",
    "operaciones": ["ARM", "SOLD", "METROLOGIA", "REPARACION"],
}
SEARCHES = ["CW-3", "NV-401", "MK-1320-CW-32000", "025"]

_SEARCH_JS = """async (q) => {
  const scan = document.getElementById('scan');
  const t0 = performance.now();
  scan.value = q;
  scan.dispatchEvent(new Event('input'));
  const drawn = performance.now();
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const painted = performance.now();
  const rows = document.querySelectorAll('.rows .row[data-tag]').length;
  scan.value = '';
  scan.dispatchEvent(new Event('input'));
  return [drawn - t0, painted - t0, rows];
}"""


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(values):6.1f} ms  p95 {p95:6.1f} ms  max {max(values):6.1f} ms"
    )


def usable_screen(browser: Browser, base: str, remembered: bool) -> float:
    context = browser.new_context(viewport={"width": 800, "height": 1280})
    if remembered:
        stored = json.dumps(json.dumps(WORKER))
        context.add_init_script(
            f"localStorage.setItem('zeues.worker', {stored});"
            "localStorage.setItem('zeues.worker.op', 'ARM');"
        )
    page = context.new_page()
    page.goto(base, wait_until="commit")
    if remembered:
        page.locator("#free-count:not(:empty)").wait_for()
    else:
        page.locator("#worker-tiles .tile").first.wait_for()
    elapsed: float = page.evaluate("performance.now()")
    context.close()
    return elapsed


def search_times(browser: Browser, base: str, runs: int) -> dict[str, list[tuple[float, float]]]:
    context = browser.new_context(viewport={"width": 800, "height": 1280})
    context.add_init_script(
        f"localStorage.setItem('zeues.worker', {json.dumps(json.dumps(WORKER))});"
        "localStorage.setItem('zeues.worker.op', 'ARM');"
    )
    page = context.new_page()
    page.goto(base)
    page.locator("#free-count:not(:empty)").wait_for()
    loaded = page.evaluate(
        "['mine-count', 'free-count', 'blocked-count']"
        ".map((id) => document.getElementById(id).textContent)"
    )
    print(
        f"cola ARM cargada en el navegador: mis {loaded[0]}, disponibles {loaded[1]}, "
        f"no disponibles {loaded[2]}"
    )
    found: dict[str, list[tuple[float, float]]] = {q: [] for q in SEARCHES}
    for _ in range(runs):
        for q in SEARCHES:
            drawn, painted, rows = page.evaluate(_SEARCH_JS, q)
            found[q].append((drawn, painted))
            found.setdefault(f"{q} filas", []).append((rows, rows))
    context.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--base-url", help="un servidor ya en marcha (por omisión, uno propio)")
    args = parser.parse_args()
    with ExitStack() as stack:
        base = args.base_url or stack.enter_context(live_server(Path(tempfile.mkdtemp())))
        total = httpx.get(f"{base}/api/dashboard/resumen").json()["total"]
        print(f"servidor {base}: {total} spools")
        api = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            httpx.get(f"{base}/api/cola", params={"worker_id": 93, "operacion": "ARM"})
            api.append((time.perf_counter() - t0) * 1000)
        print(f"GET /api/cola (ARM, todos los spools)       {_ms(api)}")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            usable_screen(browser, base, True)  # warm-up: Chromium's first context is slower
            for remembered, label in (
                (True, "cola del trabajador recordado"),
                (False, "pantalla «¿Quién eres?»"),
            ):
                times = [usable_screen(browser, base, remembered) for _ in range(args.runs)]
                print(f"pantalla usable: {label:30} {_ms(times)}")
            searched = search_times(browser, base, args.runs)
            for q in SEARCHES:
                rows = int(searched[f"{q} filas"][0][0])
                drawn = [d for d, _ in searched[q]]
                painted = [p for _, p in searched[q]]
                print(f"búsqueda {q!r:20} ({rows:4} filas dibujadas) listas {_ms(drawn)}")
                print(f"{'':47}pintado {_ms(painted)}")
            browser.close()


if __name__ == "__main__":
    main()
