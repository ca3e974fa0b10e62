"""Demo data of CONTRACT §5: workers and ~2,000 realistic spools in every state."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from zeues.domain.estado import detalle
from zeues.domain.floor_access import PinState
from zeues.domain.model import (
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventDraft,
    EventoTipo,
    Occupation,
    Operacion,
    Rol,
    Spool,
    Worker,
)
from zeues.services.demo_unions import demo_unions
from zeues.services.ports import ReadModel, Store

A, S, M, AY, SUP = Rol.ARMADOR, Rol.SOLDADOR, Rol.METROLOGIA, Rol.AYUDANTE, Rol.SUPERVISOR
_NOMBRES = ["Carlos", "José", "Luis", "Jorge", "Pedro", "Diego", "Marco", "Felipe", "Raúl", "Iván"]
_APELLIDOS = ["González", "Muñoz", "Rojas", "Díaz", "Soto", "Contreras", "Silva", "Torres"]
_ROTATION: list[tuple[Rol, ...]] = [(A,), (S,), (A, S), (AY,)]
N_EXTRA_WORKERS = 70
N_SPOOLS = 2000


# The demo's PINs (issue 22): each named worker's number twice (93 → 9393, README), hashed
# once here with fixed salts, so seeding costs no scrypt (the tests seed hundreds of times), and
# at the initial PINs' cost: they are public, a slow hash would protect nothing and only slow
# every demo sign-in. A real shop's PINs are set by its supervisors, each with a random salt.
DEMO_PIN_HASHES = {
    93: "scrypt$4096$8$1$1461663ecc9ca340fea9e6a81a181860$"
    "18d5c9a63b0c40580a093360213b16751f04182affc71b0d08be9b3e0d048888",
    94: "scrypt$4096$8$1$2e20d42f140400fd4468183596c9f05c$"
    "5fefe14a56a858dfc3c8a83222ae658b7b7789cd46e0185128c05b9fabe34a41",
    95: "scrypt$4096$8$1$378a26bb3e16ad6fd87844d440ab6645$"
    "210002ec6c8a2aa83ab43df4369fb085991c487930ec1d35cb937874a5dec173",
    96: "scrypt$4096$8$1$6315adb917d76f75da134bcb113d3039$"
    "9c54a7fd8bbff8ac47d3264a6a4738a0d4069314f97f64c8d641c1b1967ba513",
    97: "scrypt$4096$8$1$0fb033bca85950b3157a3d47cf32c9e0$"
    "bd488ece3f6e7813a858cdf3e62be494631c4db5c749a6d0213aeb1c910f0503",
}


@dataclass(frozen=True)
class SeedReport:
    workers: int
    spools: int
    skipped: bool


def demo_workers() -> list[Worker]:
    fixed = [
        Worker(93, "Mauricio", "Rodriguez", (A, S, M)),
        Worker(94, "Juan", "Perez", (A, S)),
        Worker(95, "Carla", "Vergara", (M,)),
        Worker(96, "Pedro", "Lagos", (AY,)),
        Worker(97, "Ana", "Fuentes", (SUP,)),
        Worker(98, "Luis", "Mora", (A,), activo=False),
    ]
    extra = [
        Worker(
            100 + i,
            _NOMBRES[i % len(_NOMBRES)],
            _APELLIDOS[(i // len(_NOMBRES)) % len(_APELLIDOS)],
            _ROTATION[i % len(_ROTATION)],
        )
        for i in range(N_EXTRA_WORKERS)
    ]
    return fixed + extra


def demo_tag(i: int) -> str:
    return f"MK-{1300 + i // 50}-CW-{25000 + i * 7}-{i % 40 + 1:03d}"


def demo_spools(
    now: datetime, today: date, ttl: int, workers: list[Worker], count: int = N_SPOOLS
) -> list[Spool]:
    rng = random.Random(1335)
    armadores = [w for w in workers if w.activo and {A, AY} & set(w.roles)]
    soldadores = [w for w in workers if w.activo and {S, AY} & set(w.roles)]
    spools = [Spool(f"TEST-{n:02d}", fecha_materiales=today) for n in range(1, 6)]
    for i in range(count):
        base = Spool(
            demo_tag(i),
            fecha_materiales=today - timedelta(days=rng.randint(1, 60)),
            nv=f"NV-{4000 + i // 100}",
            ot=f"OT-{i // 20:04d}",
            proyecto=("Planta Norte", "Refinería Sur", "Minera Andes")[i % 3],
        )
        spools.append(_in_state(base, i, now, today, ttl, rng, armadores, soldadores))
    return spools


def _in_state(
    s: Spool,
    i: int,
    now: datetime,
    today: date,
    ttl: int,
    rng: random.Random,
    armadores: list[Worker],
    soldadores: list[Worker],
) -> Spool:
    arm_by = rng.choice(armadores).nombre_completo
    sold_by = rng.choice(soldadores).nombre_completo
    done = {"arm": EstadoOp.COMPLETADO, "armador": arm_by, "fecha_armado": today}
    welded = {**done, "sold": EstadoOp.COMPLETADO, "soldador": sold_by, "fecha_soldadura": today}
    bucket = i % 20
    if i == 7:
        return s.evolve(
            **welded,
            metrologia=EstadoMetrologia.RECHAZADO,
            ciclo=3,
            bloqueado=True,
            reparacion=EstadoReparacion.PENDIENTE,
            fecha_rechazo=today,
        )
    if i in REPAIRS:
        return s.evolve(**welded, **_repair(i, now, ttl, armadores), fecha_rechazo=today)
    if bucket == 0:
        return s.evolve(fecha_materiales=None)
    if bucket == 1 and i % 40 == 1:
        return s.evolve(**_held(rng.choice(armadores), Operacion.ARM, now, ttl, rng))
    if bucket in (2, 3):
        return s.evolve(arm=EstadoOp.PAUSADO, armador=arm_by)
    if bucket in (4, 5):
        return s.evolve(**done)
    if bucket == 6 and i % 40 == 6:
        return s.evolve(**done, **_held(rng.choice(soldadores), Operacion.SOLD, now, ttl, rng))
    if bucket in (7, 8):
        return s.evolve(**welded)
    if bucket == 9:
        ciclo = 1 + i % 2
        return s.evolve(
            **welded,
            metrologia=EstadoMetrologia.RECHAZADO,
            ciclo=ciclo,
            reparacion=EstadoReparacion.PENDIENTE,
            fecha_rechazo=today,
        )
    if bucket in (10, 11):
        return s.evolve(**welded, metrologia=EstadoMetrologia.APROBADO, fecha_qc_metrologia=today)
    return s


# Repairs under way (a few fresh spools of bucket 13 turned into them, without drawing from the
# random generator so every other spool stays as it was): held by the Ayudante 96, or paused.
REPAIRS = {13: True, 33: True, 53: False}


def _repair(i: int, now: datetime, ttl: int, workers: list[Worker]) -> dict[str, object]:
    state: dict[str, object] = {"metrologia": EstadoMetrologia.RECHAZADO, "ciclo": 1}
    if not REPAIRS[i]:
        return {**state, "reparacion": EstadoReparacion.PAUSADA}
    ayudante = next(w for w in workers if w.id == 96)
    since = now - timedelta(minutes=20)
    lease = since + timedelta(seconds=ttl) if ttl > 0 else None
    holder = Occupation(ayudante.id, ayudante.nombre_completo, Operacion.REPARACION, since, lease)
    return {**state, "reparacion": EstadoReparacion.EN_REPARACION, "holder": holder}


def _held(
    worker: Worker, op: Operacion, now: datetime, ttl: int, rng: random.Random
) -> dict[str, object]:
    since = now - timedelta(minutes=rng.randint(5, 50))
    lease = since + timedelta(seconds=ttl) if ttl > 0 else None
    state = {"arm" if op is Operacion.ARM else "sold": EstadoOp.EN_PROGRESO}
    if op is Operacion.ARM:
        state["armador"] = worker.nombre_completo  # type: ignore[assignment]
    else:
        state["soldador"] = worker.nombre_completo  # type: ignore[assignment]
    return {**state, "holder": Occupation(worker.id, worker.nombre_completo, op, since, lease)}


def seed(
    store: Store, read: ReadModel, now: datetime, today: date, ttl: int, spools: int = N_SPOOLS
) -> SeedReport:
    """Seeds an empty database with `spools` demo spools (and TEST-01…05); leaves a non-empty
    one alone."""
    if read.count_spools() > 0:
        return SeedReport(0, 0, skipped=True)
    workers = demo_workers()
    made = demo_spools(now, today, ttl, workers, spools)
    with store.write() as tx:
        for worker in workers:
            tx.upsert_worker(worker)
        for worker_id, pin_hash in DEMO_PIN_HASHES.items():
            tx.save_pin_state(worker_id, PinState(pin_hash=pin_hash), now)
        for spool in made:
            tx.insert_spool(spool)
        tx.add_unions(demo_unions(made, workers, now))
        tx.add_events([_tomar_event(s) for s in made if s.holder is not None])
    return SeedReport(len(workers), len(made), skipped=False)


def _tomar_event(spool: Spool) -> EventDraft:
    holder = spool.holder
    assert holder is not None
    lease = holder.lease_expires_at.isoformat() if holder.lease_expires_at else None
    repair = holder.operacion is Operacion.REPARACION
    return EventDraft(
        evento_tipo=EventoTipo.TOMAR_REPARACION if repair else EventoTipo.TOMAR_SPOOL,
        tag_spool=spool.tag_spool,
        worker_id=holder.worker_id,
        worker_nombre=holder.worker_nombre,
        operacion=holder.operacion,
        accion="TOMAR",
        timestamp=holder.since,
        metadata={"lease_expires_at": lease, "estado_detalle": detalle(spool), "demo": True},
    )
