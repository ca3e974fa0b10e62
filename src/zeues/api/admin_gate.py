"""The admin token check, shared by the admin routes' dependency (api/deps.py) and by the
intake (api/intake.py), which must refuse an upload before reading its body. Wrong tokens are
logged and, past a few from one address, answered 429 for a while (issue 19): a LAN guesser
gets a handful of tries a minute, not thousands a second."""

from __future__ import annotations

import hmac
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from zeues.api.errors import AuthError

log = logging.getLogger(__name__)

# Addresses remembered at once: a flood from many addresses costs bounded memory (the oldest
# are forgotten first).
MAX_ADDRESSES = 10_000


@dataclass
class AdminGate:
    token: str
    max_failures: int = 10
    lockout_seconds: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _failures: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict)

    def check(self, authorization: str | None, address: str) -> None:
        """Raises AuthError: 401 without a bearer token, 429 while `address` is locked out
        (even with the right token: a guesser must not learn it hit), 403 for a wrong one."""
        now = self.clock()
        recent = self._recent(address, now)
        if recent is not None and len(recent) >= self.max_failures:
            wait = max(1, round(recent[0] + self.lockout_seconds - now))
            raise AuthError(
                429,
                "DEMASIADOS_INTENTOS",
                f"Demasiados intentos con un token de administración incorrecto desde esta "
                f"dirección. Espere {wait} s y revise el token (`zeues admin-token` en el "
                "servidor lo muestra).",
                retry_after=wait,
            )
        scheme, _, credentials = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise AuthError(
                401,
                "UNAUTHENTICATED",
                "Falta el token de administración (Authorization: Bearer ...).",
            )
        if hmac.compare_digest(credentials.strip().encode(), self.token.encode()):
            return
        self._failed(address, now)
        raise AuthError(403, "FORBIDDEN", "El token de administración no es válido.")

    def _recent(self, address: str, now: float) -> deque[float] | None:
        found = self._failures.get(address)
        if found is None:
            return None
        while found and found[0] <= now - self.lockout_seconds:
            found.popleft()
        if not found:
            del self._failures[address]
            return None
        return found

    def _failed(self, address: str, now: float) -> None:
        found = self._failures.setdefault(address, deque())
        self._failures.move_to_end(address)
        found.append(now)
        while len(self._failures) > MAX_ADDRESSES:
            self._failures.popitem(last=False)
        # At most max_failures lines per address and window: the lockout stops the rest.
        if len(found) < self.max_failures:
            log.warning(
                "Token de administración incorrecto desde %s (%d en %g s)",
                address,
                len(found),
                self.lockout_seconds,
            )
        else:
            log.warning(
                "Token de administración incorrecto desde %s: %d intentos en %g s; se "
                "responde 429 a esa dirección durante %g s",
                address,
                len(found),
                self.lockout_seconds,
                self.lockout_seconds,
            )
