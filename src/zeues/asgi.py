"""The served application from settings: bootstrap builds the container, the API serves it.
Kept outside zeues.api so the API never imports the composition root (and its adapters)."""

from __future__ import annotations

from fastapi import FastAPI

from zeues.api.app import create_app
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.container import utcnow
from zeues.services.ports import Clock


def make_app(
    settings: Settings | None = None, *, clock: Clock = utcnow, scheduled_backups: bool = False
) -> FastAPI:
    container = build(settings or Settings(), clock=clock, scheduled_backups=scheduled_backups)
    return create_app(container)


def factory() -> FastAPI:
    """Entry point for `uvicorn --factory zeues.asgi:factory` (settings from env): the process
    `zeues serve` runs, which also takes the periodic backups."""
    return make_app(scheduled_backups=True)
