"""The served application from settings: bootstrap builds the container, the API serves it.
Kept outside zeues.api so the API never imports the composition root (and its adapters)."""

from __future__ import annotations

from fastapi import FastAPI

from zeues.api.app import create_app
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.container import utcnow
from zeues.services.ports import Clock


def make_app(settings: Settings | None = None, *, clock: Clock = utcnow) -> FastAPI:
    settings = settings or Settings()
    problem = settings.floor_auth_problem()
    if problem is not None:  # a server started without `zeues serve` refuses the same way
        raise RuntimeError(problem)
    return create_app(build(settings, clock=clock))


def factory() -> FastAPI:
    """Entry point for `uvicorn --factory zeues.asgi:factory` (settings from env)."""
    return make_app()
