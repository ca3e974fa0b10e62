"""The step runner of the e2e scenarios: one request, its expected status, its console line.

A failed step raises :class:`ScenarioFailed`, which ends its scenario as FAIL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape

from zeues.ops import calls as api
from zeues.ops.client import ApiResult, Call, Worker, ZeuesClient


@dataclass
class StepResult:
    description: str
    request: str
    expected: list[int]
    status: int
    ok: bool
    elapsed_ms: float
    error: str | None = None


@dataclass
class ScenarioResult:
    number: int
    name: str
    status: str = "PASS"  # PASS | FAIL | SKIP
    steps: list[StepResult] = field(default_factory=list)
    note: str = ""
    duration_s: float = 0.0

    @property
    def codes(self) -> list[int]:
        return [step.status for step in self.steps]


class ScenarioFailed(Exception):
    pass


@dataclass
class Cast:
    w1: Worker
    w2: Worker
    inspector: Worker


def choose_workers(workers: list[Worker]) -> Cast | None:
    """W1 does ARM and SOLD, W2 is the next worker able to do ARM; the inspector has Metrologia."""
    w1 = next((w for w in workers if w.can("ARM") and w.can("SOLD")), None)
    w2 = next((w for w in workers if w.can("ARM") and w is not w1), None)
    if w1 is None or w2 is None:
        return None
    inspector = (
        w1 if w1.can("METROLOGIA") else next((w for w in workers if w.can("METROLOGIA")), None)
    )
    return Cast(w1, w2, inspector) if inspector else None


class ScenarioRunner:
    """Runs the steps of one scenario after another against one deployment and test spool.

    ``current`` is the scenario being run: every step is recorded in it.
    """

    def __init__(
        self, http: ZeuesClient, console: Console, spool: str, fecha: str, cast: Cast | None
    ) -> None:
        self.http, self.console, self.tag, self.fecha, self.cast = http, console, spool, fecha, cast
        self.current: ScenarioResult | None = None

    def step(
        self,
        description: str,
        call: Call,
        expected: tuple[int, ...] = (200,),
        error_code: str | None = None,
    ) -> ApiResult:
        result = self.http.send(call)
        ok = result.status in expected and (error_code is None or result.error_code == error_code)
        error = None if result.ok and ok else result.summary()
        if ok is False and error_code and result.status in expected:
            error = f"{result.summary()} (se esperaba el código {error_code})"
        record = StepResult(
            description,
            f"{call.method} {call.path}",
            list(expected),
            result.status,
            ok,
            round(result.elapsed_ms, 1),
            error,
        )
        assert self.current is not None
        self.current.steps.append(record)
        colour = "green" if ok else "red"
        want = "/".join(str(code) for code in expected)
        detail = f" — [{'dim' if ok else 'red'}]{escape(error)}[/]" if error else ""
        self.console.print(
            f"   [{colour}]{'✔' if ok else '✘'}[/] {escape(description)}: "
            f"[{colour}]{result.status or 'sin respuesta'}[/] (esperado {want}, "
            f"{result.elapsed_ms:.0f} ms){detail}"
        )
        if not ok:
            raise ScenarioFailed(f"{description}: {error or result.summary()}")
        return result

    @property
    def workers(self) -> Cast:
        if self.cast is None:
            raise ScenarioFailed("No hay trabajadores activos con los roles necesarios")
        return self.cast

    def reset(self) -> None:
        self.step(f"Reiniciar {self.tag} (admin)", api.reset_spool(self.tag))

    def arm_and_sold_completed(self) -> None:
        w1 = self.workers.w1
        for op in ("ARM", "SOLD"):
            self.step(f"Preparación: W1 TOMAR {op}", api.tomar(self.tag, w1, op))
            self.step(
                f"Preparación: W1 COMPLETAR {op}", api.completar(self.tag, w1, op, self.fecha)
            )
