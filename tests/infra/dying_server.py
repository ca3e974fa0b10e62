"""A ZEUES server that dies, SIGKILL and no cleanup, right after a command on one spool has
committed and before its HTTP answer is sent: the crash the Idempotency-Key must survive.

Test-only, and nothing in the production code knows about it: it builds the app as `zeues
serve` does and wraps the event bus, which the command path calls after the commit and before
the answer (services/commands.py).

    python -m tests.infra.dying_server PORT TAG     (settings from the ZEUES_* environment)"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence

import uvicorn

from zeues.api.app import create_app
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.domain.model import AuditEvent
from zeues.services.ports import EventBus


class DiesAfterCommit:
    def __init__(self, bus: EventBus, tag: str) -> None:
        self.bus, self.tag = bus, tag

    def publish(self, events: Sequence[AuditEvent]) -> None:
        if any(event.tag_spool == self.tag for event in events):
            os.kill(os.getpid(), signal.SIGKILL)
        self.bus.publish(events)


def main() -> None:
    port, tag = int(sys.argv[1]), sys.argv[2]
    container = build(Settings())
    container.commands.bus = DiesAfterCommit(container.commands.bus, tag)
    uvicorn.run(create_app(container), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
