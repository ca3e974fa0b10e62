"""The screens' JavaScript as a whole, read as text (no browser): every page loads ES modules
only, every import resolves, no module imports itself round a cycle, common/ depends on no
screen, and no helper is defined twice."""

from __future__ import annotations

import re

import pytest

from zeues.web.pages import PAGES, STATIC, imported_by, imports, render

DYNAMIC_IMPORT = re.compile(r"""\bimport\s*\(""")
# Top-level functions: declarations, and arrow functions bound to a const.
FUNCTION = re.compile(
    r"^(?:export\s+)?(?:(?:async\s+)?function\s+([\w$]+)"
    r"|const\s+([\w$]+)\s*=\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*=>)",
    re.M,
)
EXPORTED = re.compile(r"^export\s+(?:async\s+)?(?:function|const|let|class)\s+([\w$]+)", re.M)
SETTINGS = {"timezone": "America/Santiago", "sse-ping-seconds": "15"}


def modules() -> dict[str, str]:
    """Every module of the screens, by its path under static/ (the vendored Swagger UI aside)."""
    return {
        path.relative_to(STATIC).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(STATIC.rglob("*.js"))
        if path.relative_to(STATIC).parts[0] != "swagger-ui"
    }


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Every import cycle of `graph` found by a depth-first walk, each as the path round it."""
    found: list[list[str]] = []
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> None:
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for target in graph.get(node, []):
            walk(target, [*path, node])
        done.add(node)

    for node in graph:
        walk(node, [])
    return found


def test_the_cycle_finder_finds_a_cycle_and_passes_a_tree() -> None:
    assert cycles({"a": ["b"], "b": ["c"], "c": ["a"]}) == [["a", "b", "c", "a"]]
    assert cycles({"a": ["b", "c"], "b": ["c"], "c": []}) == []


def test_no_module_imports_itself_round_a_cycle_and_every_import_resolves() -> None:
    found = modules()
    graph = {name: imports(name) for name in found}
    missing = [
        (name, target)
        for name, targets in graph.items()
        for target in targets
        if target not in found
    ]
    assert not missing, missing
    assert cycles(graph) == []
    # Imports are static: what a page needs is visible in its <head> and to this test.
    assert not [name for name, text in found.items() if DYNAMIC_IMPORT.search(text)]


def test_the_common_toolkit_imports_nothing_of_a_screen() -> None:
    found = modules()
    for name in found:
        if name.startswith("common/"):
            assert all(t.startswith("common/") for t in imports(name)), name


@pytest.mark.parametrize("relative", sorted(PAGES.values()))
def test_each_page_loads_one_es_module_and_preloads_what_it_imports(relative: str) -> None:
    html = (STATIC / relative).read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) == 1, scripts  # one entry module; it imports the rest
    assert 'type="module"' in scripts[0]
    entry = re.search(r'src="/static/([^"]+)"', scripts[0])
    assert entry is not None
    served = render(html, SETTINGS)
    preloaded = re.findall(r'rel="modulepreload" href="/static/([^"]+)"', served)
    assert preloaded == imported_by(entry.group(1))
    assert {"common/live-stream.js", "common/request.js", "common/format.js"} <= set(preloaded)
    for href in re.findall(r'(?:src|href)="/static/([^"]+)"', served):
        assert (STATIC / href).is_file(), href


def test_a_module_imported_through_another_is_preloaded_too() -> None:
    assert "common/config.js" not in imports("board/board.js")
    assert "common/config.js" in imported_by("board/board.js")  # through format.js


def test_no_helper_is_defined_twice() -> None:
    found = modules()
    defined: dict[str, list[str]] = {}
    for name, text in found.items():
        for declared, arrow in FUNCTION.findall(text):
            defined.setdefault(declared or arrow, []).append(name)
    twice = {f: where for f, where in defined.items() if len(where) > 1}
    assert not twice, twice
    toolkit = {e for n, t in found.items() if n.startswith("common/") for e in EXPORTED.findall(t)}
    assert {"$", "el", "request", "requestJSON", "openLiveStream", "formatDate"} <= toolkit
    for name, text in found.items():
        if name.startswith("common/"):
            continue
        local = set(re.findall(r"^(?:const|let|var|function)\s+([\w$]+)", text, re.M))
        assert not local & toolkit, f"{name} defines again {local & toolkit}"
