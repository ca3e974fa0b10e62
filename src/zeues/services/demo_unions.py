"""Demo unions (CONTRACT §5, §2.9): 2-12 per spool with a realistic DN and type mix, their
progress consistent with each spool's state, finished over the last days so a worker's day and
the board's PD show numbers. Drawn from a generator of their own, so the demo spools stay as
they were; the first FIRST_WITHOUT generated spools and TEST-* keep none (a spool without
unions behaves as before, and the demo shows both)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from zeues.domain.model import EstadoOp, Spool, Worker
from zeues.domain.unions import Union, UnionWork

FIRST_WITHOUT = 50
# (type, weight) and (DN in tenths, weight): butt welds dominate; sockets and olets are small.
_TYPES = [("BW", 45), ("SO", 18), ("FILL", 10), ("BR", 8), ("LET", 7), ("MIT", 12)]
_SMALL = [5, 10, 15, 20]
_DNS = [(5, 4), (10, 8), (15, 6), (20, 10), (30, 10), (40, 10), (60, 9), (80, 7), (100, 5),
        (120, 4), (140, 2), (160, 2), (180, 1), (200, 1), (240, 1)]  # fmt: skip
_SOLD_TYPES = {"BW", "SO", "FILL", "BR", "LET"}


def demo_unions(spools: list[Spool], workers: list[Worker], now: datetime) -> list[Union]:
    rng = random.Random(2121)
    by_name = {w.nombre_completo: w for w in workers}
    found: list[Union] = []
    generated = [s for s in spools if not s.tag_spool.startswith("TEST-")]
    for spool in generated[FIRST_WITHOUT:]:
        found.extend(_spool_unions(spool, by_name, now, rng))
    return found


def _spool_unions(
    spool: Spool, by_name: dict[str, Worker], now: datetime, rng: random.Random
) -> list[Union]:
    count = rng.randint(2, 12)
    rows = []
    for n in range(1, count + 1):
        tipo = rng.choices([t for t, _ in _TYPES], [w for _, w in _TYPES])[0]
        if tipo in ("SO", "LET"):
            dn = rng.choice(_SMALL)
        else:
            dn = rng.choices([d for d, _ in _DNS], [w for _, w in _DNS])[0]
        rows.append(Union(spool.tag_spool, n, dn, tipo))
    armed = _how_many(spool.arm, count, rng)
    weldable = [u for u in rows if u.tipo_union in _SOLD_TYPES]
    welded = _how_many(spool.sold, len(weldable), rng)
    armador, soldador = by_name.get(spool.armador or ""), by_name.get(spool.soldador or "")
    result = []
    for union in rows:
        arm = _work(armador, now, rng) if armador and union.n_union <= armed else None
        result.append(
            Union(union.tag_spool, union.n_union, union.dn_decimas, union.tipo_union, arm)
        )
    if soldador:
        welds = {u.n_union for u in weldable[:welded]}
        result = [
            replace(u, sold=_after(u.arm, soldador, now, rng))
            if u.n_union in welds and u.arm
            else u
            for u in result
        ]
    return result


def _how_many(estado: EstadoOp, total: int, rng: random.Random) -> int:
    if estado is EstadoOp.COMPLETADO:
        return total
    if estado in (EstadoOp.EN_PROGRESO, EstadoOp.PAUSADO):
        return rng.randint(0, max(total - 1, 0))
    return 0


def _work(worker: Worker, now: datetime, rng: random.Random) -> UnionWork:
    fin = now - timedelta(minutes=rng.randint(5, 10 * 24 * 60))
    return UnionWork(worker.id, worker.nombre_completo, fin - timedelta(hours=2), fin)


def _after(arm: UnionWork, worker: Worker, now: datetime, rng: random.Random) -> UnionWork:
    """A weld finished after its fit-up, never in the future."""
    fin = min(now, arm.fecha_fin + timedelta(minutes=rng.randint(30, 3 * 24 * 60)))
    return UnionWork(worker.id, worker.nombre_completo, arm.fecha_fin, fin)
