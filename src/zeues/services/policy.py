"""The shop's policy values the use cases apply, set once at start (bootstrap) from settings:
routes never pass them."""

from __future__ import annotations

from dataclasses import dataclass

from zeues.domain.unions import DEFAULT_TIPOS_SOLD


@dataclass(frozen=True)
class Policy:
    lease_ttl_seconds: int = 3600  # how long a TOMAR holds a spool without news
    test_spool_pattern: str = "TEST-*"  # spools a supervisor may reset (fnmatch pattern)
    tipos_sold: frozenset[str] = DEFAULT_TIPOS_SOLD  # union types that need SOLD
