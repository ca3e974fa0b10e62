"""Issue 19, item 7: ZEUES_ENVIRONMENT is one of a few names in any case, anything else refused
at load (never silently development); the admin token is trimmed and, in production, refused
when guessable."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from zeues.config import Settings, setting_errors

DB = "sqlite:///:memory:"
STRONG = "k3J9-qZt_w81LmXa"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Production", "production"),
        ("PRODUCTION ", "production"),
        ("Development", "development"),
        ("test", "test"),
    ],
)
def test_the_environment_is_read_in_any_case(given: str, expected: str) -> None:
    assert Settings(environment=given, database_url=DB).environment == expected


@pytest.mark.parametrize("given", ["prod", "produccion", "staging", ""])
def test_an_unknown_environment_is_refused_with_the_names_to_use(given: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(environment=given, database_url=DB)
    text = setting_errors(refused.value)
    assert text.startswith("ZEUES_ENVIRONMENT:")
    assert "development, production, test" in text


def test_production_in_capitals_is_production_with_its_defaults() -> None:
    found = Settings(environment="Production", database_url=DB, admin_token=STRONG)
    assert found.origins == []  # no development CORS origins


@pytest.mark.parametrize(
    ("token", "why"),
    [
        ("abc12", "al menos 16 caracteres"),
        ("a" * 32, "caracteres distintos"),
        ("abab" * 8, "caracteres distintos"),
        (" " * 16, "solo espacios"),
        ("\t\n  ", "solo espacios"),
    ],
)
def test_a_weak_token_is_refused_in_production(token: str, why: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(environment="PRODUCTION", database_url=DB, admin_token=token)
    assert why in setting_errors(refused.value)


def test_a_token_is_trimmed() -> None:
    found = Settings(environment="production", database_url=DB, admin_token=f"  {STRONG}\n")
    assert found.admin_token is not None
    assert found.admin_token.get_secret_value() == STRONG


def test_a_short_token_is_accepted_in_development() -> None:
    found = Settings(environment="development", database_url=DB, admin_token=" dev ")
    assert found.admin_token is not None
    assert found.admin_token.get_secret_value() == "dev"
