"""Spools keep the spreadsheet columns ZEUES does not know (issue 11: import/export).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no default: instant on both SQLite and PostgreSQL, whatever the table size.
    with op.batch_alter_table("spools") as batch:
        batch.add_column(sa.Column("extra", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("spools") as batch:
        batch.drop_column("extra")
