"""The screens' JavaScript as a whole, read as text (no browser): every page loads ES modules
only, every import resolves, no module imports itself round a cycle, common/ depends on no
screen, and no helper is defined twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zeues.web.pages import PAGES, STATIC

IMPORT = re.compile(r"""^import\s*(?:[^;"'()]*?\bfrom\s*)?["']([^"']+)["']""", re.M | re.S)
DYNAMIC_IMPORT = re.compile(r"""\bimport\s*\(""")
# Top-level functions: declarations, and arrow functions bound to a const.
FUNCTION = re.compile(
    r"^(?:export\s+)?(?:(?:async\s+)?function\s+([\w$]+)"
    r"|const\s+([\w$]+)\s*=\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*=>)",
    re.M,
)
EXPORTED = re.compile(r"^export\s+(?:async\s+)?(?:function|const|let|class)\s+([\w$]+)", re.M)


def modules() -> dict[str, str]:
    """Every module of the screens, by its path under static/ (the vendored Swagger UI aside)."""
    return {
        path.relative_to(STATIC).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(STATIC.rglob("*.js"))
        if path.relative_to(STATIC).parts[0] != "swagger-ui"
    }


def imports(name: str, text: str) -> list[str]:
    """The modules `name` imports, as paths under static/."""
    found = []
    for target in IMPORT.findall(text):
        if target.startswith("/static/"):
            found.append(target.removeprefix("/static/"))
        else:
            found.append((Path(name).parent / target).as_posix())
    return [_normalise(p) for p in found]


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


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
    graph = {name: imports(name, text) for name, text in found.items()}
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
    for name, text in found.items():
        if name.startswith("common/"):
            assert all(t.startswith("common/") for t in imports(name, text)), name


@pytest.mark.parametrize("relative", sorted(PAGES.values()))
def test_each_page_loads_only_es_modules_and_preloads_files_that_exist(relative: str) -> None:
    html = (STATIC / relative).read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) == 1, scripts  # one entry module; it imports the rest
    assert 'type="module"' in scripts[0]
    for href in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert (STATIC / href).is_file(), href
    entry = re.search(r'src="/static/([^"]+)"', scripts[0])
    assert entry is not None
    preloaded = set(re.findall(r'rel="modulepreload" href="/static/([^"]+)"', html))
    needed = _reachable(entry.group(1)) - {entry.group(1)}
    assert preloaded == needed, "modulepreload must list exactly what the entry module imports"


def _reachable(start: str) -> set[str]:
    """`start` and every module it imports, directly or not."""
    found = modules()
    seen: set[str] = set()
    stack = [start]
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(imports(name, found[name]))
    return seen


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
