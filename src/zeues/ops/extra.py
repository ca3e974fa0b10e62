"""The libraries only the tools need, installed by the ``zeues[ops]`` extra.

A core install serves the API without them (matplotlib alone brings numpy, pillow and fonttools,
about 170 MB). A tool checks its own before it starts, so a missing one is one Spanish line and
exit code 2 instead of a traceback, possibly at the end of a two-hour monitor run.
"""

from __future__ import annotations

import importlib

import typer
from rich.console import Console

# Import name → the name pip knows it by, which is what the operator has to install.
DISTRIBUTIONS = {"hdrh": "hdrhistogram", "httpx_sse": "httpx-sse", "matplotlib": "matplotlib"}


def missing(*modules: str) -> list[str]:
    """The distributions of ``modules`` that cannot be imported, in the order given."""
    absent: list[str] = []
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            absent.append(DISTRIBUTIONS.get(module, module))
    return absent


def require(tool: str, *modules: str) -> None:
    """Stop ``zeues <tool>`` with exit code 2 when one of ``modules`` is not installed."""
    absent = missing(*modules)
    if not absent:
        return
    names = ", ".join(f"'{name}'" for name in absent)
    what = "falta la biblioteca" if len(absent) == 1 else "faltan las bibliotecas"
    Console(stderr=True).print(
        f'zeues {tool}: {what} {names}; instale las herramientas con: pip install "zeues[ops]"',
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(2)
