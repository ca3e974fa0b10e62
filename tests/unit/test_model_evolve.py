"""Spool.evolve: a changed copy, the original untouched, unknown fields refused."""

from __future__ import annotations

import pytest

from tests.unit.builders import fresh
from zeues.domain.model import EstadoOp


def test_evolve_returns_a_changed_copy_and_leaves_the_original() -> None:
    before = fresh()
    after = before.evolve(arm=EstadoOp.EN_PROGRESO, version=2)
    assert (after.arm, after.version, after.tag_spool) == (EstadoOp.EN_PROGRESO, 2, "TEST-01")
    assert (before.arm, before.version) == (EstadoOp.PENDIENTE, 1)
    assert after == fresh(arm=EstadoOp.EN_PROGRESO, version=2)
    assert hash(after) == hash(fresh(arm=EstadoOp.EN_PROGRESO, version=2))


def test_evolve_refuses_a_field_the_spool_does_not_have() -> None:
    with pytest.raises(TypeError, match="armadr"):
        fresh().evolve(armadr="AA(1)")
