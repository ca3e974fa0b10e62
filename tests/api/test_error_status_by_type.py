"""Domain errors map to HTTP statuses by class hierarchy: every domain error has a status (never
the 500 of a class missing from the table) and is named in the OpenAPI document, and a new
subclass answers like the class it refines."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zeues.api.errors import domain_answer, domain_errors, status_for, status_of
from zeues.asgi import make_app
from zeues.config import Settings
from zeues.domain import errors as e


def _app_errors() -> list[type[e.DomainError]]:
    # Only the application's own classes: ad-hoc subclasses made by tests live elsewhere.
    return [kind for kind in domain_errors() if kind.__module__.startswith("zeues.")]


@pytest.fixture(scope="module")
def described(tmp_path_factory: pytest.TempPathFactory) -> dict[int, set[str]]:
    """Per status, every error code an OpenAPI error response of the app names."""
    folder: Path = tmp_path_factory.mktemp("openapi")
    doc: dict[str, Any] = make_app(Settings(data_dir=folder)).openapi()
    codes: dict[int, set[str]] = {}
    for path in doc["paths"].values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                if status.isdigit() and int(status) >= 400:
                    names = response.get("description", "").split(" / ")
                    codes.setdefault(int(status), set()).update(names)
    return codes


def test_the_walk_finds_the_domain_errors() -> None:
    found = _app_errors()
    assert e.SpoolOcupado in found
    assert e.ArchivoDemasiadoGrande in found
    assert e.DomainError not in found


@pytest.mark.parametrize("kind", _app_errors(), ids=lambda kind: kind.__name__)
def test_every_domain_error_has_a_status_and_an_openapi_description(
    kind: type[e.DomainError], described: dict[int, set[str]]
) -> None:
    status = status_for(kind)
    assert 400 <= status < 500
    assert kind.code in described.get(status, set()), (kind.__name__, status)


def test_a_new_subclass_answers_with_its_parents_status() -> None:
    class OcupadoPorOtroTurno(e.SpoolOcupado):
        code = "OCUPADO_POR_OTRO_TURNO"

    error = OcupadoPorOtroTurno("Ocupado por el turno de la noche.")
    assert status_of(error) == 409
    status, content = domain_answer(error, ZoneInfo("UTC"))
    assert status == 409
    assert content["error"] == "OCUPADO_POR_OTRO_TURNO"


def test_an_unlisted_direct_subclass_is_a_400_not_a_500() -> None:
    class ReglaNueva(e.DomainError):
        code = "REGLA_NUEVA"

    assert status_of(ReglaNueva("Una regla que la tabla aún no conoce.")) == 400
    assert status_for(e.DomainError) == 400
