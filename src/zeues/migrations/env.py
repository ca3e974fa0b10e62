"""Alembic environment: ZEUES passes an open connection through `config.attributes`."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from zeues.adapters.sql.tables import metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations(context.config.attributes["connection"])
