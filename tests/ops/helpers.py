"""What the tool tests share: running ``zeues <tool>`` as an operator would, and its reports."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from zeues.cli import app

DEMO_TOKEN = "ops-test-token"  # admin token of the real demo server started by conftest


def run_cli(tool: str, base_url: str, report_dir: Path | None = None, **options: object) -> Result:
    """``zeues <tool> --base-url <base_url> [--report-dir <report_dir>]`` plus ``options`` as
    flags (``sse_clients=3`` → ``--sse-clients 3``), run as an operator would."""
    argv = [tool, "--base-url", base_url]
    if report_dir is not None:
        argv += ["--report-dir", str(report_dir)]
    for name, value in options.items():
        argv += [f"--{name.replace('_', '-')}", str(value)]
    # The tool runs inside the pytest process here, whose heap holds the whole suite: a full
    # garbage collection of it can stall the tool's event loop for over a second (seen as a
    # 1.5 s SSE p99 against a healthy stub). An operator's `zeues` process starts empty, so
    # the suite's objects are frozen out of the collector while the tool runs.
    gc.collect()
    gc.freeze()
    try:
        return CliRunner().invoke(app, argv, catch_exceptions=False)
    finally:
        gc.unfreeze()


def only(report_dir: Path, pattern: str) -> Path:
    """The one report file of ``pattern`` in ``report_dir`` (a second one is a failure)."""
    files = sorted(report_dir.glob(pattern))
    assert len(files) == 1, files
    return files[0]


def report(report_dir: Path, pattern: str) -> Any:
    """The JSON report of ``pattern`` in ``report_dir``."""
    return json.loads(only(report_dir, pattern).read_text(encoding="utf-8"))
