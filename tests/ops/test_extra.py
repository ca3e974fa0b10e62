"""The tools' optional libraries (``zeues[ops]``): a missing one is one line and exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.ops.helpers import run_cli

HINT = 'instale las herramientas con: pip install "zeues[ops]"'
# A core install: the libraries of the extra cannot be imported (None in sys.modules).
CORE_INSTALL = """
import sys
sys.modules.update(dict.fromkeys(["hdrh", "httpx_sse", "matplotlib"]))
from zeues.cli import main
main()
"""


@pytest.mark.parametrize(
    ("tool", "absent", "line"),
    [
        ("monitor", ["matplotlib"], "zeues monitor: falta la biblioteca 'matplotlib'"),
        ("monitor", ["hdrh"], "zeues monitor: falta la biblioteca 'hdrhistogram'"),
        (
            "monitor",
            ["hdrh", "matplotlib"],
            "zeues monitor: faltan las bibliotecas 'hdrhistogram', 'matplotlib'",
        ),
        ("loadtest", ["httpx_sse"], "zeues loadtest: falta la biblioteca 'httpx-sse'"),
    ],
)
def test_a_tool_names_the_missing_library_and_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tool: str, absent: list[str], line: str
) -> None:
    for module in absent:
        monkeypatch.setitem(sys.modules, module, None)
    result = run_cli(tool, "http://127.0.0.1:9", duration="1s")
    assert result.exit_code == 2
    assert result.stderr == f"{line}; {HINT}\n" and result.stdout == ""


@pytest.mark.parametrize(
    ("tool", "code", "stderr"),
    [
        (
            "loadtest",
            2,
            f"zeues loadtest: faltan las bibliotecas 'hdrhistogram', 'httpx-sse'; {HINT}\n",
        ),
        ("e2e", 3, ""),  # e2e needs nothing of the extra: it runs, and finds no server
    ],
)
def test_the_command_line_loads_without_the_extra(tool: str, code: int, stderr: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CORE_INSTALL, tool, "--base-url", "http://127.0.0.1:9"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (code, stderr), done.stdout
