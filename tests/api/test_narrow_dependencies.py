"""Routes depend on the narrow things they use (issue 18): no route, and no dependency of a
route, receives the whole Container; only api/deps.py opens it. The import contract in
pyproject.toml keeps `zeues.container` out of the route modules; this checks what FastAPI
actually injects, and that no route reaches the container through the request."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_type_hints

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from zeues.api import routes
from zeues.container import Container

NARROW = {"_write", "Reads", "ShopClock", "Probes", "LiveStream", "Transfer"}


def _injected(dependant: Dependant) -> Iterator[Any]:
    """Every callable FastAPI calls to build a route's arguments, at any depth."""
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _injected(sub)


def _api_routes() -> list[APIRoute]:
    found = []
    for info in pkgutil.iter_modules(routes.__path__):
        module = importlib.import_module(f"{routes.__name__}.{info.name}")
        found += [r for r in module.router.routes if isinstance(r, APIRoute)]
    return found


def test_no_route_or_dependency_receives_the_container() -> None:
    api_routes = _api_routes()
    assert len(api_routes) > 30
    handed: set[str] = set()
    for route in api_routes:
        hints = get_type_hints(route.endpoint)
        assert Container not in hints.values(), route.path
        for call in _injected(route.dependant):
            returned = get_type_hints(call).get("return")
            assert returned is not Container, (route.path, call)
            handed.add(
                returned.__name__ if inspect.isclass(returned) else getattr(call, "__name__", "")
            )
    assert handed >= NARROW  # every narrow dependency is in use


def test_route_modules_never_reach_the_container_through_the_request() -> None:
    folder = Path(routes.__file__).parent
    for module in folder.glob("*.py"):
        text = module.read_text()
        assert "app.state" not in text and "Container" not in text, module.name
