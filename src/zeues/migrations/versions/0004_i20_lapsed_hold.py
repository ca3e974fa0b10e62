"""Spools remember the last hold that lapsed and that someone else then moved on, so its worker
is told 410 (issue 20: holds that follow the work, CONTRACT §1.2).

Revision ID: 0004_i20
Revises: 0003_i18
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zeues.adapters.sql.tables import UTCDateTime

revision = "0004_i20"
down_revision = "0003_i18"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no default: instant on both SQLite and PostgreSQL, whatever the table size.
    with op.batch_alter_table("spools") as batch:
        batch.add_column(sa.Column("lapsed_worker_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("lapsed_operacion", sa.String(20), nullable=True))
        batch.add_column(sa.Column("lapsed_at", UTCDateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("spools") as batch:
        batch.drop_column("lapsed_at")
        batch.drop_column("lapsed_operacion")
        batch.drop_column("lapsed_worker_id")
