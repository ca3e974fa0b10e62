"""Benchmark: does the live board (/tablero) stay current under a stream of changes? Drives
TOMAR/PAUSAR through the API at a fixed rate (default 100 events/s) while headless Chromium
(Debian's) shows the board on a TV-sized page; prints the lag between the last action and the
board showing it, whether the board ends in the server's state, and the page's JS long tasks.
Prints figures; asserts nothing.

    python bench/board_under_load.py                          # starts `zeues serve --demo`
    python bench/board_under_load.py --rate 100 --seconds 15
    python bench/board_under_load.py --base-url http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, TV
from tests.infra.live import live_server

WORKER = 93  # MR(93), Armador
MARKER_WORKER = 94  # JP(94) takes the marker spool last
MARKER = "TEST-01"

LONG_TASKS = """() => {
  window.__largas = [];
  new PerformanceObserver((lista) => {
    for (const e of lista.getEntries()) window.__largas.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
}"""


async def _drive(base: str, tags: list[str], rate: float, seconds: float) -> tuple[int, int]:
    """Each spool alternates TOMAR and PAUSAR; together they send `rate` requests per second.
    Returns (requests sent, non-200 answers)."""
    per_spool_gap = len(tags) / rate
    rounds = max(2, int(seconds * rate / len(tags)) // 2 * 2)  # even: every spool ends paused
    errors = 0
    t0 = time.monotonic() + 0.2
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:

        async def one(k: int, tag: str) -> None:
            nonlocal errors
            for r in range(rounds):
                delay = t0 + r * per_spool_gap + k / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                path = "/api/occupation/tomar" if r % 2 == 0 else "/api/occupation/pausar"
                body = {"tag_spool": tag, "worker_id": WORKER, "operacion": "ARM"}
                if (await client.post(path, json=body)).status_code != 200:
                    errors += 1

        await asyncio.gather(*(one(k, tag) for k, tag in enumerate(tags)))
    return rounds * len(tags), errors


def _board_rows(page: Page) -> set[str]:
    found: list[str] = page.eval_on_selector_all(
        "#ocupados tr[data-tag]", "rows => rows.map(r => r.dataset.tag)"
    )
    return set(found)


def run(base: str, rate: float, seconds: float, spools: int) -> None:
    free = httpx.get(
        f"{base}/api/spools/iniciar", params={"operacion": "ARM", "limit": spools + 10}
    ).json()["spools"]
    tags = [s["tag_spool"] for s in free if s["tag_spool"] != MARKER][:spools]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=TV, locale="es-CL").new_page()
        page.goto(base + "/tablero")
        page.wait_for_selector("#conexion.vivo")
        page.evaluate(LONG_TASKS)
        started = time.monotonic()
        # The browser runs in this thread's event loop: drive the load from another thread.
        result: dict[str, Any] = {}

        def load() -> None:
            result["sent"], result["errors"] = asyncio.run(_drive(base, tags, rate, seconds))

        thread = threading.Thread(target=load)
        thread.start()
        while thread.is_alive():
            page.wait_for_timeout(200)  # keeps the page's events flowing to the browser
        load_seconds = time.monotonic() - started
        marker = httpx.post(
            f"{base}/api/occupation/tomar",
            json={"tag_spool": MARKER, "worker_id": MARKER_WORKER, "operacion": "ARM"},
        )
        sent_at = time.monotonic()
        page.wait_for_selector(f'#ocupados tr[data-tag="{MARKER}"]', timeout=30000)
        lag = time.monotonic() - sent_at
        page.wait_for_timeout(1500)
        server = {row["tag_spool"] for row in httpx.get(f"{base}/api/dashboard/occupied").json()}
        shown = _board_rows(page)
        long_tasks: list[float] = page.evaluate("() => window.__largas")
        feed = page.locator("#eventos li").count()
        browser.close()
    httpx.post(
        f"{base}/api/occupation/pausar",
        json={"tag_spool": MARKER, "worker_id": MARKER_WORKER, "operacion": "ARM"},
    )
    events = result["sent"]
    print(
        f"carga: {events} TOMAR/PAUSAR en {load_seconds:.1f} s = {events / load_seconds:.0f} "
        f"eventos/s sobre {len(tags)} spools (objetivo {rate:.0f}/s); respuestas no 200: "
        f"{result['errors']}; marcador {marker.status_code}"
    )
    print(f"retraso acción final → visible en el tablero: {lag * 1000:.0f} ms")
    # The board shows only the rows that fit on the TV: compare the ones it shows.
    stale = shown - server
    print(
        f"tablero al día al final: {'sí' if not stale and MARKER in shown else 'NO'} "
        f"({len(shown)} filas visibles, {len(stale)} que el servidor ya no tiene ocupadas)"
    )
    total = sum(long_tasks)
    biggest = max(long_tasks, default=0.0)
    print(
        f"tareas largas de JS (> 50 ms): {len(long_tasks)}, total {total:.0f} ms, "
        f"máxima {biggest:.0f} ms; eventos en el feed: {feed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url")
    parser.add_argument("--rate", type=float, default=100.0, help="eventos por segundo")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--spools", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = nullcontext(args.base_url) if args.base_url else live_server(Path(tmp))
        with server as base:
            run(base, args.rate, args.seconds, args.spools)


if __name__ == "__main__":
    main()
