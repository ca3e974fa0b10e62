"""Report writing shared by the operator tools: markdown tables, JSON, PNG charts, timestamps."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def stamp() -> str:
    """``YYYYMMDD_HHMMSS`` of the local time, for report file names."""
    return dt.datetime.now().strftime("%Y%m%d_%H%M%S")


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _cell(value: object) -> str:
    text = "—" if value is None or value == "" else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def md_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def md_fields(fields: Sequence[tuple[str, object]]) -> str:
    return "\n".join(f"- **{name}:** {_cell(value)}" for name, value in fields)


def mark(ok: bool | None) -> str:
    return "⏭️" if ok is None else ("✅" if ok else "❌")


def md_criteria(criteria: Iterable[tuple[str, str, str, bool]]) -> str:
    """The verdict table of monitor and loadtest: (name, threshold, observed, ok) per row."""
    return md_table(
        ["Criterio", "Umbral", "Observado", "Estado"],
        [[name, threshold, observed, mark(ok)] for name, threshold, observed, ok in criteria],
    )


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
    return path


def write_json(path: Path, data: Any) -> Path:
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2, default=str))


def write_md_and_json(md_path: Path, markdown: str, data: Any) -> list[Path]:
    """Write a markdown report and its JSON twin (same name, ``.json``) side by side."""
    return [write_text(md_path, markdown), write_json(md_path.with_suffix(".json"), data)]


def line_chart(
    path: Path,
    title: str,
    ylabel: str,
    series: dict[str, list[tuple[dt.datetime, float]]],
    threshold: float | None = None,
    ymax: float | None = None,
) -> Path:
    """Write a PNG line chart of ``series`` (label → points over time) with matplotlib Agg.

    The threshold is drawn only when the data comes within half of it (or ``ymax`` fixes the
    scale); otherwise it goes into the title so the curves stay readable."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(10, 4.5), dpi=100)
    try:
        for label, points in series.items():
            times: Any = [p[0] for p in points]  # matplotlib plots datetimes natively
            if points:
                axis.plot(
                    times,
                    [p[1] for p in points],
                    marker="o",
                    markersize=3,
                    linewidth=1.5,
                    label=label,
                )
        peak = max((p[1] for points in series.values() for p in points), default=0.0)
        if threshold is not None and (ymax is not None or peak >= threshold / 2):
            axis.axhline(
                threshold, color="red", linestyle="--", linewidth=1, label=f"umbral {threshold:g}"
            )
        elif threshold is not None:
            title = f"{title} (umbral {threshold:g} {ylabel}, muy por encima)"
        axis.set_title(title)
        axis.set_ylabel(ylabel)
        axis.set_xlabel("hora")
        axis.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M:%S"))  # type: ignore[no-untyped-call]
        axis.grid(True, alpha=0.3)
        axis.set_ylim(bottom=0, top=ymax)
        if axis.get_legend_handles_labels()[0]:
            axis.legend(loc="upper left", fontsize="small")
        figure.autofmt_xdate()
        figure.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path)
    finally:
        plt.close(figure)
    return path
