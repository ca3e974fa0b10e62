"""``zeues e2e``: the eight production smoke scenarios of CONTRACT §6, repeatable on any deployment.

This module runs them and prints the summary; the scenarios are in
:mod:`zeues.ops.e2e.scenarios` and the markdown report in :mod:`zeues.ops.e2e.report`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from rich.console import Console

from zeues.ops import calls as api
from zeues.ops.client import ZeuesClient, needs_sessions, parse_workers, server_date
from zeues.ops.e2e.scenarios import SCENARIOS, UNION_SCENARIO
from zeues.ops.e2e.steps import (
    Cast,
    ScenarioFailed,
    ScenarioResult,
    ScenarioRunner,
    choose_workers,
)
from zeues.ops.report import now_iso
from zeues.ops.sessions import SessionsRefused, open_sessions


@dataclass
class E2EResult:
    base_url: str
    spool: str
    started_at: str
    admin: bool
    redis: str = ""
    workers: dict[str, str] = field(default_factory=dict)
    scenarios: list[ScenarioResult] = field(default_factory=list)
    duration_s: float = 0.0
    total: int = len(SCENARIOS)  # scenarios to run: 8, or 9 with --uniones

    @property
    def passed(self) -> int:
        return sum(1 for s in self.scenarios if s.status == "PASS")

    @property
    def verdict(self) -> str:
        if self.passed == self.total == len(self.scenarios):
            return "STABLE"
        if any(s.status == "FAIL" for s in self.scenarios):
            return "UNSTABLE"
        return "INCOMPLETE"

    @property
    def exit_code(self) -> int:
        return {"STABLE": 0, "INCOMPLETE": 2}.get(self.verdict, 1)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            passed=self.passed,
            verdict=self.verdict,
            success_rate=round(100 * self.passed / self.total, 1),
        )
        return data


def run_scenario(
    runner: ScenarioRunner,
    number: int,
    name: str,
    writes: bool,
    body: Callable[[ScenarioRunner], None],
    admin: bool,
    total: int = len(SCENARIOS),
) -> ScenarioResult:
    scenario = ScenarioResult(number, name)
    runner.current = scenario
    runner.console.print(f"[bold]Escenario {number}/{total}:[/] {name}")
    if writes and not admin:
        scenario.status = "SKIP"
        scenario.note = "Omitido: modifica el spool de prueba y requiere --admin-token"
        runner.console.print(f"   [yellow]⏭ {scenario.note}[/]")
        return scenario
    start = time.perf_counter()
    try:
        if admin:
            runner.reset()
        body(runner)
    except ScenarioFailed as exc:
        scenario.status = "FAIL"
        scenario.note = str(exc)
    scenario.duration_s = round(time.perf_counter() - start, 3)
    return scenario


class E2ENotStarted(Exception):
    """The server did not answer at all: no scenario can run, so none is attempted."""


def precheck_reachable(http: ZeuesClient, base_url: str) -> None:
    """Before any scenario: a server that does not answer ends the run as "no pudo empezar"
    instead of every scenario failing on the same refused connection."""
    result = http.send(api.health_live())
    if result.status == 0:
        raise E2ENotStarted(
            f"No pudo empezar: {base_url} no responde ({result.transport_error}); "
            "revise --base-url y que el servidor esté en marcha"
        )


def precheck_redis(http: ZeuesClient, console: Console) -> str:
    """CONTRACT §6: check ``/api/redis-health`` first; warn, never stop."""
    result = http.send(api.redis_health())
    status = str(result.get("status", "")) if result.ok else ""
    if status == "healthy":
        console.print(f"[green]✔ Redis saludable[/] ({result.get('latency_ms')} ms)")
    elif status == "disabled":
        console.print("[cyan]ℹ Redis no está configurado en este despliegue (bus en proceso)[/]")
    else:
        status = status or f"error HTTP {result.summary()}"
        console.print(
            f"[yellow]⚠ AVISO: Redis no está saludable: {status} "
            f"{result.get('message') or ''} — se continúa con las pruebas[/]"
        )
    return status


def run_e2e(
    base_url: str,
    spool: str,
    admin_token: str | None,
    console: Console,
    uniones: bool = False,
) -> E2EResult:
    """`uniones`: also the union scenario (issue 21) after the eight of CONTRACT §6."""
    started = time.perf_counter()
    chosen = [*SCENARIOS, *([UNION_SCENARIO] if uniones else [])]
    result = E2EResult(base_url, spool, now_iso(), admin=bool(admin_token), total=len(chosen))
    with ZeuesClient(base_url, admin_token) as http:
        console.rule(f"[bold]ZEUES e2e[/] → {base_url} (spool {spool})")
        precheck_reachable(http, base_url)
        if not admin_token:
            console.print(
                "[yellow]⚠ Sin --admin-token: no se puede reiniciar el spool de prueba; "
                "solo se ejecutan los escenarios de lectura (4, 5, 6).[/]"
            )
        result.redis = precheck_redis(http, console)
        cast = choose_workers(parse_workers(http.send(api.workers())))
        if cast:
            result.workers = {
                "W1": cast.w1.nombre_completo,
                "W2": cast.w2.nombre_completo,
                "METROLOGIA": cast.inspector.nombre_completo,
            }
            console.print(
                f"Trabajadores: W1={cast.w1.nombre_completo}, "
                f"W2={cast.w2.nombre_completo}, "
                f"metrología={cast.inspector.nombre_completo}"
            )
            _sessions(http, cast, admin_token, console)
        else:
            console.print("[red]✘ No se encontraron trabajadores activos con roles ARM/SOLD[/]")
        runner = ScenarioRunner(http, console, spool, server_date(http.send(api.health())), cast)
        for number, name, writes, body in chosen:
            result.scenarios.append(
                run_scenario(runner, number, name, writes, body, bool(admin_token), len(chosen))
            )
    result.duration_s = round(time.perf_counter() - started, 2)
    _print_summary(result, console)
    return result


def _sessions(http: ZeuesClient, cast: Cast, admin_token: str | None, console: Console) -> None:
    """Where the floor asks for each worker's PIN, a test session per worker (admin token)."""
    if not admin_token:
        if needs_sessions(http.send(api.acceso())):
            console.print(
                "[yellow]⚠ El taller exige la sesión de cada trabajador (ZEUES_FLOOR_AUTH) y "
                "sin --admin-token no se pueden abrir: las acciones responderán 401.[/]"
            )
        return
    try:
        if open_sessions(http, {cast.w1, cast.w2, cast.inspector}):
            console.print("Sesiones de prueba abiertas con el token (ZEUES_FLOOR_AUTH exige PIN)")
    except SessionsRefused as exc:
        console.print(f"[red]✘ {exc}[/]")


def _print_summary(result: E2EResult, console: Console) -> None:
    colour = {"STABLE": "green", "INCOMPLETE": "yellow"}.get(result.verdict, "red")
    console.rule()
    for scenario in result.scenarios:
        tint = {"PASS": "green", "SKIP": "yellow"}.get(scenario.status, "red")
        console.print(
            f"  [{tint}]{scenario.status:4}[/] {scenario.number}. {scenario.name}"
            + (f" — {scenario.note}" if scenario.status == "FAIL" else "")
        )
    console.print(
        f"[bold {colour}]Resultado: {result.passed}/{result.total} escenarios OK "
        f"— veredicto {result.verdict}[/] ({result.duration_s:.1f} s)"
    )
