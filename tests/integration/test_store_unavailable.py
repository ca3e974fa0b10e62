"""The SQL adapter answers "the database cannot serve now" with the service-level
StoreUnavailable (the API maps it to 503), whatever the driver raised; other database errors
keep their own type."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from zeues.adapters.sql.engine import make_engine
from zeues.asgi import make_app
from zeues.config import Settings
from zeues.services.ports import StoreUnavailable


def _settings(tmp_path: Path, **extra: object) -> Settings:
    url = f"sqlite:///{tmp_path}/zeues.db"
    return Settings(data_dir=str(tmp_path), database_url=url, **extra)  # type: ignore[arg-type]


def test_an_operational_error_leaves_the_engine_as_store_unavailable(tmp_path: Path) -> None:
    engine = make_engine(_settings(tmp_path))
    try:
        with (
            pytest.raises(StoreUnavailable, match="no such table") as raised,
            engine.connect() as conn,
        ):
            conn.execute(text("SELECT * FROM nowhere"))
        assert raised.value.__cause__ is not None  # the driver's error, for the log
    finally:
        engine.dispose()


def test_a_constraint_violation_keeps_its_own_type(tmp_path: Path) -> None:
    engine = make_engine(_settings(tmp_path))
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
    finally:
        engine.dispose()


def test_no_free_connection_in_time_is_store_unavailable(tmp_path: Path) -> None:
    settings = _settings(tmp_path, db_pool_size=1, db_max_overflow=0, db_pool_timeout=0.1)
    engine = make_engine(settings)
    try:
        with engine.connect(), pytest.raises(StoreUnavailable), engine.connect():
            pass
    finally:
        engine.dispose()


def test_a_failing_store_answers_503_through_the_app(tmp_path: Path) -> None:
    app = make_app(_settings(tmp_path))
    with TestClient(app, raise_server_exceptions=False) as client:
        with app.state.container.store.engine.begin() as conn:
            conn.execute(text("ALTER TABLE spools RENAME TO spools_gone"))
        response = client.get("/api/spools/TEST-01")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.json()["error"] == "BASE_DE_DATOS_NO_DISPONIBLE"
