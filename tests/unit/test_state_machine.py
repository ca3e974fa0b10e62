"""Random command sequences on one spool, checked against CONTRACT §1 and §2.1 after every step.

The machine keeps the spool row as the store would and a clock. Each command is first judged by
`spec_outcome`, an independent reading of the SPEC (accept, or which errors are acceptable), then
run through the domain; the two must agree. Invariants are checked on the lease-aware view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.unit.builders import (
    ARMADOR,
    AYUDANTE,
    FECHA,
    JUAN,
    MAURICIO,
    METROLOGO,
    SIN_ROL,
    SOLDADOR,
    SUPERVISOR,
    T0,
    TTL,
    arm_paused,
    audit,
    blocked,
    fresh,
    rejected,
    repaired,
    welded,
)
from zeues.domain import errors, inspection, occupation, supervision
from zeues.domain.errors import DomainError
from zeues.domain.estado import effective
from zeues.domain.model import (
    MAX_CICLOS,
    Change,
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventDraft,
    EventoTipo,
    Occupation,
    Operacion,
    Resultado,
    Rol,
    Spool,
    Worker,
)
from zeues.domain.sessions import derive_sessions

ARM, SOLD, MET, REP = (
    Operacion.ARM,
    Operacion.SOLD,
    Operacion.METROLOGIA,
    Operacion.REPARACION,
)
WORKERS = (ARMADOR, SOLDADOR, AYUDANTE, METROLOGO, SUPERVISOR, SIN_ROL, MAURICIO, JUAN)

# CONTRACT §1.1: the edges each state may move along (self-loops are always allowed).
P, EP, PA, C = EstadoOp.PENDIENTE, EstadoOp.EN_PROGRESO, EstadoOp.PAUSADO, EstadoOp.COMPLETADO
MP, MA, MR = EstadoMetrologia.PENDIENTE, EstadoMetrologia.APROBADO, EstadoMetrologia.RECHAZADO
RP, RE, RPA, RC = (
    EstadoReparacion.PENDIENTE,
    EstadoReparacion.EN_REPARACION,
    EstadoReparacion.PAUSADA,
    EstadoReparacion.COMPLETADA,
)
# PAUSADO -> COMPLETADO (PAUSADA -> COMPLETADA): the worker of a lapsed hold nobody moved on
# completes it (CONTRACT §1.2); everyone else saw the operation paused meanwhile.
EDGES: dict[str, set[tuple[object, object]]] = {
    "arm": {(P, EP), (PA, EP), (EP, PA), (EP, C), (PA, C)},
    "sold": {(P, EP), (PA, EP), (EP, PA), (EP, C), (PA, C)},
    # RECHAZADO -> PENDIENTE: a completed repair asks for a new inspection.
    "metrologia": {(MP, MA), (MP, MR), (MR, MP)},
    # None -> PENDIENTE on the first rejection; back to PENDIENTE on cancel or a new rejection.
    "reparacion": {
        (None, RP),
        (RP, RE),
        (RPA, RE),
        (RE, RPA),
        (RE, RC),
        (RPA, RC),
        (RE, RP),
        (RPA, RP),
        (RC, RP),
    },
}

ROLE_FOR: dict[Operacion, set[Rol]] = {
    ARM: {Rol.ARMADOR, Rol.AYUDANTE},
    SOLD: {Rol.SOLDADOR, Rol.AYUDANTE},
    MET: {Rol.METROLOGIA},
    REP: set(),
}

Outcome = frozenset[type[DomainError]] | None  # None = accepted


@dataclass(frozen=True)
class Cmd:
    kind: str
    worker: Worker
    op: Operacion | None = None
    resultado: Resultado | None = None

    def __str__(self) -> str:
        extra = self.op or self.resultado or ""
        return f"{self.kind}({self.worker.nombre_completo} {extra})"


ALL_CMDS: list[Cmd] = [
    *(Cmd("tomar", w, op) for w in WORKERS for op in (ARM, SOLD, REP, MET)),
    *(Cmd("pausar", w, op) for w in WORKERS for op in (ARM, SOLD, REP, MET)),
    *(Cmd("completar", w, op) for w in WORKERS for op in (ARM, SOLD, REP)),
    *(Cmd("inspeccionar", w, resultado=r) for w in WORKERS for r in Resultado),
    *(Cmd(kind, w) for w in WORKERS for kind in ("cancelar", "liberar", "desbloquear")),
]


def run(cmd: Cmd, spool: Spool, now: datetime, ttl: int) -> Change:
    w = cmd.worker
    if cmd.kind == "tomar":
        assert cmd.op is not None
        return occupation.tomar(spool, w, cmd.op, now, ttl)
    if cmd.kind == "pausar":
        assert cmd.op is not None
        return occupation.pausar(spool, w, cmd.op, now)
    if cmd.kind == "completar":
        assert cmd.op is not None
        return occupation.completar(spool, w, cmd.op, now, FECHA)
    if cmd.kind == "inspeccionar":
        assert cmd.resultado is not None
        return inspection.inspeccionar(spool, w, cmd.resultado, now, FECHA)
    if cmd.kind == "cancelar":
        return occupation.cancelar_reparacion(spool, w, now)
    if cmd.kind == "liberar":
        return supervision.liberar(spool, w, "tablet abandonada", now)
    assert cmd.kind == "desbloquear"
    return supervision.desbloquear(spool, w, "revisado", now)


# ---------------------------------------------------------------------------------------------
# An independent reading of the SPEC
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """The spool as CONTRACT §1.2 says everyone sees it at `now`."""

    holder: Occupation | None
    expired: Occupation | None
    arm: EstadoOp
    sold: EstadoOp
    reparacion: EstadoReparacion | None
    metrologia: EstadoMetrologia
    bloqueado: bool
    materiales: bool
    # (worker id, operation) of the last lapsed hold someone else then moved on, as the machine
    # recorded it from the commands it saw accepted
    moved_on: tuple[int, Operacion] | None = None

    def state(self, op: Operacion) -> object:
        return {ARM: self.arm, SOLD: self.sold, REP: self.reparacion}[op]


def seen(spool: Spool, now: datetime, moved_on: tuple[int, Operacion] | None = None) -> Seen:
    h = spool.holder
    lapsed = h is not None and h.lease_expires_at is not None and h.lease_expires_at <= now
    expired = h if lapsed else None

    def lapsed_on(op: Operacion) -> bool:
        return expired is not None and expired.operacion is op

    arm = PA if lapsed_on(ARM) and spool.arm is EP else spool.arm
    sold = PA if lapsed_on(SOLD) and spool.sold is EP else spool.sold
    rep = RPA if lapsed_on(REP) and spool.reparacion is RE else spool.reparacion
    return Seen(
        holder=None if lapsed else h,
        expired=expired,
        arm=arm,
        sold=sold,
        reparacion=rep,
        metrologia=spool.metrologia,
        bloqueado=spool.bloqueado,
        materiales=spool.fecha_materiales is not None,
        moved_on=moved_on,
    )


def one(error: type[DomainError], *more: type[DomainError]) -> Outcome:
    return frozenset({error, *more})


def spec_outcome(cmd: Cmd, s: Seen) -> Outcome:
    w, op = cmd.worker, cmd.op
    if cmd.kind in ("liberar", "desbloquear"):
        if Rol.SUPERVISOR not in w.roles:
            return one(errors.RolNoAutorizado)
        if cmd.kind == "liberar":
            return None if s.holder else one(errors.OperacionNoIniciada)
        return None if s.bloqueado else one(errors.SpoolNoBloqueado)
    if s.bloqueado:
        return one(errors.SpoolBloqueado)
    if cmd.kind == "cancelar":
        if s.reparacion not in (RE, RPA):
            return one(errors.OperacionNoIniciada, errors.DependenciasNoSatisfechas)
        if s.reparacion is RE and s.holder and s.holder.worker_id != w.id:
            return one(errors.NoAutorizado)
        return None
    target = MET if cmd.kind == "inspeccionar" else op
    assert target is not None
    needed = ROLE_FOR[target]
    if needed and not needed.intersection(w.roles):
        return one(errors.RolNoAutorizado)
    if cmd.kind == "inspeccionar":
        if s.holder:
            return one(errors.SpoolOcupado)
        if s.metrologia is MA:
            return one(errors.OperacionYaCompletada)
        if s.arm is not C or s.sold is not C or s.metrologia is MR:
            return one(errors.DependenciasNoSatisfechas)
        return None
    assert op is not None
    if cmd.kind == "tomar":
        if s.holder and s.holder.worker_id == w.id and s.holder.operacion is op:
            return None  # renews the hold
        if s.holder:
            return one(errors.SpoolOcupado)
        if op is MET:
            return one(errors.OperacionNoAplicable)
        if not s.materiales:
            return one(errors.DependenciasNoSatisfechas)
        if op is REP:
            ok = s.metrologia is MR and s.reparacion in (RP, RPA)
            return None if ok else one(errors.DependenciasNoSatisfechas)
        if s.state(op) is C:
            return one(errors.OperacionYaCompletada)
        if op is SOLD and s.arm is P:
            return one(errors.DependenciasNoSatisfechas)
        return None
    # pausar / completar
    if s.expired and s.expired.worker_id == w.id and s.expired.operacion is op:
        return None  # the lapsed hold's worker, nobody having moved the spool on
    if s.moved_on == (w.id, op):
        return one(errors.LockExpirado)
    if op is MET:
        return one(errors.OperacionNoAplicable)
    state = s.state(op)
    if state is C:
        if cmd.kind == "completar":
            return one(errors.OperacionYaCompletada)
        return one(errors.OperacionYaCompletada, errors.OperacionNoIniciada)
    if state not in (EP, RE):
        return one(errors.OperacionNoIniciada)
    assert s.holder is not None
    if s.holder.worker_id != w.id:
        return one(errors.NoAutorizado)
    return None


def in_progress(spool: Spool) -> list[Operacion]:
    return [
        op
        for op, busy in (
            (ARM, spool.arm is EP),
            (SOLD, spool.sold is EP),
            (REP, spool.reparacion is RE),
        )
        if busy
    ]


STARTS: dict[str, Spool] = {
    "fresh": fresh(),
    "arm_paused": arm_paused(),
    "welded": welded(),
    "rejected_1": rejected(1),
    "repaired_2": repaired(2),
    "blocked": blocked(),
}

# ---------------------------------------------------------------------------------------------
# The machine
# ---------------------------------------------------------------------------------------------


class SpoolMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ttl = TTL
        self.now = T0
        self.spool = fresh()
        self.prev = self.spool
        self.rejections = 0  # METROLOGIA rejections since the last APROBADO or override
        self.log: list[EventDraft] = []
        self.moved_on: tuple[int, Operacion] | None = None

    @initialize(
        ttl=st.sampled_from([TTL, TTL, 0]),
        start=st.sampled_from([*STARTS, "fresh", "arm_paused"]),
    )
    def choose_lease_and_starting_spool(self, ttl: int, start: str) -> None:
        """Starting further down the flow lets 40 steps reach the 3rd rejection and beyond."""
        self.ttl = ttl
        self.spool = STARTS[start]
        self.prev = self.spool
        self.rejections = self.spool.ciclo

    # -- commands ------------------------------------------------------------------------------

    @rule(data=st.data())
    def a_worker_sends_a_command(self, data: st.DataObject) -> None:
        """Half the time a command the SPEC accepts (to get deep), a quarter of the time the
        row's holder acting on its operation (lapsed or not: a late PAUSAR/COMPLETAR, a
        renewing TOMAR), else any command."""
        pool = ALL_CMDS
        mode = data.draw(st.integers(min_value=0, max_value=3), label="mode")
        holder = self.spool.holder
        if mode == 1 and holder is not None:
            pool = [
                c
                for c in ALL_CMDS
                if c.worker.id == holder.worker_id
                and c.op is holder.operacion
                and c.kind in ("tomar", "pausar", "completar")
            ]
        elif mode >= 2:
            s = seen(self.spool, self.now, self.moved_on)
            accepted = [c for c in ALL_CMDS if spec_outcome(c, s) is None]
            kinds = sorted({c.kind for c in accepted})
            if kinds:
                kind = data.draw(st.sampled_from(kinds), label="kind")
                pool = [c for c in accepted if c.kind == kind]
        self.apply(data.draw(st.sampled_from(pool), label="cmd"))

    @rule(minutes=st.integers(min_value=1, max_value=45))
    def clock_ticks(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

    @rule()
    def clock_passes_the_lease(self) -> None:
        self.now += timedelta(seconds=TTL + 1)

    def apply(self, cmd: Cmd) -> None:
        before = self.spool
        s = seen(before, self.now, self.moved_on)
        expected = spec_outcome(cmd, s)
        try:
            change = run(cmd, before, self.now, self.ttl)
        except DomainError as exc:
            assert expected is not None, f"{cmd} rejected with {exc.code}: {exc.message}"
            assert type(exc) in expected, f"{cmd}: got {exc.code}, SPEC says {expected}"
            assert self.spool == before
            return
        assert expected is None, f"{cmd} accepted, SPEC says {expected}"
        self.check_change(cmd, before, s, change)
        self.spool = change.after
        self.log.extend(change.events)
        actor = cmd.worker.id
        if s.expired is not None and s.expired.worker_id != actor:
            self.moved_on = (s.expired.worker_id, s.expired.operacion)
        elif cmd.kind == "tomar" and self.moved_on and self.moved_on[0] == actor:
            self.moved_on = None

    def check_change(self, cmd: Cmd, before: Spool, s: Seen, change: Change) -> None:
        after, events = change.after, change.events
        if not change.changed:
            assert (cmd.kind, self.ttl) == ("tomar", 0)
            assert events == ()
            assert after == before
            return
        assert after.version == before.version + 1
        renewal = cmd.kind == "tomar" and s.holder is not None
        if renewal:
            assert s.holder is not None and after.holder is not None
            assert events == ()
            assert after.holder.since == s.holder.since
            assert after.holder.lease_expires_at == self.now + timedelta(seconds=self.ttl)
            return
        assert len(events) >= 1
        assert all(e.timestamp == self.now and e.tag_spool == before.tag_spool for e in events)
        tipos = [e.evento_tipo for e in events]
        if s.expired is not None:
            assert tipos[0] is EventoTipo.LEASE_EXPIRADO
            assert events[0].worker_id == s.expired.worker_id
        assert EventoTipo.LEASE_EXPIRADO not in tipos[1 if s.expired else 0 :]
        w, op = cmd.worker, cmd.op
        if cmd.kind == "tomar":
            assert op is not None
            assert after.holder is not None
            assert (after.holder.worker_id, after.holder.operacion) == (w.id, op)
            assert after.holder.since == self.now
            lease = self.now + timedelta(seconds=self.ttl) if self.ttl else None
            assert after.holder.lease_expires_at == lease
            if op is ARM:
                assert after.armador == (before.armador or w.nombre_completo)
            if op is SOLD:
                assert after.soldador == (before.soldador or w.nombre_completo)
        elif cmd.kind in ("pausar", "completar", "cancelar", "liberar"):
            assert after.holder is None
        if cmd.kind == "inspeccionar":
            if cmd.resultado is Resultado.APROBADO:
                self.rejections = 0
                assert after.metrologia is MA
            else:
                self.rejections += 1
                assert after.metrologia is MR
        if cmd.kind == "desbloquear":
            self.rejections = 0
            assert after.metrologia is MR
        if cmd.kind == "completar" and op is REP:
            assert after.metrologia is MP

    # -- invariants ----------------------------------------------------------------------------

    @invariant()
    def spec_invariants_hold(self) -> None:
        view, _ = effective(self.spool, self.now)
        busy = in_progress(view)
        # one holder, and only its operation is in progress
        if view.holder is None:
            assert busy == []
        else:
            assert busy == [view.holder.operacion]
            assert not view.holder.expired(self.now)
        # states move only along the SPEC's edges
        for field, edges in EDGES.items():
            old, new = getattr(self.prev, field), getattr(view, field)
            assert old == new or (old, new) in edges, f"{field}: {old} -> {new}"
        # repair cycles and blocking
        assert 0 <= view.ciclo <= MAX_CICLOS
        assert view.ciclo == self.rejections, f"ciclo {view.ciclo}, {self.rejections} rejections"
        assert view.bloqueado == (self.rejections == MAX_CICLOS), (
            f"bloqueado={view.bloqueado} after {self.rejections} rejections without override"
        )
        # versions never go back
        assert view.version >= self.prev.version
        # the audit trail tells the same story: an open session iff the spool is held
        sessions = derive_sessions(audit(self.log), self.now, self.spool.holder)
        open_ = [x for x in sessions if x.end_time is None]
        if view.holder is None:
            assert open_ == []
        else:
            assert len(open_) == 1
            assert open_[0] is sessions[-1]
            assert (open_[0].worker_id, open_[0].operacion, open_[0].start_time) == (
                view.holder.worker_id,
                view.holder.operacion,
                view.holder.since,
            )
        assert all(x.duration_seconds >= 0 for x in sessions)
        self.prev = view


SpoolMachine.TestCase.settings = settings(
    max_examples=200, stateful_step_count=40, deadline=None, derandomize=False
)
TestRandomCommandSequencesKeepTheSpecInvariants = SpoolMachine.TestCase
