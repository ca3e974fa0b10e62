"""Markdown report of a ``zeues e2e`` run: verdict, coverage and every step of every scenario."""

from __future__ import annotations

from zeues.ops.e2e.run import E2EResult
from zeues.ops.e2e.scenarios import COVERAGE, UNION_COVERAGE
from zeues.ops.report import mark, md_fields, md_table


def render_markdown(result: E2EResult) -> str:
    total = result.total
    lines = [
        "# Informe de pruebas E2E — ZEUES",
        "",
        md_fields(
            [
                ("Fecha", result.started_at),
                ("Destino", result.base_url),
                ("Spool de prueba", result.spool),
                ("Trabajadores", ", ".join(f"{k}={v}" for k, v in result.workers.items())),
                ("Token de administración", "sí" if result.admin else "no (solo lectura)"),
                ("Redis (pre-chequeo)", result.redis),
                ("Duración", f"{result.duration_s:.1f} s"),
            ]
        ),
        "",
        f"## Veredicto: **{result.verdict}** — {result.passed}/{total} escenarios "
        f"({100 * result.passed / total:.0f} % de éxito)",
        "",
        md_table(
            ["#", "Escenario", "Estado", "Códigos HTTP", "Duración", "Nota"],
            [
                [
                    s.number,
                    s.name,
                    f"{mark(_ok(s.status))} {s.status}",
                    " ".join(str(c) for c in s.codes),
                    f"{s.duration_s:.2f} s",
                    s.note,
                ]
                for s in result.scenarios
            ],
        ),
        "",
        "## Cobertura",
        "",
    ]
    by_number = {s.number: s.status for s in result.scenarios}
    ran = {s.number for s in result.scenarios}
    for label, numbers in [*COVERAGE, *([UNION_COVERAGE] if 9 in ran else [])]:
        done = all(by_number.get(n) == "PASS" for n in numbers)
        lines.append(f"- [{'x' if done else ' '}] {label}")
    lines += ["", "## Detalle por escenario"]
    for s in result.scenarios:
        lines += ["", f"### {s.number}. {s.name} — {s.status}", ""]
        if not s.steps:
            lines.append(s.note or "Sin pasos ejecutados.")
            continue
        lines.append(
            md_table(
                ["Paso", "Petición", "Esperado", "Recibido", "ms", "Error"],
                [
                    [
                        p.description,
                        p.request,
                        "/".join(map(str, p.expected)),
                        f"{mark(p.ok)} {p.status}",
                        p.elapsed_ms,
                        p.error,
                    ]
                    for p in s.steps
                ],
            )
        )
    return "\n".join(lines)


def _ok(status: str) -> bool | None:
    return None if status == "SKIP" else status == "PASS"
